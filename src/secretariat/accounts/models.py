import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    def _create_user(self, username, email, password, **extra):
        # The login is the email; `username` is kept only because AbstractUser has it.
        return super()._create_user(email, email, password, **extra)

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, email, password, **extra)

    def create_superuser(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, email, password, **extra)


class User(AbstractUser):
    """A sign-in. The human behind it, with affiliation and roles, is a regions.Person."""

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = EmailUserManager()

    def save(self, *args, **kwargs):
        self.username = self.email
        super().save(*args, **kwargs)

    @property
    def is_claimed(self) -> bool:
        """Someone holds this sign-in: a password is set or it has been used. From then on
        only its holder changes its address or password (decision 0002)."""
        return self.has_usable_password() or self.last_login is not None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccessToken(models.Model):
    """A personal access token for the API. Only its hash is stored."""

    PREFIX = "sec_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access token")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user, name) -> tuple["AccessToken", str]:
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=_digest(secret), hint=secret[:8])
        return token, secret

    @classmethod
    def find(cls, secret: str):
        return (
            cls.objects.filter(
                digest=_digest(secret), revoked_at__isnull=True, user__is_active=True
            )
            .select_related("user")
            .first()
        )


class Invitation(models.Model):
    """A mailed link that lets a person activate their account and set a password."""

    person = models.ForeignKey(
        "regions.Person", on_delete=models.CASCADE, related_name="invitations"
    )
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")

    def __str__(self):
        return f"{self.person} ({self.created_at:%Y-%m-%d})"

    @staticmethod
    def digest_of(key: str) -> str:
        return _digest(key)

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class CalendarFeed(models.Model):
    """A secret address from which a calendar program reads the user's meetings.

    Only the hash of the secret is stored; the address is shown once, when made.
    Making a new one revokes the earlier ones.
    """

    PREFIX = "cal_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"{self.user} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user) -> tuple["CalendarFeed", str]:
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        feed = cls.objects.create(user=user, digest=_digest(secret), hint=secret[:8])
        return feed, secret

    @classmethod
    def find(cls, secret: str):
        return (
            cls.objects.filter(
                digest=_digest(secret), revoked_at__isnull=True, user__is_active=True
            )
            .select_related("user")
            .first()
        )

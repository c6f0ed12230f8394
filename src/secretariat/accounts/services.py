"""Every write to accounts: invitations, activation, preferences and API tokens."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.mail import mail_queue
from secretariat.core.permissions import service, user_of
from secretariat.regions import services as region_services
from secretariat.regions.models import Role

from .models import AccessToken, CalendarFeed, Invitation, User


@service("accounts.invite_person", on="person")
@transaction.atomic
def person_invite(*, person, by, language="en") -> Invitation:
    """Mail `person` a link to set the password of their new sign-in; earlier links stop working.

    Only a sign-in nobody holds yet is offered: an invitation never touches an account its
    holder uses. Until then its address follows the person's contact address (a mistyped one
    can be corrected and the invitation sent again); the mail goes to the sign-in address.
    """
    if not person.email:
        raise ValidationError(_("This person has no email address to invite."))
    if not person.is_active:
        raise ValidationError(_("This person has left; reactivate them before inviting."))
    user = person.user
    if user is not None and user.is_claimed:
        raise ValidationError(
            _(
                "%(name)s already signs in. Only they change their sign-in address or password "
                "(a forgotten password is reset from the sign-in page)."
            )
            % {"name": person}
        )
    taken = User.objects.filter(email__iexact=person.email)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError(_("Another person already signs in with this email."))
    if user is None:
        user = User.objects.create_user(email=person.email, language=language)
        user.set_unusable_password()
        user.save()
        person.user = user
        person.save(update_fields=["user"])
    elif user.email != person.email:
        user.email = person.email
        user.save(update_fields=["email", "username"])
    person.invitations.filter(accepted_at__isnull=True).update(expires_at=timezone.now())
    key = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        digest=Invitation.digest_of(key),
        invited_by=user_of(by),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    link = settings.SITE_URL + reverse("accounts:invitation-accept", args=[key])
    mail_queue(
        to=user.email,
        template="accounts/mail/invitation.txt",
        language=user.language,
        context={
            "person": person,
            "link": link,
            "region": person.region,
            "days": settings.INVITATION_DAYS,
        },
        region_id=person.region_id,
    )
    audit.record(by=by, action=gettext_noop("invited"), obj=person)
    return invitation


@service("regions.add_region", on=None)
@transaction.atomic
def region_open(*, by, person_name, person_email, person_position="", language="en", **fields):
    """A new region, and its first secretariat person invited to sign in: from there on the
    region's secretariat sets the region up on its own pages. Only the platform administrator
    opens a region."""
    region = region_services.region_create(by=by, **fields)
    person = region_services.person_create(
        region=region, by=by, name=person_name, email=person_email, position_en=person_position
    )
    region_services.role_assign(person=person, kind=Role.Kind.SECRETARIAT, by=by)
    person_invite(person=person, by=by, language=language)
    return region, person


def invitation_for_key(key: str) -> Invitation | None:
    """The open invitation with this key, unless its sign-in has been claimed meanwhile."""
    invitation = (
        Invitation.objects.select_related("person__user", "person__region")
        .filter(digest=Invitation.digest_of(key))
        .first()
    )
    if invitation is None or not invitation.is_open or invitation.person.user.is_claimed:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, password) -> User:
    """Set the first password of the invited sign-in; a claimed one is never touched."""
    user = User.objects.select_for_update().get(pk=invitation.person.user_id)
    if user.is_claimed:
        raise ValidationError(_("This invitation is no longer valid: the account is in use."))
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(by=user, action=gettext_noop("account activated"), obj=invitation.person)
    return user


# The sign-in address: changed only by its holder, confirmed from the new address (decision 0002)

SIGN_IN_ADDRESS_SALT = "secretariat.accounts.sign-in-address"
SIGN_IN_ADDRESS_DAYS = 3


def _address_taken(email, user) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


def sign_in_address_request(*, user, email) -> None:
    """Mail a confirmation link to `email`; the address changes once `user` follows it."""
    email = User.objects.normalize_email(email.strip())
    if email.casefold() == user.email.casefold():
        raise ValidationError(_("This is already your sign-in address."))
    if _address_taken(email, user):
        raise ValidationError(_("Another account signs in with this address."))
    token = signing.dumps(
        {"user": user.pk, "from": user.email, "to": email}, salt=SIGN_IN_ADDRESS_SALT
    )
    mail_queue(
        to=email,
        template="accounts/mail/sign_in_address_confirm.txt",
        language=user.language,
        context={
            "link": settings.SITE_URL + reverse("accounts:sign-in-address-confirm", args=[token]),
            "days": SIGN_IN_ADDRESS_DAYS,
            "old": user.email,
        },
    )


def sign_in_address_pending(*, user, token) -> str:
    """The address `token` changes `user`'s sign-in to; refused if it is not theirs, is stale
    (their address changed since) or has expired."""
    try:
        data = signing.loads(
            token, salt=SIGN_IN_ADDRESS_SALT, max_age=timedelta(days=SIGN_IN_ADDRESS_DAYS)
        )
    except signing.BadSignature:
        data = {}
    if data.get("user") != user.pk or data.get("from") != user.email:
        raise ValidationError(_("This link is not valid: it has expired or was not for you."))
    if _address_taken(data["to"], user):
        raise ValidationError(_("Another account signs in with this address."))
    return data["to"]


@transaction.atomic
def sign_in_address_confirm(*, user, token) -> User:
    """Change the sign-in address as `token` says; the old address receives a notice."""
    user = User.objects.select_for_update().get(pk=user.pk)
    new = sign_in_address_pending(user=user, token=token)
    old, user.email = user.email, new
    user.save(update_fields=["email", "username"])
    # allauth's own address list is no second source: a reset for the old address must
    # find no account.
    EmailAddress.objects.filter(user=user).delete()
    mail_queue(
        to=old,
        template="accounts/mail/sign_in_address_changed.txt",
        language=user.language,
        context={"old": old, "new": new},
    )
    person = getattr(user, "person", None)
    if person is not None:
        audit.record(by=user, action=gettext_noop("sign-in address changed"), obj=person)
    return user


def user_preferences_update(*, user, language, time_zone) -> User:
    user.language, user.time_zone = language, time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language", "time_zone"])
    return user


def token_issue(*, user, name) -> tuple[AccessToken, str]:
    """Return the token and its secret, which is shown once and never stored."""
    if not name.strip():
        raise ValidationError(_("Give the token a name so you can recognise it later."))
    return AccessToken.issue(user=user, name=name.strip())


@service("accounts.revoke_token", on="token")
def token_revoke(*, token, by) -> AccessToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def calendar_feed_issue(*, user) -> tuple[CalendarFeed, str]:
    """A new secret feed address for `user`; earlier addresses stop working."""
    user.calendar_feeds.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarFeed.issue(user=user)


@service("accounts.revoke_calendar_feed", on="feed")
def calendar_feed_revoke(*, feed, by) -> CalendarFeed:
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    return feed


@transaction.atomic
def password_reset_revoke(*, user) -> None:
    """After a password reset by mail: the API tokens and calendar feeds stop working."""
    now = timezone.now()
    user.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    user.calendar_feeds.filter(revoked_at__isnull=True).update(revoked_at=now)


def calendar_feed_read(secret) -> CalendarFeed | None:
    """The live feed with this secret, its use recorded (at most hourly); None if revoked."""
    feed = CalendarFeed.find(secret)
    if feed is not None:
        now = timezone.now()
        if feed.last_used_at is None or now - feed.last_used_at >= timedelta(hours=1):
            CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
            feed.last_used_at = now
    return feed

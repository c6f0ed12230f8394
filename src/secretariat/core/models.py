from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A row two people may edit at once: see core.versions."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who changed what, when, and from what. Written by services through core.audit."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The region's id (core.regions.region_id_of), a plain integer: core knows no app, and
    # the trail outlives a region's slug. Indexed with the id: a region's newest entry (the
    # page cache's stamp) is one index read.
    region_id = models.IntegerField(null=True, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["region_id", "id"], name="audit_region_newest"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def change_rows(self):
        """(field label in the viewer's language, old value, new value) for each change."""
        model = self.target_type.model_class()
        rows = []
        for name, (old, new) in self.changes.items():
            try:
                label = model._meta.get_field(name).verbose_name
            except (AttributeError, LookupError):
                label = name
            rows.append((label, old, new))
        return rows

    @property
    def action_display(self):
        """The action in the viewer's language (services name theirs with gettext_noop)."""
        return gettext(self.action)


class OutboxMessage(models.Model):
    """Every mail the platform sends: queued, then sent or retried by the tick."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # The region the mail is sent for (an id, as in AuditEntry), or none.
    region_id = models.IntegerField(null=True, blank=True, editable=False)
    to = models.EmailField(pgettext_lazy("recipient of a mail", "to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    # One text attachment, such as a calendar file (name empty: none).
    attachment_name = models.CharField(_("attachment"), max_length=100, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    attachment = models.TextField(_("attachment content"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")

    def __str__(self):
        return f"{self.to}: {self.subject}"


class AccessChange(models.Model):
    """A change that can narrow who may follow what: a user deactivated, a role ended, a
    password reset. Streams opened before it check their access again (core.access)."""

    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=100)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.reason}"

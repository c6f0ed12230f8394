import datetime

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

    # Bookkeeping a reader has no use for: when a row was last touched, or reminded.
    UNSHOWN = {"updated_at", "reminded_at", "is_demo"}

    def change_rows(self):
        """(field label, old value, new value) for each change, in the viewer's language and
        as a reader reads them: a choice by its label, a date or moment written out."""
        model = self.target_type.model_class()
        rows = []
        for name, (old, new) in self.changes.items():
            if name in self.UNSHOWN:
                continue
            try:
                field = model._meta.get_field(name)
            except (AttributeError, LookupError):
                rows.append((name, old, new))
                continue
            rows.append((field.verbose_name, _readable(field, old), _readable(field, new)))
        return rows

    @property
    def action_display(self):
        """The action in the viewer's language (services name theirs with gettext_noop)."""
        return gettext(self.action)


def _readable(field, value):
    """A stored audit value (JSON: text, number, boolean) as the field's readers see it."""
    from django.utils import formats
    from django.utils.dateparse import parse_date, parse_datetime

    if value is None or value == "":
        return None
    if getattr(field, "flatchoices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            here = timezone.localtime(moment)
            return f"{formats.date_format(here, 'DATETIME_FORMAT')} {here.tzname()}"
    if isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    return value


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

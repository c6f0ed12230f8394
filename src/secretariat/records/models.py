"""Summary records: numbered paragraphs under each agenda item, drafted, circulated, adopted.

A record belongs to a session (one meeting, or a joint session of several). Its sections are
the agenda's items as they stood when the draft was built (number and title kept, so a later
change to the agenda does not rewrite an adopted record). Paragraphs are numbered 1, 2, 3...
across the whole record, in the order of the sections and of the paragraphs in each.

An adopted record is locked. The secretariat may open a new edition of it (a copy, in
draft), which goes through circulation and adoption again; the earlier edition stays as it
was adopted.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.models import Versioned


class SummaryRecord(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated for comments")
        ADOPTED = "adopted", _("adopted")

    session = models.ForeignKey(
        "meetings.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="summary_records",
    )
    edition = models.PositiveSmallIntegerField(_("edition"), default=1)
    revises = models.OneToOneField(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revised_by",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    comments_due = models.DateTimeField(_("comments due by"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulated on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent on"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "edition"], name="unique_record_edition"),
        ]
        verbose_name = _("summary record")

    def __str__(self):
        return f"Summary record of {self.session} (edition {self.edition})"

    def get_absolute_url(self):
        return reverse("records:record-detail", args=[self.session.region.slug, self.pk])

    @property
    def is_locked(self):
        return self.status == self.Status.ADOPTED

    @property
    def reference(self):
        """The meetings' references, as the header of every page shows them: RHCAC21 / RCP30."""
        return " / ".join(m.reference for m in self.session.meetings.all())

    def comments_open(self, now=None):
        return self.status == self.Status.CIRCULATED and (
            self.comments_due is None or (now or timezone.now()) <= self.comments_due
        )


class RecordSection(models.Model):
    """A heading of the record: an agenda item (number and title as built), or attendance."""

    record = models.ForeignKey(SummaryRecord, on_delete=models.CASCADE, related_name="sections")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    number = models.CharField(_("number"), max_length=20, blank=True)
    part = models.CharField(
        _("part of"), max_length=40, blank=True, help_text=_("In a joint session: RCP30.")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)

    title = Localized()

    class Meta:
        ordering = ["record", "position"]
        verbose_name = _("record section")

    def __str__(self):
        return f"{self.number} {self.title_en}".strip()

    @property
    def heading(self):
        """ "III. Regional Strategic Plan", "II.1 Free Zones", or the title alone."""
        if not self.number:
            return self.title
        return f"{self.number}{'.' if self.level == 1 else ''} {self.title}"


class RecordParagraph(Versioned):
    """One numbered paragraph; its number is its place in the whole record."""

    class Source(models.TextChoices):
        SESSION = "session", _("the session's facts")
        ATTENDANCE = "attendance", _("attendance")
        AGENDA = "agenda", _("the agenda")
        SPEAKERS = "speakers", _("speakers")
        NOTES = "notes", _("the chair's notes")
        DECISION = "decision", _("a decision")
        WRITTEN = "written", _("written by the secretariat")

    section = models.ForeignKey(RecordSection, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveSmallIntegerField(_("position"))
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"), blank=True)
    source = models.CharField(
        _("drafted from"), max_length=12, choices=Source.choices, default=Source.WRITTEN
    )

    text = Localized()

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("record paragraph")

    def __str__(self):
        return self.text_en[:80]


class RecordComment(models.Model):
    """A Member's comment on a paragraph of a circulated record.

    Seen by the secretariat and by the commenting Member's own people, not by other Members.
    """

    paragraph = models.ForeignKey(
        RecordParagraph, on_delete=models.CASCADE, related_name="comments"
    )
    member = models.ForeignKey(
        "regions.Member", verbose_name=_("Member"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written on"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on a record")

    def __str__(self):
        return f"{self.member}: {self.text[:60]}"

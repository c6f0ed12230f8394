"""Activity reports of the regional entities: the Vice-Chair's office, ROCB, RILO, RTCs.

A report covers a period, is written in sections, links to the plan's activities and
indicators it reports on, and goes draft → submitted → presented at an agenda item.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.models import Versioned


class ActivityReport(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PRESENTED = "presented", _("Presented")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(
        "regions.Entity",
        verbose_name=_("regional entity"),
        on_delete=models.PROTECT,
        related_name="activity_reports",
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("presented at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_reports",
    )
    activities = models.ManyToManyField(
        "plans.Activity", verbose_name=_("plan activities"), blank=True, related_name="+"
    )
    indicators = models.ManyToManyField(
        "plans.Indicator", verbose_name=_("plan indicators"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    title = Localized()

    class Meta:
        ordering = ["-ends_on", "entity__order"]
        verbose_name = _("activity report")

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("activity_reports:report-detail", args=[self.region.slug, self.pk])


class ReportSection(models.Model):
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    heading_en = models.CharField(_("heading (English)"), max_length=200)
    heading_fr = models.CharField(_("heading (French)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown."))
    body_fr = models.TextField(_("text (French)"), blank=True, help_text=_("Markdown."))

    heading = Localized()
    body = Localized()

    class Meta:
        ordering = ["report", "order"]
        verbose_name = _("report section")

    def __str__(self):
        return self.heading_en

"""Every write to activity reports."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.permissions import service, user_of

from .models import ActivityReport, ReportSection
from .sections import sections_for

SUBMITTED = gettext_noop("report submitted")
PRESENTED = gettext_noop("report presented")


@service("activity_reports.write_for_entity", on="entity")
@transaction.atomic
def report_create(*, entity, by, title_en, starts_on, ends_on, title_fr="") -> ActivityReport:
    """A draft report with the sections of its entity's kind."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})
    report = ActivityReport.objects.create(
        region=entity.region,
        entity=entity,
        title_en=title_en,
        title_fr=title_fr,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user_of(by),
    )
    ReportSection.objects.bulk_create(
        ReportSection(report=report, order=i, heading_en=en, heading_fr=fr)
        for i, (en, fr) in enumerate(sections_for(entity.kind))
    )
    audit.record(by=by, action=audit.CREATED, obj=report)
    return report


def _check_draft(report):
    if report.status != ActivityReport.Status.DRAFT:
        raise ValidationError(
            _("This report is %(status)s: it can no longer be edited.")
            % {"status": report.get_status_display().lower()}
        )


def _check_links(report, activities, indicators):
    for item in (*activities, *indicators):
        plan = item.objective.focus_area.plan
        if plan.region_id != report.region_id:
            raise ValidationError(
                _("Only the region's plan activities and indicators can be linked.")
            )


@service("activity_reports.change_report", on="report")
@transaction.atomic
def report_write(*, report, by, sections, activities=(), indicators=()) -> ActivityReport:
    """Save the sections' texts {section: (body_en, body_fr)} and the plan links."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    _check_draft(report)
    activities, indicators = list(activities), list(indicators)
    _check_links(report, activities, indicators)
    for section, (body_en, body_fr) in sections.items():
        if section.report_id != report.pk:
            raise ValidationError(_("This section belongs to another report."))
        section.body_en, section.body_fr = body_en, body_fr
        section.save(update_fields=["body_en", "body_fr"])
    report.activities.set(activities)
    report.indicators.set(indicators)
    audit.record(by=by, action=audit.UPDATED, obj=report)
    return report


@service("activity_reports.change_report", on="report")
@transaction.atomic
def report_submit(*, report, by) -> ActivityReport:
    current = ActivityReport.objects.select_for_update().get(pk=report.pk)
    _check_draft(current)
    if not any(s.body_en.strip() for s in current.sections.all()):
        raise ValidationError(_("Write at least one section before submitting."))
    before = audit.snapshot(current)
    current.status = ActivityReport.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.save(update_fields=["status", "submitted_at"])
    audit.record(by=by, action=SUBMITTED, obj=current, before=before)
    return current


@service("activity_reports.present_report", on="report")
@transaction.atomic
def report_present(*, report, by, agenda_item) -> ActivityReport:
    """Record the agenda item at which the report was presented."""
    current = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if current.status == ActivityReport.Status.DRAFT:
        raise ValidationError(_("A draft cannot be presented: it must be submitted first."))
    if agenda_item.session.region_id != current.region_id:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another region.")})
    before = audit.snapshot(current)
    current.status = ActivityReport.Status.PRESENTED
    current.agenda_item = agenda_item
    current.save(update_fields=["status", "agenda_item"])
    audit.record(by=by, action=PRESENTED, obj=current, before=before)
    return current

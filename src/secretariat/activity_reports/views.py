"""Activity report pages: list, write, submit, present, and PDF and Word exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.files import download
from secretariat.core.views import form_save
from secretariat.plans.selectors import officer_entity_ids
from secretariat.regions.models import Entity
from secretariat.regions.web import require, with_region

from . import exports, selectors, services
from .forms import PresentForm, ReportForm, WriteForm
from .models import ActivityReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _report(request, region, pk):
    """The report if the reader may see it; one they may not see does not exist for them."""
    report = get_object_or_404(
        ActivityReport.objects.select_related("entity"), region=region, pk=pk
    )
    report.region = region
    if not request.user.has_perm("activity_reports.view_report", report):
        raise Http404
    return report


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
@with_region
def report_list(request, region):
    context = {
        "reports": selectors.reports_visible(region, request.user),
        "may_write": bool(officer_entity_ids(request.user)),
    }
    return render(request, "activity_reports/report_list.html", context)


@login_required
@with_region
def report_add(request, region):
    entities = Entity.objects.filter(region=region, pk__in=officer_entity_ids(request.user))
    if not entities:
        raise PermissionDenied
    form = ReportForm(request.POST or None, entities=entities)

    def save(form):
        data = form.cleaned_data
        require(request, "activity_reports.write_for_entity", data["entity"])
        return services.report_create(by=request.user, **data)

    if request.method == "POST":
        report = form_save(form, save)
        if report is not None:
            messages.success(request, _("The draft is ready: write its sections."))
            return redirect("activity_reports:report-edit", region.slug, report.pk)
    return render(request, "activity_reports/report_add.html", {"form": form})


@login_required
@with_region
def report_edit(request, region, pk):
    report = _report(request, region, pk)
    require(request, "activity_reports.change_report", report)
    sections = list(report.sections.all())
    form = WriteForm(request.POST or None, report=report, sections=sections)
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.report_write(
                report=report,
                by=request.user,
                sections=form.section_texts(),
                activities=form.cleaned_data["activities"],
                indicators=form.cleaned_data["indicators"],
            ),
        )
        if form.is_valid():
            messages.success(request, _("Saved."))
            return redirect(report.get_absolute_url())
    return render(request, "activity_reports/report_edit.html", {"report": report, "form": form})


@login_required
@with_region
def report_detail(request, region, pk):
    report = selectors.report_page(_report(request, region, pk))
    context = {
        "report": report,
        "may_edit": request.user.has_perm("activity_reports.change_report", report),
        "may_present": request.user.has_perm("activity_reports.present_report", report)
        and report.status != ActivityReport.Status.DRAFT,
        "present_form": PresentForm(region=region),
    }
    return render(request, "activity_reports/report_detail.html", context)


@require_POST
@login_required
@with_region
def report_submit(request, region, pk):
    report = _report(request, region, pk)
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Submitted: the region's participants can now read it."))
    return redirect(report.get_absolute_url())


@require_POST
@login_required
@with_region
def report_present(request, region, pk):
    report = _report(request, region, pk)
    require(request, "activity_reports.present_report", report)
    form = PresentForm(request.POST, region=region)
    if not form.is_valid():
        _refused(request, ValidationError(_("Choose the agenda item it was presented at.")))
        return redirect(report.get_absolute_url())
    try:
        services.report_present(
            report=report, by=request.user, agenda_item=form.cleaned_data["agenda_item"]
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Recorded as presented."))
    return redirect(report.get_absolute_url())


@login_required
@with_region
def report_pdf(request, region, pk):
    report = selectors.report_page(_report(request, region, pk))
    name = f"{report.entity.slug}-report-{report.ends_on.isoformat()}.pdf"
    return download(exports.as_pdf(report, request=request), filename=name, content_type=PDF)


@login_required
@with_region
def report_docx(request, region, pk):
    report = selectors.report_page(_report(request, region, pk))
    name = f"{report.entity.slug}-report-{report.ends_on.isoformat()}.docx"
    return download(exports.as_docx(report), filename=name, content_type=DOCX)

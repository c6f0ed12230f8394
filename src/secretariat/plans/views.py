"""Plan pages: the dashboard, indicators, reporting progress and deciding on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from secretariat.core.files import serve_stored
from secretariat.core.tables import table_download
from secretariat.core.views import form_save
from secretariat.regions.web import require, with_region

from . import exports, importing, presenters, selectors, services
from .forms import ImportForm, IndicatorImportForm, ProgressForm, ReturnForm, SuccessorForm
from .models import Evidence, ImportRun, Indicator, Plan, ProgressUpdate, ReportingPeriod


def _plan(request, region, slug):
    """The plan if the reader may see it; a plan they may not see does not exist for them."""
    plan = get_object_or_404(Plan.objects.select_related("predecessor"), region=region, slug=slug)
    plan.region = region
    if not request.user.has_perm("plans.view_plan", plan):
        raise Http404
    return plan


def _indicator(plan, pk):
    try:
        indicator = selectors.indicator_for(plan, pk)
    except Indicator.DoesNotExist:
        raise Http404 from None
    indicator.objective.focus_area.plan = plan
    return indicator


def _update(request, plan, pk):
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("period", "reported_by", "decided_by"),
        period__plan=plan,
        pk=pk,
    )
    update.period.plan = plan
    update.indicator = _indicator(plan, update.indicator_id)
    if not request.user.has_perm("plans.view_update", update):
        raise Http404
    return update


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


def _step(request, update, step, *, done):
    """Take one step of the update's review; say it is done or why not, on the update's page."""
    try:
        step()
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return redirect(update.get_absolute_url())


@with_region
def plan_list(request, region):
    plans = selectors.plans_visible(region, request.user).select_related("region")
    can_manage = request.user.has_perm("plans.manage_plans", region)
    return render(request, "plans/plan_list.html", {"plans": plans, "can_manage": can_manage})


@with_region
def plan_detail(request, region, slug):
    plan = _plan(request, region, slug)
    board = selectors.dashboard(plan)
    context = {
        "plan": plan,
        "board": board,
        "area_chart": presenters.focus_area_chart(board),
        "trend_chart": presenters.plan_trend_chart(board),
        "status_labels": presenters.STATUS_LABELS,
        "can_manage": request.user.has_perm("plans.manage_plans", region),
        "endorsing_decision": selectors.endorsing_decisions(region, request.user, [plan]).get(
            plan.endorsing_decision_id
        ),
        "reporting": selectors.reporting_for(plan, request.user)
        if request.user.is_authenticated
        else [],
    }
    return render(request, "plans/plan_detail.html", context)


@with_region
def indicator_detail(request, region, slug, pk):
    plan = _plan(request, region, slug)
    indicator = _indicator(plan, pk)
    periods = list(plan.periods.all())
    observations = selectors.indicator_observations(indicator, periods)
    figure = selectors.indicator_figure(plan, indicator, observations)
    context = {
        "plan": plan,
        "indicator": indicator,
        "figure": figure,
        "status_labels": presenters.STATUS_LABELS,
        "chart": presenters.indicator_chart(indicator, periods, observations),
        "updates": selectors.updates_for_indicator(indicator, request.user),
        "can_report": request.user.has_perm("plans.report_progress", indicator),
        "can_manage": request.user.has_perm("plans.manage_plans", region),
    }
    return render(request, "plans/indicator_detail.html", context)


@login_required
@with_region
def progress_report(request, region, slug, pk):
    plan = _plan(request, region, slug)
    indicator = _indicator(plan, pk)
    require(request, "plans.report_progress", indicator)
    periods = selectors.open_periods(plan)
    initial = selectors.report_initial(indicator, request.GET.get("period"))
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        periods=periods,
        unit=indicator.unit,
        initial=initial,
    )

    def save(form):
        data = form.cleaned_data
        return services.progress_report(
            indicator=indicator,
            period=data["period"],
            by=request.user,
            value=data["value"],
            narrative=data["narrative"],
            upload=data["evidence"],
            audience=data["evidence_audience"],
            submit="submit" in request.POST,
        )

    if request.method == "POST":
        update = form_save(form, save)
        if update is not None:
            if update.status == ProgressUpdate.Status.SUBMITTED:
                messages.success(request, _("Submitted to the secretariat for approval."))
            else:
                messages.success(
                    request, _("Saved as a draft: only you and your colleagues see it.")
                )
            return redirect(update.get_absolute_url())
    return render(
        request,
        "plans/progress_form.html",
        {"plan": plan, "indicator": indicator, "form": form},
    )


@with_region
def update_detail(request, region, slug, pk):
    plan = _plan(request, region, slug)
    update = _update(request, plan, pk)
    evidence = [
        e for e in update.evidence.all() if request.user.has_perm("plans.download_evidence", e)
    ]
    context = {
        "plan": plan,
        "update": update,
        "evidence": evidence,
        "may_edit": request.user.has_perm("plans.report_progress", update.indicator)
        and update.status in (ProgressUpdate.Status.DRAFT, ProgressUpdate.Status.RETURNED)
        and not update.period.is_closed,
        "may_decide": request.user.has_perm("plans.decide_update", update)
        and update.status == ProgressUpdate.Status.SUBMITTED
        and not update.period.is_closed,
        "return_form": ReturnForm(),
    }
    return render(request, "plans/update_detail.html", context)


@require_POST
@login_required
@with_region
def update_submit(request, region, slug, pk):
    plan = _plan(request, region, slug)
    update = _update(request, plan, pk)
    require(request, "plans.report_progress", update.indicator)
    return _step(
        request,
        update,
        lambda: services.progress_submit(update=update, by=request.user),
        done=_("Submitted to the secretariat for approval."),
    )


@require_POST
@login_required
@with_region
def update_approve(request, region, slug, pk):
    plan = _plan(request, region, slug)
    update = _update(request, plan, pk)
    require(request, "plans.decide_update", update)
    return _step(
        request,
        update,
        lambda: services.progress_approve(update=update, by=request.user),
        done=_("Approved: the value now counts on the dashboard."),
    )


@require_POST
@login_required
@with_region
def update_return(request, region, slug, pk):
    plan = _plan(request, region, slug)
    update = _update(request, plan, pk)
    require(request, "plans.decide_update", update)
    form = ReturnForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    return _step(
        request,
        update,
        lambda: services.progress_return(update=update, by=request.user, comment=comment),
        done=_("Returned to the reporter with your comment."),
    )


@with_region
def evidence_download(request, region, slug, pk):
    plan = _plan(request, region, slug)
    evidence = get_object_or_404(Evidence, update__period__plan=plan, pk=pk)
    evidence.update = _update(request, plan, evidence.update_id)
    if not request.user.has_perm("plans.download_evidence", evidence):
        raise Http404
    name = evidence.original_name.rsplit("/", 1)[-1] or "evidence"
    return serve_stored(evidence.file.open("rb"), filename=name)


@login_required
@with_region
def review_queue(request, region, slug):
    plan = _plan(request, region, slug)
    require(request, "plans.manage_plans", region)
    return render(
        request,
        "plans/review_queue.html",
        {"plan": plan, "updates": selectors.updates_waiting(plan)},
    )


@require_POST
@login_required
@with_region
def period_close(request, region, slug, pk):
    plan = _plan(request, region, slug)
    require(request, "plans.manage_plans", region)
    period = get_object_or_404(ReportingPeriod, plan=plan, pk=pk)
    try:
        services.period_close(period=period, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(period)s is closed.") % {"period": period.label})
    return redirect(plan.get_absolute_url())


@login_required
@with_region
def plan_succeed(request, region, slug):
    plan = _plan(request, region, slug)
    require(request, "plans.manage_plans", region)
    form = SuccessorForm(request.POST or None)
    if request.method == "POST":
        new = form_save(
            form,
            lambda form: services.plan_succeed(plan=plan, by=request.user, **form.cleaned_data),
        )
        if new is not None:
            messages.success(request, _("The draft of the next plan is ready."))
            return redirect(new.get_absolute_url())
    return render(request, "plans/successor_form.html", {"plan": plan, "form": form})


@with_region
def plan_compare(request, region, slug):
    """The previous plan's implementation at its end beside this plan's start."""
    plan = _plan(request, region, slug)
    previous = plan.predecessor
    if previous is None or not request.user.has_perm("plans.view_plan", previous):
        raise Http404
    previous.region = region
    context = {
        "plan": plan,
        "previous": previous,
        "rows": selectors.comparison(previous, plan),
        "status_labels": presenters.STATUS_LABELS,
    }
    return render(request, "plans/plan_compare.html", context)


_TABLES = {"indicators": exports.indicators_table, "progress": exports.progress_table}


@with_region
def plan_export(request, region, slug, table, fmt):
    """The plan's indicators or its approved progress, for whoever may see its dashboard."""
    plan = _plan(request, region, slug)
    return table_download(_TABLES[table](plan), fmt=fmt, name=[region.slug, plan.slug, table])


def _import_page(request, plan, *, kind, form_class, template):
    """The upload form; an accepted file becomes a queued import whose page shows its progress."""
    form = form_class(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            run = importing.run_start(
                plan=plan,
                by=request.user,
                kind=kind,
                upload=form.cleaned_data["file"],
                language=request.LANGUAGE_CODE,
            )
        except importing.ImportRefused as refused:
            problems = refused.problems
        else:
            return redirect(run.get_absolute_url())
    context = {"plan": plan, "form": form, "problems": problems, "periods": plan.periods.all()}
    return render(request, template, context)


@login_required
@with_region
def progress_import(request, region, slug):
    """A coordinator's figures for many indicators at once, from a spreadsheet."""
    plan = _plan(request, region, slug)
    if not selectors.reporting_for(plan, request.user).exists():
        raise PermissionDenied
    return _import_page(
        request,
        plan,
        kind=ImportRun.Kind.PROGRESS,
        form_class=ImportForm,
        template="plans/progress_import.html",
    )


@login_required
@with_region
def indicators_import(request, region, slug):
    """The secretariat's indicators for a plan, created or updated from a spreadsheet."""
    plan = _plan(request, region, slug)
    require(request, "plans.manage_plans", region)
    return _import_page(
        request,
        plan,
        kind=ImportRun.Kind.INDICATORS,
        form_class=IndicatorImportForm,
        template="plans/indicators_import.html",
    )


@login_required
@with_region
def import_run(request, region, slug, pk):
    """How far an import has got; its author's alone. The page reloads itself while it runs."""
    plan = _plan(request, region, slug)
    run = get_object_or_404(ImportRun, pk=pk, plan=plan, by=request.user)
    if run.status == ImportRun.Status.DONE:
        if run.kind == ImportRun.Kind.PROGRESS:
            done = ngettext(
                "%(n)s update submitted for approval.",
                "%(n)s updates submitted for approval.",
                run.saved,
            )
        else:
            done = ngettext("%(n)s indicator saved.", "%(n)s indicators saved.", run.saved)
        messages.success(request, done % {"n": run.saved})
        return redirect(plan.get_absolute_url())
    problems = [importing.Problem(line, message) for line, message in run.problems]
    return render(
        request, "plans/import_run.html", {"plan": plan, "run": run, "problems": problems}
    )

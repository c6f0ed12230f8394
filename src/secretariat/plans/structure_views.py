"""The secretariat builds a plan: the plan itself, its periods, focus areas, objectives,
activities and indicators with their targets. Edits refuse a stale version, showing both."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.views import edit_versioned, form_save
from secretariat.regions.web import require, with_region

from . import services
from .forms import (
    ActivityEditForm,
    ActivityForm,
    FocusAreaEditForm,
    FocusAreaForm,
    IndicatorEditForm,
    IndicatorForm,
    ObjectiveEditForm,
    ObjectiveForm,
    PeriodForm,
    PlanEditForm,
    PlanForm,
)
from .models import Activity, FocusArea, Indicator, Objective, Plan

TEMPLATE = "plans/part_form.html"


def add_page(request, *, form, create, title, back, done, then=None):
    """The form; once valid, `create(cleaned_data)` and go to `then`, or to what it made."""
    if request.method == "POST":
        made = form_save(form, lambda form: create(form.cleaned_data))
        if form.is_valid():
            messages.success(request, done)
            return redirect(then or made)
    context = {"form": form, "title": title, "back": back}
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


def edit_page(request, *, form, save, title, back, done):
    """The edit form: a stale save shows both versions and keeps the editor's input."""
    return edit_versioned(
        request,
        form=form,
        save=lambda f: save(f.cleaned_data["version"], f.changes()),
        template=TEMPLATE,
        context={"title": title, "back": back},
        success_url=back,
        success_message=done,
    )


def _managed_plan(request, region, slug):
    require(request, "plans.manage_plans", region)
    plan = get_object_or_404(Plan, region=region, slug=slug)
    plan.region = region
    return plan


def _part(model, plan, pk, path):
    """A focus area, objective, activity or indicator of `plan`, found through `path`."""
    return get_object_or_404(model.objects.filter(**{path: plan}), pk=pk)


@login_required
@with_region
def plan_add(request, region):
    require(request, "plans.manage_plans", region)
    return add_page(
        request,
        form=PlanForm(request.POST or None, region=region),
        create=lambda data: services.plan_create(region=region, by=request.user, **data),
        title=_("New strategic plan"),
        back=reverse("plans:plan-list", args=[region.slug]),
        done=_("The plan is saved."),
    )


@login_required
@with_region
def plan_edit(request, region, slug):
    plan = _managed_plan(request, region, slug)
    return edit_page(
        request,
        form=PlanEditForm(request.POST or None, instance=plan, region=region),
        save=lambda version, changes: services.plan_update(
            plan=plan, by=request.user, expected_version=version, **changes
        ),
        title=_("Edit %(plan)s") % {"plan": plan.title},
        back=plan.get_absolute_url(),
        done=_("The plan is saved."),
    )


@login_required
@with_region
def period_add(request, region, slug):
    plan = _managed_plan(request, region, slug)
    back = plan.get_absolute_url() + "#periods"
    return add_page(
        request,
        form=PeriodForm(request.POST or None),
        create=lambda data: services.period_add(plan=plan, by=request.user, **data),
        title=_("New reporting period"),
        back=back,
        then=back,
        done=_("The period is added."),
    )


@login_required
@with_region
def focus_area_add(request, region, slug):
    plan = _managed_plan(request, region, slug)
    back = plan.get_absolute_url()
    return add_page(
        request,
        form=FocusAreaForm(request.POST or None, initial={"number": plan.focus_areas.count() + 1}),
        create=lambda data: services.focus_area_add(plan=plan, by=request.user, **data),
        title=_("New focus area"),
        back=back,
        then=back,
        done=_("The focus area is added."),
    )


@login_required
@with_region
def focus_area_edit(request, region, slug, pk):
    plan = _managed_plan(request, region, slug)
    area = _part(FocusArea, plan, pk, "plan")
    return edit_page(
        request,
        form=FocusAreaEditForm(request.POST or None, instance=area),
        save=lambda version, changes: services.focus_area_update(
            area=area, by=request.user, expected_version=version, **changes
        ),
        title=_("Edit focus area %(number)s") % {"number": area.number},
        back=f"{plan.get_absolute_url()}#area-{area.number}",
        done=_("The focus area is saved."),
    )


@login_required
@with_region
def objective_add(request, region, slug, pk):
    plan = _managed_plan(request, region, slug)
    area = _part(FocusArea, plan, pk, "plan")
    back = f"{plan.get_absolute_url()}#area-{area.number}"
    return add_page(
        request,
        form=ObjectiveForm(request.POST or None, region=region),
        create=lambda data: services.objective_add(focus_area=area, by=request.user, **data),
        title=_("New objective in focus area %(number)s") % {"number": area.number},
        back=back,
        then=back,
        done=_("The objective is added."),
    )


@login_required
@with_region
def objective_edit(request, region, slug, pk):
    plan = _managed_plan(request, region, slug)
    objective = _part(Objective, plan, pk, "focus_area__plan")
    return edit_page(
        request,
        form=ObjectiveEditForm(request.POST or None, instance=objective, region=region),
        save=lambda version, changes: services.objective_update(
            objective=objective, by=request.user, expected_version=version, **changes
        ),
        title=_("Edit objective %(number)s") % {"number": objective.number},
        back=f"{plan.get_absolute_url()}#objective-{objective.pk}",
        done=_("The objective is saved."),
    )


@login_required
@with_region
def activity_add(request, region, slug, pk):
    plan = _managed_plan(request, region, slug)
    objective = _part(Objective, plan, pk, "focus_area__plan")
    back = f"{plan.get_absolute_url()}#objective-{objective.pk}"
    return add_page(
        request,
        form=ActivityForm(request.POST or None, region=region),
        create=lambda data: services.activity_add(objective=objective, by=request.user, **data),
        title=_("New activity for objective %(number)s") % {"number": objective.number},
        back=back,
        then=back,
        done=_("The activity is added."),
    )


@login_required
@with_region
def activity_edit(request, region, slug, pk):
    plan = _managed_plan(request, region, slug)
    activity = _part(Activity, plan, pk, "objective__focus_area__plan")
    return edit_page(
        request,
        form=ActivityEditForm(request.POST or None, instance=activity, region=region),
        save=lambda version, changes: services.activity_update(
            activity=activity, by=request.user, expected_version=version, **changes
        ),
        title=_("Edit the activity"),
        back=f"{plan.get_absolute_url()}#objective-{activity.objective_id}",
        done=_("The activity is saved."),
    )


@login_required
@with_region
def indicator_add(request, region, slug, pk):
    plan = _managed_plan(request, region, slug)
    objective = _part(Objective, plan, pk, "focus_area__plan")
    form = IndicatorForm(
        request.POST or None, region=region, plan=plan, initial={"objective": objective}
    )

    def create(data):
        targets = {p: v for p, v in form.targets().items() if v is not None}
        fields = {k: v for k, v in data.items() if not k.startswith("target_")}
        return services.indicator_add(by=request.user, targets=targets, **fields)

    return add_page(
        request,
        form=form,
        create=create,
        title=_("New indicator for objective %(number)s") % {"number": objective.number},
        back=f"{plan.get_absolute_url()}#objective-{objective.pk}",
        done=_("The indicator is added."),
    )


@login_required
@with_region
def indicator_edit(request, region, slug, pk):
    plan = _managed_plan(request, region, slug)
    indicator = _part(Indicator, plan, pk, "objective__focus_area__plan")
    targets = {t.period_id: t.value for t in indicator.targets.all()}
    form = IndicatorEditForm(
        request.POST or None, instance=indicator, region=region, plan=plan, targets=targets
    )
    return edit_page(
        request,
        form=form,
        save=lambda version, changes: services.indicator_update(
            indicator=indicator,
            by=request.user,
            expected_version=version,
            targets=form.targets(),
            **changes,
        ),
        title=_("Edit indicator %(code)s") % {"code": indicator.code},
        back=indicator.get_absolute_url(),
        done=_("The indicator is saved."),
    )

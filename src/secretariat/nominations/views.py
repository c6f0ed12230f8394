"""Calls for nominations: the list, a call with its nominations, and the secretariat's steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.regions.selectors import viewer_for
from secretariat.regions.views import require, with_region

from . import selectors, services
from .forms import CallForm, NominationForm, SlateForm
from .models import Call


@with_region
def call_list(request, region):
    calls = selectors.visible_calls(region, viewer_for(request.user))
    return render(
        request,
        "nominations/call_list.html",
        {"calls": calls, "can_manage": request.user.has_perm("nominations.manage", region)},
    )


@login_required
@with_region
def call_add(request, region):
    require(request, "nominations.manage", region)
    form = CallForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_open(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The call for nominations is open."))
            return redirect(call)
    return render(
        request, "nominations/call_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _call(request, region, pk) -> Call:
    try:
        return selectors.call_page(region, pk, viewer_for(request.user))
    except Call.DoesNotExist:
        raise Http404 from None


def _proposers(request, region):
    viewer = viewer_for(request.user)
    if viewer.is_secretariat(region.pk):
        return region.members.all()
    return region.members.filter(pk__in=viewer.member_editor_ids)


def _page(request, region, call, *, status=200, nomination_form=None, slate_form=None):
    can_manage = request.user.has_perm("nominations.manage", region)
    context = {"call": call, "can_manage": can_manage}
    if call.status == Call.Status.OPEN and request.user.has_perm("nominations.propose", region):
        context["nomination_form"] = nomination_form or NominationForm(
            call=call, proposers=_proposers(request, region)
        )
    if can_manage and call.status == Call.Status.OPEN:
        context["slate_form"] = slate_form or SlateForm(region=region)
    return render(request, "nominations/call_detail.html", context, status=status)


@with_region
def call_detail(request, region, pk):
    return _page(request, region, _call(request, region, pk))


@require_POST
@login_required
@with_region
def nomination_add(request, region, pk):
    require(request, "nominations.propose", region)
    call = _call(request, region, pk)
    form = NominationForm(request.POST, call=call, proposers=_proposers(request, region))
    if form.is_valid():
        try:
            services.nomination_propose(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The nomination is recorded."))
            return redirect(call)
    return _page(request, region, call, status=400, nomination_form=form)


@require_POST
@login_required
@with_region
def call_slate(request, region, pk):
    require(request, "nominations.manage", region)
    call = _call(request, region, pk)
    form = SlateForm(request.POST, region=region)
    if form.is_valid():
        item = form.cleaned_data["agenda_item"]
        try:
            services.call_table_slate(
                call=call,
                by=request.user,
                series=item.meeting.series,
                meeting=item.meeting,
                agenda_item=item,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The slate is tabled at the meeting."))
            return redirect(call)
    return _page(request, region, call, status=400, slate_form=form)


@require_POST
@login_required
@with_region
def call_appoint(request, region, pk):
    require(request, "nominations.manage", region)
    call = _call(request, region, pk)
    try:
        appointed = services.call_appoint(call=call, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(n)d holding(s) started on the post.") % {"n": len(appointed)}
        )
    return redirect(call)

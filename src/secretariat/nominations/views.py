"""Calls for nominations: the list, a call with its nominations, and the secretariat's steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.decisions.services import may_vote_for
from secretariat.regions.selectors import viewer_for
from secretariat.regions.views import require, with_region

from . import selectors, services
from .forms import CallForm, ElectionBallotForm, NominationForm, SlateForm
from .models import Call, Nomination


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


def _election(request, call, context, ballot_form):
    """The election's state, and the ballot form for a Member of the electorate yet to vote."""
    vote = getattr(call.proposal, "vote", None) if call.proposal_id else None
    if vote is None or not vote.election:
        return
    context["election"] = vote
    if not vote.is_open:
        return
    context["voted"] = vote.casts.select_related("member").order_by("member__short_name_en")
    voters = may_vote_for(request.user, vote) if request.user.is_authenticated else []
    if ballot_form is not None or voters:
        context["ballot_form"] = ballot_form or ElectionBallotForm(
            members=vote.electorate.filter(pk__in=[m.pk for m in voters]),
            candidates=call.nominations.filter(status=Nomination.Status.ELIGIBLE),
            seats=call.seats,
        )


def _page(
    request, region, call, *, status=200, nomination_form=None, slate_form=None, ballot_form=None
):
    can_manage = request.user.has_perm("nominations.manage", region)
    context = {"call": call, "can_manage": can_manage}
    _election(request, call, context, ballot_form)
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


@require_POST
@login_required
@with_region
def election_open(request, region, pk):
    require(request, "nominations.manage", region)
    call = _call(request, region, pk)
    try:
        services.election_open(call=call, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The election is open to the present delegations."))
    return redirect(call)


@require_POST
@login_required
@with_region
def election_vote(request, region, pk):
    call = _call(request, region, pk)
    vote = getattr(call.proposal, "vote", None) if call.proposal_id else None
    if vote is None or not vote.election:
        raise Http404
    form = ElectionBallotForm(
        request.POST,
        members=vote.electorate.filter(pk__in=viewer_for(request.user).member_editor_ids),
        candidates=call.nominations.filter(status=Nomination.Status.ELIGIBLE),
        seats=call.seats,
    )
    if not form.fields["member"].queryset.exists():
        raise PermissionDenied
    if form.is_valid():
        try:
            services.election_vote(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The ballot is cast."))
            return redirect(call)
    return _page(request, region, call, status=400, ballot_form=form)


@require_POST
@login_required
@with_region
def election_close(request, region, pk):
    require(request, "nominations.manage", region)
    call = _call(request, region, pk)
    try:
        result = services.election_close(call=call, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The election is counted: %(n)d seat(s) filled.") % {"n": len(result.elected)},
        )
    return redirect(call)

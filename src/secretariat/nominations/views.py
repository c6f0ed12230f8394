"""Calls for nominations: the list, a call with its nominations, and the secretariat's steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.views import create_from_form, form_save
from secretariat.decisions.rules import may_vote_for
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import selectors, services
from .forms import CallForm, ElectionBallotForm, ElectionOpenForm, NominationForm, SlateForm
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
    return create_from_form(
        request,
        form=CallForm(request.POST or None, region=region),
        create=lambda form: services.call_open(by=request.user, **form.cleaned_data),
        template="nominations/call_form.html",
        success_message=_("The call for nominations is open."),
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
    # In writing the tick counts it at the deadline; by hand only after it.
    context["election_closable"] = vote.deadline is None or timezone.now() >= vote.deadline
    context["voted"] = vote.casts.select_related("member").order_by("member__short_name_en")
    voters = may_vote_for(request.user, vote)
    if ballot_form is not None or voters:
        context["ballot_form"] = ballot_form or ElectionBallotForm(
            members=vote.electorate.filter(pk__in=[m.pk for m in voters]),
            candidates=call.nominations.filter(status=Nomination.Status.ELIGIBLE),
            seats=call.seats,
        )


def _page(request, region, call, *, status=200, **forms):
    """The call with the forms the viewer may use; `forms` replaces some with bound ones."""
    can_manage = request.user.has_perm("nominations.manage", region)
    context = {"call": call, "can_manage": can_manage}
    _election(request, call, context, forms.get("ballot_form"))
    decided = call.proposal_id and hasattr(call.proposal, "decision")
    if (
        can_manage
        and call.status == Call.Status.SLATE
        and "election" not in context
        and not decided
    ):
        context["election_form"] = forms.get("election_form") or _election_form(None, region, call)
    if call.status == Call.Status.OPEN and request.user.has_perm("nominations.propose", region):
        context["nomination_form"] = forms.get("nomination_form") or NominationForm(
            call=call, proposers=_proposers(request, region)
        )
    if can_manage and call.status == Call.Status.OPEN:
        context["slate_form"] = forms.get("slate_form") or SlateForm(region=region)
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
    form_save(
        form,
        lambda form: services.nomination_propose(call=call, by=request.user, **form.cleaned_data),
    )
    if form.is_valid():
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
    form_save(
        form,
        lambda form: services.call_table_slate(call=call, by=request.user, **form.service_kwargs()),
    )
    if form.is_valid():
        messages.success(request, _("The slate is tabled."))
        return redirect(call)
    return _page(request, region, call, status=400, slate_form=form)


def _secretariat_step(step):
    """A step the secretariat takes on a call: `step(call, user)` returns the message to show."""

    @require_POST
    @login_required
    @with_region
    def view(request, region, pk):
        require(request, "nominations.manage", region)
        call = _call(request, region, pk)
        try:
            message = step(call, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message)
        return redirect(call)

    return view


call_appoint = _secretariat_step(
    lambda call, by: (
        _("%(n)d holding(s) started on the post.")
        % {"n": len(services.call_appoint(call=call, by=by))}
    )
)
election_close = _secretariat_step(
    lambda call, by: (
        _("The election is counted: %(n)d seat(s) filled.")
        % {"n": len(services.election_close(call=call, by=by).elected)}
    )
)


@require_POST
@login_required
@with_region
def election_open(request, region, pk):
    require(request, "nominations.manage", region)
    call = _call(request, region, pk)
    form = _election_form(request.POST, region, call)
    form_save(
        form, lambda form: services.election_open(call=call, by=request.user, **form.cleaned_data)
    )
    if form.is_valid():
        messages.success(request, _("The election is open."))
        return redirect(call)
    return _page(request, region, call, status=400, election_form=form)


def _election_form(data, region, call):
    return ElectionOpenForm(data, region=region, has_meeting=call.proposal.meeting_id is not None)


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
    form_save(
        form, lambda form: services.election_vote(call=call, by=request.user, **form.cleaned_data)
    )
    if form.is_valid():
        messages.success(request, _("The ballot is cast."))
        return redirect(call)
    return _page(request, region, call, status=400, ballot_form=form)

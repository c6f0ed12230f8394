"""Pages of the decision register, proposals and votes. Each reads: check access, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.regions.selectors import viewer_for
from secretariat.regions.views import require, with_region

from . import exports, selectors, services
from .forms import (
    ActionDoneForm,
    ActionForm,
    BallotForm,
    CloseForm,
    ConsensusForm,
    ProposalForm,
    RegisterFilter,
    VoteOpenForm,
)
from .models import Decision, Proposal, Vote

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.as_xlsx,
    ),
    "pdf": ("application/pdf", None),
}


def _filtered(request, region):
    form = RegisterFilter(request.GET or None, region=region)
    filters = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.register(region, viewer_for(request.user), **filters)
    return form, decisions


@with_region
def register(request, region):
    form, decisions = _filtered(request, region)
    return render(
        request,
        "decisions/register.html",
        {
            "form": form,
            "decisions": decisions,
            "query": request.GET.urlencode(),
            "can_manage": request.user.has_perm("decisions.manage", region),
            "can_propose": request.user.has_perm("decisions.propose", region),
        },
        status=400 if form.errors else 200,
    )


@with_region
def register_export(request, region, fmt):
    if fmt not in EXPORTS:
        raise Http404
    _form, decisions = _filtered(request, region)
    decisions = list(decisions)
    content_type, write = EXPORTS[fmt]
    body = (
        exports.as_pdf(decisions, region=region, request=request)
        if fmt == "pdf"
        else write(decisions)
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="decisions-{region.slug}.{fmt}"'
    return response


@with_region
def decision_detail(request, region, pk):
    return _decision_page(request, region, _decision(request, region, pk))


def _decision_page(request, region, decision, *, status=200, action_form=None):
    actions = list(decision.actions.select_related("member", "entity"))
    for action in actions:
        action.may_report = request.user.is_authenticated and services.may_report_on(
            request.user, action
        )
    context = {"decision": decision, "actions": actions}
    if request.user.has_perm("decisions.manage", region):
        context["action_form"] = action_form or ActionForm(region=region)
    return render(request, "decisions/decision_detail.html", context, status=status)


def _decision(request, region, pk) -> Decision:
    try:
        return selectors.visible_decisions(region, viewer_for(request.user)).get(pk=pk)
    except Decision.DoesNotExist:
        raise Http404 from None


@require_POST
@login_required
@with_region
def action_add(request, region, pk):
    require(request, "decisions.manage", region)
    decision = _decision(request, region, pk)
    form = ActionForm(request.POST, region=region)
    if form.is_valid():
        try:
            services.action_add(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up action is added."))
            return redirect(decision)
    return _decision_page(request, region, decision, status=400, action_form=form)


@require_POST
@login_required
@with_region
def action_done(request, region, pk, action_pk):
    decision = _decision(request, region, pk)
    action = get_object_or_404(decision.actions, pk=action_pk)
    form = ActionDoneForm(request.POST)
    form.is_valid()
    try:
        services.action_done(action=action, by=request.user, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action is marked done."))
    return redirect(decision)


@with_region
def proposal_list(request, region):
    proposals = (
        selectors.visible_proposals(region, viewer_for(request.user))
        .exclude(status=Proposal.Status.DECIDED)
        .select_related("meeting__series", "series", "vote")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "decisions/proposal_list.html",
        {"proposals": proposals, "can_propose": request.user.has_perm("decisions.propose", region)},
    )


@login_required
@with_region
def proposal_add(request, region):
    require(request, "decisions.propose", region)
    viewer = viewer_for(request.user)
    form = ProposalForm(
        request.POST or None,
        region=region,
        own_members=viewer.member_editor_ids,
        is_secretariat=viewer.is_secretariat(region.pk),
        initial={"visibility": "public"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                region=region, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposal is saved as a draft."))
            return redirect(proposal)
    return render(
        request, "decisions/proposal_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _proposal(request, region, pk) -> Proposal:
    try:
        return selectors.proposal_page(region, pk, viewer_for(request.user))
    except Proposal.DoesNotExist:
        raise Http404 from None


def _proposal_page(request, region, proposal, *, status=200, **forms):
    """The proposal with the forms the viewer may use; `forms` replaces some with bound ones."""
    vote = getattr(proposal, "vote", None)
    can_manage = request.user.has_perm("decisions.manage", region)
    context = {
        "proposal": proposal,
        "vote": vote,
        "decision": getattr(proposal, "decision", None),
        "can_manage": can_manage,
        "may_act": request.user.is_authenticated
        and (
            can_manage
            or bool(
                viewer_for(request.user).member_editor_ids
                & {m.pk for m in proposal.tabled_by_members.all()}
            )
        ),
    }
    open_for_decision = proposal.status in (Proposal.Status.DRAFT, Proposal.Status.TABLED)
    if can_manage and vote is None and open_for_decision:
        context["consensus_form"] = forms.get("consensus_form") or ConsensusForm()
        context["vote_form"] = forms.get("vote_form") or VoteOpenForm(
            region=region, has_meeting=proposal.meeting_id is not None
        )
    if vote is not None and vote.is_open and not vote.election:
        context["voted"] = vote.casts.select_related("member").order_by("member__short_name_en")
        voters = services.may_vote_for(request.user, vote) if request.user.is_authenticated else []
        if "ballot_form" in forms:  # refused: shown again with its error
            context["ballot_form"] = forms["ballot_form"]
        elif voters:
            context["ballot_form"] = BallotForm(
                members=vote.electorate.filter(pk__in=[m.pk for m in voters]),
                silence=vote.mode == Vote.Mode.SILENCE,
            )
        # Written procedures close at their deadline by the tick; by hand only after it.
        closable = vote.mode == Vote.Mode.MEETING or timezone.now() >= vote.deadline
        if "close_form" in forms:  # refused: shown again with its error
            context["close_form"] = forms["close_form"]
        elif can_manage and closable:
            context["close_form"] = CloseForm(casting=vote.tie_rule == Vote.TieRule.CHAIR)
    if vote is not None and not vote.is_open and vote.ballot == Vote.Ballot.NAMED:
        context["voted"] = vote.casts.select_related("member").order_by("member__short_name_en")
    return render(request, "decisions/proposal_detail.html", context, status=status)


@with_region
def proposal_detail(request, region, pk):
    return _proposal_page(request, region, _proposal(request, region, pk))


def _done(request, proposal, message):
    messages.success(request, message)
    return redirect(proposal)


def _refused(request, proposal, error):
    messages.error(request, " ".join(error.messages))
    return redirect(proposal)


@require_POST
@login_required
@with_region
def proposal_table(request, region, pk):
    proposal = _proposal(request, region, pk)
    try:
        services.proposal_table(proposal=proposal, by=request.user)
    except ValidationError as error:
        return _refused(request, proposal, error)
    return _done(request, proposal, _("The proposal is tabled."))


@require_POST
@login_required
@with_region
def proposal_withdraw(request, region, pk):
    proposal = _proposal(request, region, pk)
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except ValidationError as error:
        return _refused(request, proposal, error)
    return _done(request, proposal, _("The proposal is withdrawn."))


@require_POST
@login_required
@with_region
def proposal_decide(request, region, pk):
    require(request, "decisions.manage", region)
    proposal = _proposal(request, region, pk)
    form = ConsensusForm(request.POST)
    if form.is_valid():
        try:
            decision = services.proposal_decide(
                proposal=proposal, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(
                request, proposal, _("Decision %(ref)s is recorded.") % {"ref": decision.reference}
            )
    return _proposal_page(request, region, proposal, status=400, consensus_form=form)


@require_POST
@login_required
@with_region
def vote_open(request, region, pk):
    require(request, "decisions.manage", region)
    proposal = _proposal(request, region, pk)
    form = VoteOpenForm(request.POST, region=region, has_meeting=proposal.meeting_id is not None)
    if form.is_valid():
        try:
            services.vote_open(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, proposal, _("The vote is open."))
    return _proposal_page(request, region, proposal, status=400, vote_form=form)


@require_POST
@login_required
@with_region
def vote_cast(request, region, pk):
    proposal = _proposal(request, region, pk)
    vote = getattr(proposal, "vote", None)
    if vote is None:
        raise Http404
    form = BallotForm(
        request.POST, members=vote.electorate.all(), silence=vote.mode == Vote.Mode.SILENCE
    )
    if form.is_valid():
        try:
            services.vote_cast(vote=vote, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(
                request,
                proposal,
                _("The vote of %(member)s is recorded.")
                % {"member": form.cleaned_data["member"].display},
            )
    return _proposal_page(request, region, proposal, status=400, ballot_form=form)


@require_POST
@login_required
@with_region
def vote_close(request, region, pk):
    require(request, "decisions.manage", region)
    proposal = _proposal(request, region, pk)
    vote = getattr(proposal, "vote", None)
    if vote is None:
        raise Http404
    form = CloseForm(request.POST, casting=vote.tie_rule == Vote.TieRule.CHAIR)
    if form.is_valid():
        try:
            decision = services.vote_close(vote=vote, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(
                request,
                proposal,
                _("The vote is closed: decision %(ref)s is recorded.")
                % {"ref": decision.reference},
            )
    return _proposal_page(request, region, proposal, status=400, close_form=form)


@with_region
def matters_arising(request, region):
    """The open follow-up actions of the region's decisions, filterable by owner."""
    owner = request.GET.get("owner", "")
    members = list(region.members.all())
    if owner not in {selectors.SECRETARIAT_OWNER, *(str(m.pk) for m in members)}:
        owner = ""
    actions = selectors.open_actions(region, viewer_for(request.user), owner=owner or None)
    return render(
        request,
        "decisions/matters_arising.html",
        {
            "actions": actions,
            "owner": owner,
            "members": members,
            "today": timezone.localdate(),
        },
    )

"""Pages of the decision register, proposals and votes. Each reads: check access, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from secretariat.core.audit import history_for
from secretariat.core.files import download, serve_stored
from secretariat.core.tables import filename, table_download
from secretariat.core.views import create_from_form, edit_versioned, form_save
from secretariat.core.visibility import Visibility
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import exports, selectors, services
from .forms import (
    ActionEditForm,
    ActionForm,
    ActionReportForm,
    AttachmentForm,
    BallotForm,
    CloseForm,
    ConsensusForm,
    ProposalEditForm,
    ProposalForm,
    RegisterFilter,
    VoteOpenForm,
)
from .models import Action, Attachment, Decision, Proposal, Vote
from .rules import may_vote_for


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
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    _form, decisions = _filtered(request, region)
    decisions = list(decisions)
    if fmt == "pdf":
        return download(
            exports.as_pdf(decisions, region=region, request=request),
            filename=filename(region.slug, "decisions", fmt="pdf"),
            content_type="application/pdf",
        )
    return table_download(exports.table(decisions), fmt=fmt, name=[region.slug, "decisions"])


@with_region
def decision_detail(request, region, pk):
    return _decision_page(request, region, _decision(request, region, pk))


def _decision_page(request, region, decision, *, status=200, action_form=None):
    actions = list(decision.actions.select_related("member", "entity"))
    for action in actions:
        action.may_report = request.user.has_perm("decisions.report_on_action", action)
    context = {
        "decision": decision,
        "actions": actions,
        "report_form": ActionReportForm(),
        "today": timezone.localdate(),
    }
    if request.user.has_perm("decisions.manage", region):
        context["action_form"] = action_form or ActionForm(region=region)
        context["can_manage"] = True
    return render(request, "decisions/decision_detail.html", context, status=status)


def _decision(request, region, pk) -> Decision:
    try:
        return selectors.visible_decisions(region, viewer_for(request.user)).get(pk=pk)
    except Decision.DoesNotExist:
        raise Http404 from None


def _action(request, region, pk, action_pk) -> Action:
    return get_object_or_404(_decision(request, region, pk).actions, pk=action_pk)


@require_POST
@login_required
@with_region
def action_add(request, region, pk):
    require(request, "decisions.manage", region)
    decision = _decision(request, region, pk)
    form = ActionForm(request.POST, region=region)
    form_save(
        form,
        lambda form: services.action_add(decision=decision, by=request.user, **form.cleaned_data),
    )
    if form.is_valid():
        messages.success(request, _("The follow-up action is added."))
        return redirect(decision)
    return _decision_page(request, region, decision, status=400, action_form=form)


@login_required
@with_region
def action_edit(request, region, pk, action_pk):
    require(request, "decisions.manage", region)
    action = _action(request, region, pk, action_pk)
    form = ActionEditForm(request.POST or None, instance=action, region=region)
    return edit_versioned(
        request,
        form=form,
        save=lambda form: services.action_update(
            action=action,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        ),
        template="decisions/action_form.html",
        context={"action": action, "decision": action.decision},
        success_url=action.decision.get_absolute_url(),
        success_message=_("The follow-up action is updated."),
    )


@login_required
@with_region
def action_delete(request, region, pk, action_pk):
    """A page that asks to confirm; the form on it deletes."""
    require(request, "decisions.manage", region)
    action = _action(request, region, pk, action_pk)
    if request.method == "POST":
        services.action_delete(action=action, by=request.user)
        messages.success(request, _("The follow-up action is deleted."))
        return redirect(action.decision)
    return render(request, "decisions/action_delete.html", {"action": action})


@require_POST
@login_required
@with_region
def action_report(request, region, pk, action_pk):
    action = _action(request, region, pk, action_pk)
    form = ActionReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Report the action in progress or done."))
        return redirect(action.decision)
    try:
        services.action_report(action=action, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The progress is reported."))
    return redirect(action.decision)


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
        initial={"visibility": Visibility.PUBLIC},
    )
    return create_from_form(
        request,
        form=form,
        create=lambda form: services.proposal_create(
            region=region, by=request.user, **form.service_kwargs()
        ),
        template="decisions/proposal_form.html",
        success_message=_("The proposal is saved as a draft."),
    )


def _editable(request, region, pk) -> Proposal:
    """A draft the viewer may change: 404 if they may not see it, 403 if not theirs to edit."""
    proposal = _proposal(request, region, pk)
    if not request.user.has_perm("decisions.act_for_proposal", proposal):
        raise PermissionDenied
    return proposal


@login_required
@with_region
def proposal_edit(request, region, pk):
    proposal = _editable(request, region, pk)
    form = ProposalEditForm(request.POST or None, instance=proposal, region=region)
    return edit_versioned(
        request,
        form=form,
        save=lambda form: services.proposal_update(
            proposal=proposal,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        ),
        template="decisions/proposal_form.html",
        context={"proposal": proposal},
        success_url=proposal.get_absolute_url(),
        success_message=_("The proposal is updated."),
    )


@require_POST
@login_required
@with_region
def attachment_add(request, region, pk):
    proposal = _editable(request, region, pk)
    form = AttachmentForm(request.POST, request.FILES)
    form_save(
        form,
        lambda form: services.proposal_attach(
            proposal=proposal, by=request.user, upload=form.cleaned_data["file"]
        ),
        field="file",
    )
    if form.is_valid():
        return _done(request, proposal, _("The file is attached."))
    return _proposal_page(request, region, proposal, status=400, attachment_form=form)


@with_region
def attachment_download(request, region, pk, attachment):
    """Served as a download that never acts as a page of the site (core.files)."""
    proposal = _proposal(request, region, pk)
    item = get_object_or_404(Attachment, proposal=proposal, pk=attachment)
    public = proposal.visibility == Visibility.PUBLIC and proposal.status != Proposal.Status.DRAFT
    return serve_stored(item.file.open("rb"), filename=item.name, private=not public)


def _proposal(request, region, pk) -> Proposal:
    try:
        return selectors.proposal_page(region, pk, viewer_for(request.user))
    except Proposal.DoesNotExist:
        raise Http404 from None


def _proposal_page(request, region, proposal, *, status=200, **forms):
    """The proposal with the forms the viewer may use; `forms` replaces some with bound ones."""
    vote = getattr(proposal, "vote", None)
    can_manage = request.user.has_perm("decisions.manage", region)
    may_act = request.user.has_perm("decisions.act_for_proposal", proposal)
    context = {
        "proposal": proposal,
        "vote": vote,
        "decision": getattr(proposal, "decision", None),
        "can_manage": can_manage,
        "may_act": may_act,
        "history": history_for(
            proposal,
            drafts=can_manage or may_act,
            actors=can_manage,
            published_at=selectors.proposal_published_at(proposal),
        ),
    }
    if may_act and proposal.status == Proposal.Status.DRAFT:
        context["attachment_form"] = forms.get("attachment_form") or AttachmentForm()
    open_for_decision = proposal.status in (Proposal.Status.DRAFT, Proposal.Status.TABLED)
    if can_manage and vote is None and open_for_decision:
        context["consensus_form"] = forms.get("consensus_form") or ConsensusForm()
        context["vote_form"] = forms.get("vote_form") or VoteOpenForm(
            region=region, has_meeting=proposal.meeting_id is not None
        )
    if vote is not None and vote.is_open and not vote.election:
        context["voted"] = vote.casts.select_related("member").order_by("member__short_name_en")
        voters = may_vote_for(request.user, vote)
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


def _proposal_step(service, message):
    """A step on a proposal that its drafters or the secretariat take: table, withdraw."""

    @require_POST
    @login_required
    @with_region
    def view(request, region, pk):
        proposal = _proposal(request, region, pk)
        try:
            service(proposal=proposal, by=request.user)
        except ValidationError as error:
            return _refused(request, proposal, error)
        return _done(request, proposal, message)

    return view


proposal_table = _proposal_step(services.proposal_table, _lazy("The proposal is tabled."))
proposal_withdraw = _proposal_step(services.proposal_withdraw, _lazy("The proposal is withdrawn."))


@require_POST
@login_required
@with_region
def proposal_decide(request, region, pk):
    require(request, "decisions.manage", region)
    proposal = _proposal(request, region, pk)
    form = ConsensusForm(request.POST)
    decision = form_save(
        form,
        lambda form: services.proposal_decide(
            proposal=proposal, by=request.user, **form.cleaned_data
        ),
    )
    if decision is not None:
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
    form_save(
        form,
        lambda form: services.vote_open(proposal=proposal, by=request.user, **form.cleaned_data),
    )
    if form.is_valid():
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
    form_save(
        form, lambda form: services.vote_cast(vote=vote, by=request.user, **form.cleaned_data)
    )
    if form.is_valid():
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
    decision = form_save(
        form, lambda form: services.vote_close(vote=vote, by=request.user, **form.cleaned_data)
    )
    if decision is not None:
        return _done(
            request,
            proposal,
            _("The vote is closed: decision %(ref)s is recorded.") % {"ref": decision.reference},
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

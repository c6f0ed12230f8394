"""Read-only API: the decision register, a proposal with its vote, and calls for nominations.

What a caller sees comes from the same selectors as the pages. A vote's result is given
once the vote closes; a caller's own Members' ballots are given to that caller only, and
a secret ballot's choice to nobody.
"""

import datetime
from typing import Literal

from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from secretariat.api.common import ERRORS, RegionSlug, region_or_404
from secretariat.decisions import selectors
from secretariat.decisions.models import Action, Decision, Proposal, Vote
from secretariat.nominations import selectors as nomination_selectors
from secretariat.nominations.models import Call, Nomination
from secretariat.regions.selectors import viewer_for

router = Router(tags=["decisions"])

Id = Path(..., ge=1, le=2**31 - 1)


def _both(obj, attr):
    with translation.override("en"):
        en = str(getattr(obj, attr))
    with translation.override("fr"):
        fr = str(getattr(obj, attr))
    return en, fr


class DecisionOut(Schema):
    id: int
    reference: str = Field(description="E.g. `RHCAC21/D3`; `RHCAC/W1` for one taken in writing.")
    title_en: str
    title_fr: str
    text_en: str = Field(description="Markdown.")
    text_fr: str
    meeting: str | None = Field(description="The meeting's reference; null when in writing.")
    agenda_item_en: str | None
    decided_on: datetime.date
    method: Literal[tuple(Decision.Method.values)]
    outcome: Literal[tuple(Decision.Outcome.values)]
    result_en: str = Field(description="The published count; empty when decided without a vote.")
    result_fr: str
    visibility: Literal["public", "members", "named", "secretariat"]
    proposal: int

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting.reference if obj.meeting_id else None

    @staticmethod
    def resolve_agenda_item_en(obj):
        return obj.agenda_item.title_en if obj.agenda_item_id else None

    @staticmethod
    def resolve_result_en(obj):
        return _both(obj, "result")[0]

    @staticmethod
    def resolve_result_fr(obj):
        return _both(obj, "result")[1]

    @staticmethod
    def resolve_proposal(obj):
        return obj.proposal_id


class RegisterFilters(Schema):
    series: str | None = Field(None, max_length=20, description="A series reference: `RHCAC`.")
    year: int | None = Field(None, ge=1900, le=2999)
    outcome: Literal[tuple(Decision.Outcome.values)] | None = None


@router.get(
    "/{region}/decisions",
    response={200: list[DecisionOut]} | ERRORS,
    summary="The decision register",
    description="Every decision you may see, latest first.",
)
def decision_list(request, filters: Query[RegisterFilters], region: str = RegionSlug):
    region = region_or_404(region)
    return selectors.register(region, viewer_for(request.user), **filters.dict())


@router.get(
    "/{region}/decisions/{decision}",
    response={200: DecisionOut} | ERRORS,
    summary="One decision",
)
def decision_detail(request, region: str = RegionSlug, decision: int = Id):
    region = region_or_404(region)
    try:
        return selectors.visible_decisions(region, viewer_for(request.user)).get(pk=decision)
    except Decision.DoesNotExist:
        raise HttpError(
            404, _("There is no decision %s that you may see here.") % decision
        ) from None


class ActionOut(Schema):
    id: int
    decision: str = Field(description="The decision's reference: `RHCAC21/D3`.")
    text_en: str
    text_fr: str
    owner_member: str | None = Field(description="The owning Member's slug, if a Member owns it.")
    owner_entity: str | None = Field(description="The owning entity's short name (English).")
    due_on: datetime.date
    status: Literal[tuple(Action.Status.values)]
    note: str

    @staticmethod
    def resolve_decision(obj):
        return obj.decision.reference

    @staticmethod
    def resolve_owner_member(obj):
        return obj.member.slug if obj.member_id else None

    @staticmethod
    def resolve_owner_entity(obj):
        return obj.entity.short_name_en if obj.entity_id else None


@router.get(
    "/{region}/actions",
    response={200: list[ActionOut]} | ERRORS,
    summary="Open follow-up actions (matters arising)",
    description="The open actions of the decisions you may see, soonest due first. "
    "`owner`: a Member's slug, or `secretariat`.",
)
def action_list(request, owner: str | None = None, region: str = RegionSlug):
    region = region_or_404(region)
    if owner and owner != selectors.SECRETARIAT_OWNER:
        member = region.members.filter(slug=owner[:60]).first()
        if member is None:
            raise HttpError(404, _("There is no Member %s here.") % owner)
        owner = member.pk
    return selectors.open_actions(region, viewer_for(request.user), owner=owner)


class BallotOut(Schema):
    member: str = Field(description="One of your own Members.")
    choice: Literal["yes", "no", "abstain"] | None = Field(
        description="Null for a secret ballot: nobody can read it, you included."
    )
    cast_at: datetime.datetime


class VoteOut(Schema):
    mode: Literal[tuple(Vote.Mode.values)]
    ballot: Literal[tuple(Vote.Ballot.values)]
    quorum: int
    majority: Literal[tuple(Vote.Majority.values)]
    base: Literal[tuple(Vote.Base.values)]
    tie_rule: Literal[tuple(Vote.TieRule.values)]
    deadline: datetime.datetime | None
    closed: bool
    yes: int | None = Field(description="Null until the vote closes.")
    no: int | None
    abstain: int | None
    entitled: int | None
    my_ballots: list[BallotOut]


class ProposalOut(Schema):
    id: int
    title_en: str
    title_fr: str
    text_en: str
    text_fr: str
    status: Literal[tuple(Proposal.Status.values)]
    meeting: str | None
    series: str
    vote: VoteOut | None
    decision: str | None = Field(description="The decision's reference, once decided.")


def _vote_out(vote, viewer):
    if vote is None:
        return None
    mine = vote.casts.filter(member__in=viewer.member_editor_ids).select_related("member")
    closed = not vote.is_open
    return {
        "mode": vote.mode,
        "ballot": vote.ballot,
        "quorum": vote.quorum,
        "majority": vote.majority,
        "base": vote.base,
        "tie_rule": vote.tie_rule,
        "deadline": vote.deadline,
        "closed": closed,
        "yes": vote.yes if closed else None,
        "no": vote.no if closed else None,
        "abstain": vote.abstain if closed else None,
        "entitled": vote.electorate_size if closed else None,
        "my_ballots": [
            {"member": c.member.short_name_en, "choice": c.choice or None, "cast_at": c.cast_at}
            for c in mine
        ],
    }


@router.get(
    "/{region}/proposals/{proposal}",
    response={200: ProposalOut} | ERRORS,
    summary="A proposal with its vote",
    description="Drafts are shown to the secretariat and those who drafted them only.",
)
def proposal_detail(request, region: str = RegionSlug, proposal: int = Id):
    region = region_or_404(region)
    viewer = viewer_for(request.user)
    try:
        found = selectors.proposal_page(region, proposal, viewer)
    except Proposal.DoesNotExist:
        raise HttpError(
            404, _("There is no proposal %s that you may see here.") % proposal
        ) from None
    decision = getattr(found, "decision", None)
    return {
        "id": found.pk,
        "title_en": found.title_en,
        "title_fr": found.title_fr,
        "text_en": found.text_en,
        "text_fr": found.text_fr,
        "status": found.status,
        "meeting": found.meeting.reference if found.meeting_id else None,
        "series": found.series.reference,
        "vote": _vote_out(getattr(found, "vote", None), viewer),
        "decision": decision.reference if decision else None,
    }


class NominationOut(Schema):
    nominee: str
    proposed_by: str
    statement: str
    status: Literal[tuple(Nomination.Status.values)]
    reasons: list[str] | None = Field(description="The secretariat's check; null for others.")
    votes: int | None = Field(
        description="The candidate's votes once the election is counted; null before, and "
        "when the slate was endorsed without an election. Ballots are secret: only totals."
    )


class ElectionOut(Schema):
    mode: Literal["meeting", "written"]
    deadline: datetime.datetime | None = Field(description="In writing only.")
    closed: bool
    ballots: int | None = Field(description="How many Members voted; null until counted.")
    entitled: int | None = Field(description="Members entitled to vote; null until counted.")


class CallOut(Schema):
    id: int
    post: str = Field(description="The post's short address.")
    term_starts_on: datetime.date
    term_ends_on: datetime.date | None
    seats: int
    deadline: datetime.datetime
    subject_to_confirmation: bool
    status: Literal[tuple(Call.Status.values)]
    election: ElectionOut | None = Field(description="Null unless the slate goes to an election.")
    nominations: list[NominationOut]


@router.get(
    "/{region}/nominations",
    response={200: list[CallOut]} | ERRORS,
    summary="Calls for nominations and their nominations",
)
def call_list(request, region: str = RegionSlug):
    region = region_or_404(region)
    viewer = viewer_for(request.user)
    secretariat = viewer.is_secretariat(region.pk)
    calls = (
        nomination_selectors.visible_calls(region, viewer)
        .select_related("proposal__vote")
        .prefetch_related("nominations__member", "nominations__person", "nominations__proposed_by")
    )
    return [
        {
            "id": c.pk,
            "post": c.post.slug,
            "term_starts_on": c.term_starts_on,
            "term_ends_on": c.term_ends_on,
            "seats": c.seats,
            "deadline": c.deadline,
            "subject_to_confirmation": c.subject_to_confirmation,
            "status": c.status,
            "election": _election_out(c),
            "nominations": [
                {
                    "nominee": str(n.nominee),
                    "proposed_by": n.proposed_by.short_name_en,
                    "statement": n.statement,
                    "status": n.status,
                    "reasons": n.reasons if secretariat else None,
                    "votes": n.votes,
                }
                for n in c.nominations.all()
            ],
        }
        for c in calls
    ]


def _election_out(call):
    vote = getattr(call.proposal, "vote", None) if call.proposal_id else None
    if vote is None or not vote.election:
        return None
    closed = not vote.is_open
    return {
        "mode": vote.mode,
        "deadline": vote.deadline,
        "closed": closed,
        "ballots": vote.yes if closed else None,
        "entitled": vote.electorate_size if closed else None,
    }

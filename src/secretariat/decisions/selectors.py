"""Reads worth a name: the register, a decision, a proposal, as a viewer may see them."""

from django.db.models import Prefetch, Q

from secretariat.core.audit import history_of
from secretariat.core.visibility import Viewer, visible_q
from secretariat.meetings.selectors import published_q
from secretariat.regions.models import Member

from .models import Action, Decision, Proposal

REGISTER_RELATED = ("region", "series", "meeting__series", "agenda_item", "proposal__vote")


def _allowed(model, region, viewer: Viewer):
    """Rows of `model` in `region` that `viewer` may see, "Named Members" included; none of
    a meeting whose session is still a draft, but for the secretariat."""
    rows = model.objects.filter(region=region).filter(
        Q(meeting=None) | published_q(viewer, session="meeting__session__", region="region")
    )
    if not viewer.member_ids:
        return rows.filter(visible_q(viewer))
    # Named sharing joins the Members table; the subquery keeps one row per object.
    return rows.filter(pk__in=model.objects.filter(visible_q(viewer)).values("pk"))


def visible_decisions(region, viewer: Viewer):
    return _allowed(Decision, region, viewer).select_related(*REGISTER_RELATED)


def register(region, viewer: Viewer, *, series=None, meeting=None, year=None, outcome=None, q=""):
    """The decision register, filtered; every filter is optional."""
    decisions = visible_decisions(region, viewer)
    if series:
        decisions = decisions.filter(series__reference=series)
    if meeting:
        decisions = decisions.filter(meeting=meeting)
    if year:
        decisions = decisions.filter(decided_on__year=year)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    if q:
        decisions = (
            decisions.filter(title_en__icontains=q)
            | decisions.filter(title_fr__icontains=q)
            | decisions.filter(reference__icontains=q)
        )
    return decisions.order_by("-decided_on", "series__order", "number")


def visible_proposals(region, viewer: Viewer):
    """Proposals the viewer may see; drafts only for the secretariat and those who drafted them."""
    proposals = _allowed(Proposal, region, viewer)
    if not viewer.is_secretariat(region.pk):
        drafts = Proposal.objects.filter(
            status=Proposal.Status.DRAFT, tabled_by_members__in=viewer.member_editor_ids
        )
        proposals = proposals.exclude(status=Proposal.Status.DRAFT) | proposals.filter(
            pk__in=drafts.values("pk")
        )
    return proposals.distinct()


def proposal_page(region, pk, viewer: Viewer) -> Proposal:
    return (
        visible_proposals(region, viewer)
        .select_related("region", "series", "meeting__series", "agenda_item", "tabled_by_entity")
        .prefetch_related(
            Prefetch("tabled_by_members", queryset=Member.objects.order_by("short_name_en")),
            "documents",
            "attachments",
            Prefetch("shared_with", queryset=Member.objects.order_by("short_name_en")),
        )
        .get(pk=pk)
    )


def decisions_of_meeting(meeting, viewer: Viewer):
    return visible_decisions(meeting.series.region, viewer).filter(meeting=meeting)


SECRETARIAT_OWNER = "secretariat"


def open_actions(region, viewer: Viewer, *, owner=None):
    """Open actions of the decisions a viewer may see ("matters arising"), soonest due first.

    `owner`: a Member's pk, or "secretariat" for the secretariat's own actions.
    """
    decisions = _allowed(Decision, region, viewer)
    actions = Action.objects.filter(decision__in=decisions, status__in=Action.PENDING)
    if owner == SECRETARIAT_OWNER:
        actions = actions.filter(member=None, entity=None)
    elif owner:
        actions = actions.filter(member=owner)
    return actions.select_related("decision__region", "member", "entity").order_by("due_on", "pk")


def proposal_published_at(proposal):
    """When the proposal left its draft (tabled, decided or withdrawn), or None: what came
    before is its tablers' and the secretariat's business (core.audit.history_for)."""
    if proposal.status == Proposal.Status.DRAFT:
        return None
    left = history_of(proposal).filter(changes__status__0=Proposal.Status.DRAFT)
    return left.order_by("at", "id").values_list("at", flat=True).first()

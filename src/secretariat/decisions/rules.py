"""Who may do what with proposals, votes, decisions and follow-up actions.

The secretariat runs the procedure and records what the chair declares; a Member's
contact point or Head of Customs tables proposals and votes for that Member only; an
action's owner (a Member's contact point or Head of Customs, an entity's officer) reports on it.
"""

import rules

from secretariat.regions.models import Role
from secretariat.regions.rules import is_secretariat, represents_member
from secretariat.regions.selectors import viewer_for


@rules.predicate
def represents_some_member(user, region):
    """A contact point or Head of Customs of any Member of `region`'s."""
    viewer = viewer_for(user)
    return (
        region is not None and bool(viewer.member_editor_ids) and viewer.is_participant(region.pk)
    )


@rules.predicate
def tables_as(user, tablers):
    """On (region, members, entity, secretariat), who a new proposal says tables it: the
    secretariat names anyone; a contact point names only its own Members (naming nobody is
    then refused by the service as incomplete, not as forbidden)."""
    region, members, entity, secretariat = tablers
    if region is None:
        return False
    if is_secretariat(user, region):
        return True
    own = viewer_for(user).member_editor_ids
    return (
        represents_some_member(user, region)
        and not entity
        and not secretariat
        and all(m.pk in own for m in members or ())
    )


@rules.predicate
def acts_for(user, proposal):
    """The secretariat, or a contact point or Head of Customs of a Member that tables it."""
    if proposal is None:
        return False
    if is_secretariat(user, proposal):
        return True
    own = viewer_for(user).member_editor_ids
    return any(m.pk in own for m in proposal.tabled_by_members.all())


def may_vote_for(user, vote) -> list:
    """The Members of the electorate `user` votes for (their own), that have not voted yet."""
    own = viewer_for(user).member_editor_ids
    if not own:
        return []
    voted = set(vote.casts.values_list("member_id", flat=True))
    return [m for m in vote.electorate.all() if m.pk in own and m.pk not in voted]


@rules.predicate
def reports_on(user, action):
    """The secretariat, or the owner: a Member's contact point or Head of Customs, an entity's
    officer."""
    if action is None:
        return False
    if is_secretariat(user, action.decision):
        return True
    if action.member_id is not None:
        return action.member_id in viewer_for(user).member_editor_ids
    if action.entity_id is not None and getattr(user, "is_authenticated", False):
        return (
            Role.objects.active_on()
            .filter(entity=action.entity_id, kind=Role.Kind.ENTITY_OFFICER, person__user=user)
            .exists()
        )
    return False


rules.add_perm("decisions.manage", is_secretariat)
rules.add_perm("decisions.propose", is_secretariat | represents_some_member)
rules.add_perm("decisions.table_as", tables_as)
rules.add_perm("decisions.act_for_proposal", acts_for)
# On the Member: whether the vote is open and the Member in its electorate the services check.
rules.add_perm("decisions.cast_ballot", represents_member)
rules.add_perm("decisions.report_on_action", reports_on)

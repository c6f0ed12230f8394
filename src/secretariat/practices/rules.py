"""Who may do what with practices: a Member's contact point keeps them; the secretariat curates."""

import rules

from secretariat.regions.rules import is_participant, is_secretariat, represents_member
from secretariat.regions.selectors import viewer_for


@rules.predicate
def represents_some_member(user, region):
    """A contact point or Head of Customs of one of the region's Members."""
    viewer = viewer_for(user)
    return (
        region is not None and bool(viewer.member_editor_ids) and viewer.is_participant(region.pk)
    )


@rules.predicate
def keeps_practice(user, practice):
    """The practice's own Member's contact point or Head of Customs."""
    return practice is not None and practice.member_id in viewer_for(user).member_editor_ids


rules.add_perm("practices.add_practice", represents_some_member)
rules.add_perm("practices.add_practice_for", represents_member)  # on the Member
rules.add_perm("practices.change_practice", keeps_practice)
rules.add_perm("practices.curate", is_secretariat)
rules.add_perm("practices.see_members_only", is_participant)

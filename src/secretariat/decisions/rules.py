"""Who may do what with proposals, votes and decisions.

The secretariat runs the procedure and records what the chair declares; a Member's
contact point or Head of Customs tables proposals and votes for that Member only
(services check the Member itself: see `proposal_create` and `vote_cast`).
"""

import rules

from secretariat.regions.rules import is_secretariat, represents_member
from secretariat.regions.selectors import viewer_for


@rules.predicate
def represents_some_member(user, region):
    """A contact point or Head of Customs of any Member of `region`'s."""
    viewer = viewer_for(user)
    return (
        region is not None and bool(viewer.member_editor_ids) and viewer.is_participant(region.pk)
    )


rules.add_perm("decisions.manage", is_secretariat)
rules.add_perm("decisions.propose", is_secretariat | represents_some_member)
rules.add_perm("decisions.vote_for_member", represents_member)

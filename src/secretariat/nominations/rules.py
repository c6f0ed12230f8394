"""Who may do what with calls for nominations: the secretariat runs them, Members propose."""

import rules

from secretariat.decisions.rules import represents_some_member
from secretariat.regions.rules import is_secretariat, represents_member


@rules.predicate
def proposes_for(user, nomination):
    """On (call, proposing Member): the secretariat for any Member, a contact point or Head of
    Customs for its own."""
    call, member = nomination
    return call is not None and (is_secretariat(user, call) or represents_member(user, member))


rules.add_perm("nominations.manage", is_secretariat)
rules.add_perm("nominations.propose", is_secretariat | represents_some_member)
rules.add_perm("nominations.propose_for", proposes_for)

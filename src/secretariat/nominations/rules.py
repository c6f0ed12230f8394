"""Who may do what with calls for nominations: the secretariat runs them, Members propose."""

import rules

from secretariat.decisions.rules import represents_some_member
from secretariat.regions.rules import is_secretariat

rules.add_perm("nominations.manage", is_secretariat)
rules.add_perm("nominations.propose", is_secretariat | represents_some_member)

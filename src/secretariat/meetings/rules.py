"""Who may do what with meetings."""

import rules

from secretariat.regions.rules import is_participant, is_secretariat

rules.add_perm("meetings.manage_meetings", is_secretariat)
# The video link is for the region's participants (registered delegations come later).
rules.add_perm("meetings.see_join_link", is_secretariat | is_participant)

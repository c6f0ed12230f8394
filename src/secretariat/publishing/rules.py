"""Who may do what with news: the secretariat writes and publishes; everyone reads what is out."""

import rules

from secretariat.regions.rules import is_secretariat

rules.add_perm("publishing.manage_news", is_secretariat)

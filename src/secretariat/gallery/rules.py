"""Who may do what with galleries: the secretariat keeps them; who sees one is its visibility."""

import rules

from secretariat.regions.rules import is_secretariat

rules.add_perm("gallery.manage_gallery", is_secretariat)

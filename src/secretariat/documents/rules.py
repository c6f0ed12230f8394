"""Who may do what with meeting documents.

Uploading and replacing is managing the meeting: the region's secretariat. Reading is the
document's visibility (core.visibility), applied by the selectors.
"""

import rules

from secretariat.core.visibility import can_see
from secretariat.regions.rules import is_secretariat
from secretariat.regions.selectors import viewer_for


@rules.predicate
def may_see_document(user, document):
    return document is not None and can_see(
        viewer_for(user),
        document,
        region_id=document.region_id,
        named_ids=document.shared_with.values_list("pk", flat=True),
    )


rules.add_perm("documents.manage_documents", is_secretariat)
rules.add_perm("documents.view_document", may_see_document)

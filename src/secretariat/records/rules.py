"""Who may do what with summary records.

The secretariat drafts, edits, circulates, adopts and opens new editions; a Member's
contact point or Head of Customs comments for that Member while the record is circulated;
whoever may see one of the session's meetings reads the adopted record.
"""

import rules

from secretariat.meetings.selectors import session_seen_by
from secretariat.regions.rules import is_secretariat, represents_member
from secretariat.regions.selectors import viewer_for


def _region_id(record):
    return record.session.region_id


@rules.predicate
def runs_record(user, record):
    """Secretariat staff of the record's region."""
    return record is not None and viewer_for(user).is_secretariat(_region_id(record))


@rules.predicate
def reads_record(user, record):
    """Circulated: the region's participants; adopted: whoever may see one of its meetings."""
    if record is None:
        return False
    viewer = viewer_for(user)
    region_id = _region_id(record)
    if record.session.published_at is None:
        return False  # a draft session's record is the secretariat's (runs_record)
    if record.status == record.Status.CIRCULATED:
        return viewer.is_participant(region_id)
    if record.status == record.Status.ADOPTED:
        return session_seen_by(viewer, record.session)
    return False


@rules.predicate
def comments_for_member(user, record):
    """A contact point or Head of Customs of one of the region's Members, comments still open."""
    if record is None or not record.comments_open():
        return False
    viewer = viewer_for(user)
    return bool(viewer.member_editor_ids) and viewer.is_participant(_region_id(record))


@rules.predicate
def comments_as(user, comment):
    """On (record, Member): the Member's contact point or Head of Customs, the Member being of
    the record's region. Whether comments are still open the service checks."""
    record, member = comment
    return (
        record is not None
        and member is not None
        and member.region_id == _region_id(record)
        and represents_member(user, member)
    )


rules.add_perm("records.manage", is_secretariat)  # on a region: draft a session's record
rules.add_perm("records.edit_record", runs_record)
rules.add_perm("records.view_record", runs_record | reads_record)
rules.add_perm("records.comment", comments_for_member)
rules.add_perm("records.comment_for_member", comments_as)

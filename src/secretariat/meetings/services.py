"""Every write to meeting series, sessions, meetings and agendas."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.regions.services import unique_slug

from .models import AgendaItem, Meeting, Postponement, Series, Session
from .ordinals import ordinal

# Which status a meeting may move to from each status.
TRANSITIONS = {
    Meeting.Status.PLANNED: {
        Meeting.Status.CONVENED,
        Meeting.Status.POSTPONED,
        Meeting.Status.CANCELLED,
        Meeting.Status.HELD,
    },
    Meeting.Status.CONVENED: {
        Meeting.Status.POSTPONED,
        Meeting.Status.CANCELLED,
        Meeting.Status.HELD,
    },
    Meeting.Status.POSTPONED: {
        Meeting.Status.PLANNED,
        Meeting.Status.CONVENED,
        Meeting.Status.CANCELLED,
        Meeting.Status.HELD,
    },
    Meeting.Status.HELD: {Meeting.Status.CLOSED},
    Meeting.Status.CLOSED: set(),
    Meeting.Status.CANCELLED: set(),
}


def _check_times(starts_at, ends_at):
    if ends_at is not None and (starts_at is None or ends_at < starts_at):
        raise ValidationError({"ends_at": _("The end comes before the start.")})


@transaction.atomic
def series_create(*, region, by, **fields) -> Series:
    fields.setdefault("slug", unique_slug(Series, region, fields.get("reference", "")))
    series = Series(region=region, **fields)
    series.full_clean()
    series.save()
    audit.record(by=by, action=audit.CREATED, obj=series)
    return series


@transaction.atomic
def session_create(*, region, by, **fields) -> Session:
    _check_times(fields.get("starts_at"), fields.get("ends_at"))
    session = Session(region=region, **fields)
    session.full_clean()
    session.save()
    audit.record(by=by, action=audit.CREATED, obj=session)
    return session


@transaction.atomic
def meeting_create(
    *, series, number, by, session=None, visibility=None, title_en="", title_fr="", **session_fields
) -> Meeting:
    """The `number`th meeting of `series`, in its own session unless `session` is given."""
    if series.meetings.filter(number=number).exists():
        raise ValidationError(
            {
                "number": _("The %(n)s meeting of this series already exists.")
                % {"n": ordinal(number)}
            }
        )
    if session is None:
        session = session_create(region=series.region, by=by, **session_fields)
    elif session.region_id != series.region_id:
        raise ValidationError(_("The session belongs to another region."))
    meeting = Meeting(
        series=series, number=number, session=session, title_en=title_en, title_fr=title_fr
    )
    if visibility:
        meeting.visibility = visibility
    meeting.full_clean()
    meeting.save()
    audit.record(by=by, action=audit.CREATED, obj=meeting)
    return meeting


@transaction.atomic
def meeting_postpone(*, meeting, by, reason_en, reason_fr="", to=None) -> Postponement:
    """Postpone to `to` (a datetime), or to a date to be decided; the session moves with it."""
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise ValidationError(
            _("A meeting that is %(status)s cannot be postponed.")
            % {"status": meeting.get_status_display()}
        )
    if not reason_en.strip():
        raise ValidationError({"reason_en": _("Say why the meeting is postponed.")})
    session = meeting.session
    if to is not None and session.starts_at is not None and to <= session.starts_at:
        raise ValidationError({"to": _("A postponement moves the meeting later.")})
    postponement = Postponement.objects.create(
        meeting=meeting,
        was_starts_at=session.starts_at,
        now_starts_at=to,
        reason_en=reason_en,
        reason_fr=reason_fr,
    )
    before = audit.snapshot(session)
    length = (
        (session.ends_at - session.starts_at)
        if session.ends_at and session.starts_at
        else datetime.timedelta(0)
    )
    session.starts_at, session.ends_at = to, (to + length if to else None)
    session.save(update_fields=["starts_at", "ends_at"])
    audit.record(by=by, action=gettext_noop("session moved"), obj=session, before=before)
    _set_status(meeting, Meeting.Status.POSTPONED, by, note=reason_en)
    return postponement


def _set_status(meeting, status, by, note=""):
    before = audit.snapshot(meeting)
    meeting.status = status
    meeting.save(update_fields=["status"])
    audit.record(
        by=by, action=gettext_noop("status changed"), obj=meeting, before=before, note=note
    )


@transaction.atomic
def meeting_set_status(*, meeting, status, by) -> Meeting:
    if status not in TRANSITIONS[meeting.status]:
        raise ValidationError(
            _("A meeting that is %(now)s cannot become %(then)s.")
            % {"now": meeting.get_status_display(), "then": Meeting.Status(status).label}
        )
    _set_status(meeting, status, by)
    return meeting


@transaction.atomic
def sessions_join(*, meetings, by, **session_fields) -> Session:
    """Hold `meetings` together in one new joint session; their old sessions point to it."""
    if len(meetings) < 2:
        raise ValidationError(_("A joint session needs at least two meetings."))
    regions = {m.series.region_id for m in meetings}
    if len(regions) != 1:
        raise ValidationError(_("The meetings of a joint session must be in one region."))
    joint = session_create(region=meetings[0].series.region, by=by, **session_fields)
    for meeting in meetings:
        old = meeting.session
        before = audit.snapshot(meeting)
        meeting.session = joint
        meeting.save(update_fields=["session"])
        audit.record(
            by=by, action=gettext_noop("joined a joint session"), obj=meeting, before=before
        )
        if not old.meetings.exists():
            old.merged_into = joint
            old.save(update_fields=["merged_into"])
    return joint


@transaction.atomic
def agenda_item_add(*, session, kind, title_en, by, parent=None, **fields) -> AgendaItem:
    _check_agenda_open(session)
    siblings = session.agenda.filter(parent=parent)
    position = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
    item = AgendaItem(
        session=session, parent=parent, position=position, kind=kind, title_en=title_en, **fields
    )
    if item.meeting_id and item.meeting.session_id != session.pk:
        raise ValidationError(_("That meeting is not held in this session."))
    item.full_clean()
    item.save()
    audit.record(by=by, action=audit.CREATED, obj=item)
    return item


def _check_agenda_open(session):
    if session.agenda_adopted_at is not None:
        raise ValidationError(_("The agenda was adopted and is locked."))


@transaction.atomic
def agenda_item_move(*, item, up, by) -> AgendaItem:
    """Swap `item` with the sibling before it (`up`) or after it."""
    _check_agenda_open(item.session)
    siblings = item.session.agenda.filter(parent=item.parent_id)
    other = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return item
    before = audit.snapshot(item)
    item.position, other.position = other.position, item.position
    AgendaItem.objects.filter(pk=other.pk).update(position=other.position)
    item.save(update_fields=["position"])
    audit.record(by=by, action=gettext_noop("agenda item moved"), obj=item, before=before)
    return item


@transaction.atomic
def agenda_adopt(*, session, by) -> Session:
    _check_agenda_open(session)
    if not session.agenda.exists():
        raise ValidationError(_("An empty agenda cannot be adopted."))
    before = audit.snapshot(session)
    session.agenda_adopted_at = timezone.now()
    session.save(update_fields=["agenda_adopted_at"])
    audit.record(by=by, action=gettext_noop("agenda adopted"), obj=session, before=before)
    return session

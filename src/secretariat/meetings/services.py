"""Every write to meeting series, sessions, meetings and agendas."""

import datetime
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.mail import mail_queue
from secretariat.core.permissions import service
from secretariat.core.slugs import unique_slug
from secretariat.core.versions import save_versioned
from secretariat.regions.models import Person
from secretariat.search.index import entries_refresh

from . import calendar
from .models import AgendaAmendment, AgendaItem, Meeting, Postponement, Series, Session
from .ordinals import ordinal
from .participation import registered_delegates

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


@service("meetings.manage_meetings", on="region")
@transaction.atomic
def series_create(*, region, by, **fields) -> Series:
    fields.setdefault("slug", unique_slug(Series, region, fields.get("reference", "")))
    series = Series(region=region, **fields)
    series.full_clean()
    series.save()
    audit.record(by=by, action=audit.CREATED, obj=series)
    return series


@service("meetings.manage_meetings", on="region")
@transaction.atomic
def session_create(*, region, by, **fields) -> Session:
    _check_times(fields.get("starts_at"), fields.get("ends_at"))
    session = Session(region=region, **fields)
    session.full_clean()
    session.save()
    audit.record(by=by, action=audit.CREATED, obj=session)
    entries_refresh(session)
    return session


@service("meetings.manage_meetings", on="series")
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
    entries_refresh(meeting)
    return meeting


SESSION_PUBLISHED = gettext_noop("session published")


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def session_publish(*, session, by) -> Session:
    """Publish a draft session: from now on its meetings' visibility says who sees it."""
    if session.published_at is not None:
        raise ValidationError(_("The session is already published."))
    before = audit.snapshot(session)
    session.published_at = timezone.now()
    session.save(update_fields=["published_at"])
    audit.record(by=by, action=SESSION_PUBLISHED, obj=session, before=before)
    entries_refresh(session)
    return session


@service("meetings.manage_meetings", on="meeting.series")
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
    session.sequence += 1
    session.save(update_fields=["starts_at", "ends_at", "sequence"])
    audit.record(by=by, action=gettext_noop("session moved"), obj=session, before=before)
    entries_refresh(session)
    _set_status(meeting, Meeting.Status.POSTPONED, by, note=reason_en)
    schedule_mail(session=session, change="moved", reason_en=reason_en, reason_fr=reason_fr)
    return postponement


STATUS_CHANGED = gettext_noop("status changed")


def _set_status(meeting, status, by, note=""):
    before = audit.snapshot(meeting)
    meeting.status = status
    meeting.save(update_fields=["status"])
    audit.record(by=by, action=STATUS_CHANGED, obj=meeting, before=before, note=note)


@service("meetings.manage_meetings", on="meeting.series")
@transaction.atomic
def meeting_set_status(*, meeting, status, by, reason_en="", reason_fr="") -> Meeting:
    """Move `meeting` along its lifecycle. Cancelling takes a reason, and the registered
    delegations are mailed it with the updated calendar entry."""
    if status not in TRANSITIONS[meeting.status]:
        raise ValidationError(
            _("A meeting that is %(now)s cannot become %(then)s.")
            % {"now": meeting.get_status_display(), "then": Meeting.Status(status).label}
        )
    cancelling = status == Meeting.Status.CANCELLED
    if cancelling and not reason_en.strip():
        raise ValidationError({"reason_en": _("Say why the meeting is cancelled.")})
    _set_status(meeting, status, by, note=reason_en.strip())
    if cancelling:
        session = meeting.session
        _revise(session)
        entries_refresh(session)
        schedule_mail(session=session, change="cancelled", reason_en=reason_en, reason_fr=reason_fr)
    return meeting


def _revise(session):
    """One more calendar revision (the ICS SEQUENCE): dates, place or status changed."""
    Session.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1)
    session.refresh_from_db(fields=["sequence"])


def schedule_mail(*, session, change, reason_en="", reason_fr=""):
    """Mail the people of the session's registered delegations that it moved (`change`
    "moved") or was cancelled ("cancelled"), with the updated calendar entry (same UID, the
    next SEQUENCE), each in their language. Nothing while the session is a draft."""
    if session.published_at is None:
        return 0
    url = settings.SITE_URL.rstrip("/") + session.get_absolute_url()
    people = (
        Person.objects.filter(pk__in=registered_delegates(session).values("person"), is_active=True)
        .exclude(email="")
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for person in people:
        language = person.user.language if person.user else "en"
        with translation.override(language):
            ics = calendar.calendar([calendar.event(session, url=url, show_join_link=True)])
            reason = (reason_fr if language.startswith("fr") else "") or reason_en
        mail_queue(
            to=person.email,
            template="meetings/mail/schedule_change.txt",
            language=language,
            context={
                "person": person,
                "session": session,
                "change": change,
                "reason": reason,
                "link": url,
            },
            region_id=session.region_id,
            attachment=("invite.ics", ics.decode(), "text/calendar; charset=utf-8"),
        )
        sent += 1
    return sent


# What a session's edit changes. A change of its dates or place is a move: it needs a reason
# once published, is kept in the session's history (SESSION_CHANGED entries of the audit
# trail) and is mailed to the registered delegations with the next calendar revision.
SESSION_FIELDS = (
    "description_en",
    "description_fr",
    "starts_at",
    "ends_at",
    "time_zone",
    "mode",
    "venue",
    "host",
    "video_platform",
    "join_link",
    "extraordinary",
)
MOVE_FIELDS = ("starts_at", "ends_at", "venue")
REVISION_FIELDS = (*MOVE_FIELDS, "mode", "time_zone")
MEETING_FIELDS = ("title_en", "title_fr", "visibility")
SESSION_CHANGED = gettext_noop("session changed")


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def session_update(
    *, session, by, expected_version, reason_en="", reason_fr="", meetings=None, **changes
) -> Session:
    """Edit the session (SESSION_FIELDS) and its meetings' titles and visibility (`meetings`:
    {meeting: {field: value}}), unless someone saved the session since `expected_version`."""
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a session's edit: {sorted(unknown)}")
    before = audit.snapshot(session)
    for name, value in changes.items():
        if name in ("starts_at", "ends_at") and value is not None:
            value = value.astimezone(datetime.UTC)  # the same moment compares and audits alike
        setattr(session, name, value)
    _check_times(session.starts_at, session.ends_at)
    session.full_clean()
    changed = audit.diff(before, audit.snapshot(session))
    moved = session.published_at is not None and any(name in changed for name in MOVE_FIELDS)
    if moved and not reason_en.strip():
        raise ValidationError(
            {"reason_en": _("The session is published: say why its dates or place change.")}
        )
    fields = [name for name in changes if name in changed]
    if any(name in changed for name in REVISION_FIELDS):
        session.sequence += 1
        fields.append("sequence")
    save_versioned(session, expected_version=expected_version, fields=fields)
    if changed:
        audit.record(
            by=by,
            action=SESSION_CHANGED if moved else audit.UPDATED,
            obj=session,
            before=before,
            note=reason_en.strip(),
        )
    edited = []
    for meeting, values in (meetings or {}).items():
        if meeting.session_id != session.pk:
            raise ValidationError(_("That meeting is not held in this session."))
        before = audit.snapshot(meeting)
        for name in MEETING_FIELDS:
            if name in values:
                setattr(meeting, name, values[name])
        meeting.full_clean()
        if audit.diff(before, audit.snapshot(meeting)):
            meeting.save(update_fields=list(MEETING_FIELDS))
            audit.record(by=by, action=audit.UPDATED, obj=meeting, before=before)
            edited.append(meeting)
    entries_refresh(session, *edited)
    if moved:
        schedule_mail(session=session, change="moved", reason_en=reason_en, reason_fr=reason_fr)
    return session


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def session_mark_extraordinary(*, session, extraordinary, by) -> Session:
    """Mark a session extraordinary (or, to correct a mistake, ordinary again)."""
    if session.extraordinary == extraordinary:
        return session
    before = audit.snapshot(session)
    session.extraordinary = extraordinary
    session.save(update_fields=["extraordinary"])
    audit.record(by=by, action=audit.UPDATED, obj=session, before=before)
    return session


@service("meetings.manage_meetings", on="meetings.0.series")
@transaction.atomic
def sessions_join(*, meetings, by, **session_fields) -> Session:
    """Hold `meetings` together in one new joint session; their old sessions point to it."""
    if len(meetings) < 2:
        raise ValidationError(_("A joint session needs at least two meetings."))
    regions = {m.series.region_id for m in meetings}
    if len(regions) != 1:
        raise ValidationError(_("The meetings of a joint session must be in one region."))
    # The joint session is as published as the meetings were: a published meeting stays so.
    published = [m.session.published_at for m in meetings if m.session.published_at]
    session_fields.setdefault("published_at", min(published) if published else None)
    joint = session_create(region=meetings[0].series.region, by=by, **session_fields)
    merged = []
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
            merged.append(old)
    entries_refresh(joint, *merged)
    return joint


# --- The agenda ------------------------------------------------------------------------
#
# Before adoption the agenda changes freely (every change audited). After adoption the
# secretariat may still amend it, but only with a reason, and each change is kept as an
# AgendaAmendment shown under the agenda. `_agenda_change` is the one place for that rule.


Amend = AgendaAmendment.Action
AGENDA_AMENDED = gettext_noop("agenda amended")
ITEM_MOVED = gettext_noop("agenda item moved")


@contextmanager
def _agenda_change(session, *, by, action, item, reason_en, reason_fr):
    """Check the reason an adopted agenda needs; after the change, record the amendment.

    The body fills `change["changes"]` (field: [old, new]) when there is something to list.
    """
    adopted = session.agenda_adopted_at is not None
    if adopted and not reason_en.strip():
        raise ValidationError({"reason_en": _("The agenda is adopted: say why it is amended.")})
    change = {"changes": {}, "title_en": item.title_en if item else "", "title_fr": ""}
    if item is not None:
        change["title_fr"] = item.title_fr
    yield change
    if adopted and (action in (Amend.ADDED, Amend.DELETED) or change["changes"]):
        amendment = AgendaAmendment.objects.create(
            session=session,
            by=by if by is not None and by.is_authenticated else None,
            action=action,
            item_title_en=change["title_en"],
            item_title_fr=change["title_fr"],
            changes=change["changes"],
            reason_en=reason_en.strip(),
            reason_fr=reason_fr.strip(),
        )
        audit.record(by=by, action=AGENDA_AMENDED, obj=amendment, created=True, note=reason_en)


def _siblings(session, parent_id, *, exclude=None):
    siblings = session.agenda.filter(parent=parent_id).order_by("position", "pk")
    return list(siblings.exclude(pk=exclude) if exclude else siblings)


def _renumber(items):
    """Number `items` 1, 2, 3... in the order given, writing only the positions that change."""
    for position, sibling in enumerate(items, start=1):
        if sibling.position != position:
            sibling.position = position
            AgendaItem.objects.filter(pk=sibling.pk).update(position=position)


def _check_part(item, session):
    if item.meeting_id and item.meeting.session_id != session.pk:
        raise ValidationError(_("That meeting is not held in this session."))


def _check_parent(item, parent):
    if parent is None:
        return
    if parent.session_id != item.session_id or parent.parent_id is not None:
        raise ValidationError({"parent": _("A sub-item goes under a main item of this agenda.")})
    if item.pk and (parent.pk == item.pk or item.children.exists()):
        raise ValidationError(
            {"parent": _("An item with sub-items cannot itself become a sub-item.")}
        )


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def agenda_item_add(
    *, session, kind, title_en, by, parent=None, reason_en="", reason_fr="", **fields
) -> AgendaItem:
    with _agenda_change(
        session, by=by, action=Amend.ADDED, item=None, reason_en=reason_en, reason_fr=reason_fr
    ) as change:
        siblings = session.agenda.filter(parent=parent)
        position = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
        item = AgendaItem(
            session=session,
            parent=parent,
            position=position,
            kind=kind,
            title_en=title_en,
            **fields,
        )
        _check_part(item, session)
        _check_parent(item, parent)
        item.full_clean()
        item.save()
        audit.record(by=by, action=audit.CREATED, obj=item, note=reason_en)
        change.update(title_en=item.title_en, title_fr=item.title_fr)
    entries_refresh(session)
    return item


@service("meetings.manage_meetings", on="item.session")
@transaction.atomic
def agenda_item_update(
    *, item, by, expected_version, reason_en="", reason_fr="", **changes
) -> AgendaItem:
    """Apply `changes` unless someone saved the item since `expected_version` (StaleEdit).

    A new parent puts the item last among its new siblings; the old ones close the gap.
    """
    session = item.session
    with _agenda_change(
        session, by=by, action=Amend.EDITED, item=item, reason_en=reason_en, reason_fr=reason_fr
    ) as change:
        before = audit.snapshot(item)
        old_parent_id = item.parent_id
        for name, value in changes.items():
            setattr(item, name, value)
        fields = list(changes)
        moved = item.parent_id != old_parent_id
        if moved:
            _check_parent(item, item.parent)
            item.position = len(_siblings(session, item.parent_id, exclude=item.pk)) + 1
            fields.append("position")
        _check_part(item, session)
        item.full_clean()
        save_versioned(item, expected_version=expected_version, fields=fields)
        if moved:
            _renumber(_siblings(session, old_parent_id))
        change["changes"] = audit.diff(before, audit.snapshot(item))
        if change["changes"]:
            audit.record(by=by, action=audit.UPDATED, obj=item, before=before, note=reason_en)
    entries_refresh(session)
    return item


@service("meetings.manage_meetings", on="item.session")
@transaction.atomic
def agenda_item_delete(*, item, by, reason_en="", reason_fr="") -> None:
    """Delete `item` (and its sub-items); the items after it move up a number."""
    session = item.session
    with _agenda_change(
        session, by=by, action=Amend.DELETED, item=item, reason_en=reason_en, reason_fr=reason_fr
    ):
        audit.record(by=by, action=audit.DELETED, obj=item, note=reason_en)
        parent_id = item.parent_id
        item.delete()
        _renumber(_siblings(session, parent_id))
    entries_refresh(session)


@service("meetings.manage_meetings", on="item.session")
@transaction.atomic
def agenda_item_move(*, item, by, up=None, to=None, reason_en="", reason_fr="") -> AgendaItem:
    """Move `item` among its siblings: one place `up` (True) or down (False), or `to` a place.

    `to` counts from 1 (the first place) and is kept within the list. The buttons move by
    one place, dragging with the mouse moves to a place: both come here.
    """
    session = item.session
    with _agenda_change(
        session, by=by, action=Amend.MOVED, item=item, reason_en=reason_en, reason_fr=reason_fr
    ) as change:
        siblings = _siblings(session, item.parent_id)
        index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
        if to is None:
            to = index if up else index + 2
        to = min(max(to, 1), len(siblings))
        if to == index + 1:
            return item
        before = audit.snapshot(item)
        siblings.insert(to - 1, siblings.pop(index))
        _renumber(siblings)
        item.position = to
        audit.record(by=by, action=ITEM_MOVED, obj=item, before=before, note=reason_en)
        change["changes"] = audit.diff(before, audit.snapshot(item))
    return item


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def agenda_adopt(*, session, by) -> Session:
    if session.agenda_adopted_at is not None:
        raise ValidationError(_("The agenda is already adopted."))
    if not session.agenda.exists():
        raise ValidationError(_("An empty agenda cannot be adopted."))
    before = audit.snapshot(session)
    session.agenda_adopted_at = timezone.now()
    session.save(update_fields=["agenda_adopted_at"])
    audit.record(by=by, action=gettext_noop("agenda adopted"), obj=session, before=before)
    return session

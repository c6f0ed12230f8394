"""Read-only API for sessions, their meetings, agendas and participants.

Each operation checks nothing itself: what a caller sees comes from the selectors
(`sessions_for`, `session_page`, both built on `visible_meetings`, and
`delegations.participant_list` for names and emails), and the join link from the rule
`meetings.see_join_link`.
"""

import datetime
import zoneinfo
from typing import Literal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from secretariat.api.common import ERRORS, RegionSlug, region_or_404
from secretariat.meetings import delegations, selectors
from secretariat.meetings.models import AgendaItem, Delegate, Delegation, Meeting, Session
from secretariat.meetings.participation import agenda_number, agenda_numbering
from secretariat.regions.models import Entity, Member, Person
from secretariat.regions.selectors import viewer_for

router = Router(tags=["meetings"])

SessionId = Path(
    ..., ge=1, le=2**31 - 1, description="The session's number, as in its page's address."
)


def _in_zone(value, zone_name):
    if value is None:
        return None
    try:
        return value.astimezone(zoneinfo.ZoneInfo(zone_name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return value


def _in(language, fn):
    with translation.override(language):
        return str(fn())


# Schemas


class SeriesRef(Schema):
    reference: str = Field(description="Short reference, e.g. `RHCAC`.")
    name_en: str
    name_fr: str


class MeetingOut(Schema):
    id: int
    reference: str = Field(description="Series reference and number, e.g. `RHCAC21`.")
    series: SeriesRef
    number: int
    full_title_en: str = Field(description='E.g. "21st Regional Heads of Customs ...".')
    full_title_fr: str = Field(description='E.g. "21e Conférence régionale ...".')
    status: Literal[tuple(Meeting.Status.values)]
    visibility: Literal["public", "members", "named", "secretariat"]

    @staticmethod
    def resolve_full_title_en(obj):
        return _in("en", lambda: obj.full_title)

    @staticmethod
    def resolve_full_title_fr(obj):
        return _in("fr", lambda: obj.full_title)


class HostOut(Schema):
    slug: str
    short_name_en: str
    short_name_fr: str


class SessionOut(Schema):
    id: int
    title_en: str = Field(description="From its meetings: a joint session names them all.")
    title_fr: str
    extraordinary: bool
    mode: Literal[tuple(Session.Mode.values)]
    starts_at: datetime.datetime | None = Field(
        description="In the session's time zone; null while the date is to be decided."
    )
    ends_at: datetime.datetime | None
    time_zone: str = Field(description="The session's time zone (IANA name).")
    venue: str
    host: HostOut | None = Field(description="The host Member, if any.")
    video_platform: str
    meetings: list[MeetingOut] = Field(description="The meetings held in it that you may see.")
    url: str = Field(description="The session's page.")
    calendar_url: str | None = Field(description="Its ICS file; null while undated.")

    @staticmethod
    def resolve_title_fr(obj):
        return obj._title("fr")

    @staticmethod
    def resolve_starts_at(obj):
        return _in_zone(obj.starts_at, obj.time_zone)

    @staticmethod
    def resolve_ends_at(obj):
        return _in_zone(obj.ends_at, obj.time_zone)

    @staticmethod
    def resolve_meetings(obj):
        return obj.meetings.all()

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_calendar_url(obj, context):
        if obj.starts_at is None:
            return None
        path = reverse("meetings:session-calendar", args=[obj.region.slug, obj.pk])
        return context["request"].build_absolute_uri(path)


PresenterType = Literal["person", "member", "entity"]


class PresenterOut(Schema):
    type: PresenterType
    id: int
    slug: str | None = Field(description="Null for a person.")
    name_en: str
    name_fr: str


def _presenter(item):
    if item.presenter_person:
        name = str(item.presenter_person)
        return {"type": "person", "id": item.presenter_person_id, "slug": None}, name, name
    holder = item.presenter_member or item.presenter_entity
    if holder is None:
        return None
    kind = "member" if item.presenter_member else "entity"
    return (
        {"type": kind, "id": holder.pk, "slug": holder.slug},
        holder.short_name_en,
        holder.short_name_fr,
    )


class SubItemOut(Schema):
    number: str = Field(description='As printed, e.g. "III.2".')
    kind: Literal[tuple(AgendaItem.Kind.values)]
    title_en: str
    title_fr: str
    presenter: PresenterOut | None
    planned_start: datetime.datetime | None
    duration_minutes: int | None

    @staticmethod
    def resolve_presenter(obj):
        found = _presenter(obj)
        if found is None:
            return None
        ref, en, fr = found
        return ref | {"name_en": en, "name_fr": fr}


class AgendaItemOut(SubItemOut):
    part: str | None = Field(
        description="In a joint session, the reference of the meeting this item serves."
    )
    sub_items: list[SubItemOut]

    @staticmethod
    def resolve_part(obj):
        return obj.meeting.reference if obj.meeting_id else None

    @staticmethod
    def resolve_sub_items(obj):
        return obj.children.all()


class SessionDetailOut(SessionOut):
    join_link: str | None = Field(
        description="Null unless you may see it (the region's participants and secretariat)."
    )
    agenda_adopted_at: datetime.datetime | None
    agenda: list[AgendaItemOut]

    @staticmethod
    def resolve_join_link(obj):
        return obj.join_link if obj.show_join_link and obj.join_link else None

    @staticmethod
    def resolve_agenda(obj):
        return obj.api_agenda


# Operations


@router.get(
    "/{region}/meetings",
    response={200: list[SessionOut]} | ERRORS,
    summary="The region's sessions and their meetings",
    description="Sessions (sittings) holding at least one meeting you may see, latest first; "
    "a joint session lists each of its meetings.",
)
def session_list(request, region: str = RegionSlug):
    region = region_or_404(region)
    return selectors.sessions_for(region, viewer_for(request.user)).select_related("host")


@router.get(
    "/{region}/meetings/{session}",
    response={200: SessionDetailOut} | ERRORS,
    summary="A session with its agenda",
)
def session_detail(request, region: str = RegionSlug, session: int = SessionId):
    region = region_or_404(region)
    try:
        found = selectors.session_page(region, session, viewer_for(request.user))
    except Session.DoesNotExist:
        raise HttpError(404, _("There is no session %s that you may see here.") % session) from None
    found.show_join_link = request.user.has_perm("meetings.see_join_link", region)
    numbering = agenda_numbering(found)
    visible = {m.pk for m in found.meetings.all()}
    # A joint session's part for a meeting the caller may not see stays hidden.
    found.api_agenda = [
        item for item in found.agenda.all() if item.meeting_id is None or item.meeting_id in visible
    ]
    for item in found.api_agenda:
        item.number = agenda_number(item, numbering)
        for child in item.children.all():
            child.number = agenda_number(child, numbering, parent=item)
    return found


# Participants: the same list and rules as the participant list page (meetings.delegations).


class InviteeOut(Schema):
    type: Literal["member", "entity", "organisation", "person"] = Field(
        description="An invited Member, a regional entity, an organisation invited as an "
        "observer, or an individual invited in their own name."
    )
    slug: str = Field(description="Empty for an invited individual.")
    name_en: str
    name_fr: str = Field(description="Empty when the name has no French form.")


class DelegateOut(Schema):
    name: str = Field(description="With the honorific, as on the list: `Mr Heru Pambudi`.")
    position_en: str
    position_fr: str
    role: Literal[tuple(Delegate.Role.values)]
    email: str | None = Field(
        description="Null unless emails are shown to you (the region's signed-in participants "
        "and secretariat) and the person has not hidden theirs."
    )


class DelegationOut(Schema):
    invitee: InviteeOut
    status: Literal[tuple(Delegation.Status.values)]
    delegates: list[DelegateOut] = Field(
        description="Empty unless names are shown to you, or while nobody is registered."
    )


class ParticipantsOut(Schema):
    names_shown: bool = Field(
        description="Whether you see delegates' names: the region's participants do, others "
        "see the invited Members and their delegations' status only."
    )
    emails_shown: bool = Field(description="Whether you see the emails people have not hidden.")
    delegations: list[DelegationOut] = Field(
        description="Members first, then observer organisations. Delegations not yet approved "
        "are shown to the region's participants only, not yet registered ones to the secretariat."
    )


def _invitee(invitee):
    if isinstance(invitee, Member):
        return {
            "type": "member",
            "slug": invitee.slug,
            "name_en": invitee.short_name_en,
            "name_fr": invitee.short_name_fr,
        }
    if isinstance(invitee, Entity):
        return {
            "type": "entity",
            "slug": invitee.slug,
            "name_en": invitee.short_name_en,
            "name_fr": invitee.short_name_fr,
        }
    if isinstance(invitee, Person):
        return {"type": "person", "slug": "", "name_en": str(invitee), "name_fr": ""}
    return {
        "type": "organisation",
        "slug": invitee.slug,
        "name_en": invitee.name_en,
        "name_fr": invitee.name_fr,
    }


def _participants(participants):
    """The page's rows (`ParticipantList.rows` applies the email rule), one entry per delegation."""
    by_delegation = {}
    for invitee, delegation, delegate, email in participants.rows():
        entry = by_delegation.setdefault(
            delegation.pk,
            {"invitee": _invitee(invitee), "status": delegation.status, "delegates": []},
        )
        if delegate is not None:
            person = delegate.person
            entry["delegates"].append(
                {
                    "name": str(person),
                    "position_en": person.position_en,
                    "position_fr": person.position_fr,
                    "role": delegate.role,
                    "email": email or None,
                }
            )
    return {
        "names_shown": participants.show_names,
        "emails_shown": participants.show_emails,
        "delegations": list(by_delegation.values()),
    }


@router.get(
    "/{region}/meetings/{session}/participants",
    response={200: ParticipantsOut} | ERRORS,
    summary="A session's participants",
    description="The invited Members and observers and their delegations, as the session's "
    "participant list shows them to you.",
)
def participant_list(request, region: str = RegionSlug, session: int = SessionId):
    region = region_or_404(region)
    viewer = viewer_for(request.user)
    try:
        found = selectors.sessions_for(region, viewer).get(pk=session)
    except Session.DoesNotExist:
        raise HttpError(404, _("There is no session %s that you may see here.") % session) from None
    return _participants(delegations.participant_list(found, viewer))

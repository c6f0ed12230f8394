"""A news item written from what a session's data holds: clear prose from templates.

`session_facts` gathers the facts (who invited and hosted, which meetings the session
joined and why, how and when it was held, who addressed it, what was presented, endorsed
and discussed); `news_text` writes them in English or French with the templates under
publishing/generated/. Nothing here knows a region: a fact the data lacks is left out.
"""

import re
import zoneinfo
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from secretariat.activity_reports.models import ActivityReport
from secretariat.core.visibility import Visibility
from secretariat.decisions.models import Decision
from secretariat.live.models import SpeakerRequest
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.participation import attendance_count, presiding_officers
from secretariat.plans.models import Plan
from secretariat.regions.models import Entity, Holding, Person, Role

LANGUAGES = ("en", "fr")
SPOKE = (SpeakerRequest.Status.SPEAKING, SpeakerRequest.Status.DONE)
STATED_OUTCOMES = (Decision.Outcome.ENDORSED, Decision.Outcome.ADOPTED)
EXCHANGES = (AgendaItem.Kind.TOUR_DE_TABLE, AgendaItem.Kind.DISCUSSION)


@dataclass
class Address:
    person: Person
    item: AgendaItem
    topics: list = field(default_factory=list)


@dataclass
class Exchange:
    item: AgendaItem
    speakers: list = field(default_factory=list)  # Members whose delegations took the floor


@dataclass
class Facts:
    session: object
    meetings: list
    day: object
    host: object = None
    inviter: Person | None = None  # the host Member's Head of Customs on the day
    host_posts: list = field(default_factory=list)  # the Vice-Chair's post, when the host holds it
    postponed: list = field(default_factory=list)  # (meeting, postponement)
    openings: list = field(default_factory=list)  # Address
    addresses: list = field(default_factory=list)  # Address, by others than the inviter
    guests: list = field(default_factory=list)  # Person: who took part at the invitation
    plans: list = field(default_factory=list)  # Plan endorsed at the session
    reports: list = field(default_factory=list)  # ActivityReport presented
    decisions: list = field(default_factory=list)  # Decision endorsed or adopted
    briefings: list = field(default_factory=list)  # (Entity, AgendaItem) for information
    exchanges: list = field(default_factory=list)  # Exchange
    chairs: list = field(default_factory=list)  # PresidingOfficer: who presided (issue 19)
    attendance: object = None  # meetings.participation.AttendanceCount: attendance in numbers

    @property
    def is_joint(self):
        return len(self.meetings) > 1

    @property
    def postponed_meetings(self):
        return list(dict.fromkeys(m for m, _p in self.postponed))

    @property
    def all_postponed(self):
        return len(self.postponed_meetings) == len(self.meetings)

    @property
    def postponement_reasons(self):
        """The reasons given, in the active language, each once."""
        return list(dict.fromkeys(p.reason for _m, p in self.postponed))

    @property
    def virtual(self):
        return self.session.mode == self.session.Mode.VIRTUAL


def session_facts(session) -> Facts:
    """What the data holds about `session`: public decisions and plans only (a draft about a
    meeting that is not public is the Members' news: see services.news_generate)."""
    meetings = list(
        Meeting.objects.filter(session=session)
        .select_related("series")
        .prefetch_related("postponements")
        .order_by("series__order", "number")
    )
    starts = session.starts_at
    day = starts.astimezone(zoneinfo.ZoneInfo(session.time_zone)).date() if starts else None
    facts = Facts(session=session, meetings=meetings, day=day, host=session.host)
    facts.postponed = [(m, p) for m in meetings for p in m.postponements.all()]
    facts.chairs = presiding_officers(session)
    facts.attendance = attendance_count(session)
    if session.host and day:
        facts.inviter = (
            Person.objects.filter(
                pk__in=Role.objects.active_on(day)
                .filter(member=session.host, kind=Role.Kind.HEAD_OF_CUSTOMS)
                .values("person")
            )
            .order_by("pk")
            .first()
        )
        facts.host_posts = [
            h.post
            for h in Holding.objects.active_on(day)
            .filter(member=session.host, post__entity__kind=Entity.Kind.VICE_CHAIR_OFFICE)
            .select_related("post")
        ]
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related(
            "presenter_person__organisation", "presenter_person__member", "presenter_entity"
        )
        .order_by("parent_id", "position")
    )
    top = [i for i in items if i.parent_id is None]
    children = {}
    for item in items:
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item)
    for item in top:
        person = item.presenter_person
        if item.kind == AgendaItem.Kind.OPENING and person:
            facts.openings.append(Address(person, item))
        elif item.kind == AgendaItem.Kind.ADDRESS and person:
            facts.addresses.append(Address(person, item, children.get(item.pk, [])))
            if person != facts.inviter and person not in facts.guests:
                facts.guests.append(person)
        elif item.kind == AgendaItem.Kind.INFORMATION and item.presenter_entity:
            facts.briefings.append((item.presenter_entity, item))
        elif item.kind in EXCHANGES:
            facts.exchanges.append(Exchange(item))
    _speakers(session, facts.exchanges)
    facts.plans = list(
        Plan.objects.filter(
            endorsing_decision__agenda_item__session=session,
            endorsing_decision__visibility=Visibility.PUBLIC,
        )
        .select_related("predecessor")
        .order_by("starts_on")
    )
    facts.reports = list(
        ActivityReport.objects.filter(agenda_item__session=session)
        .select_related("entity")
        .order_by("agenda_item__position", "entity__order")
    )
    facts.decisions = list(
        Decision.objects.filter(
            meeting__session=session, outcome__in=STATED_OUTCOMES, visibility=Visibility.PUBLIC
        ).order_by("decided_on", "series__order", "number")
    )
    return facts


def _speakers(session, exchanges):
    by_item = {e.item.pk: e for e in exchanges}
    requests = (
        SpeakerRequest.objects.filter(session=session, item__in=by_item, status__in=SPOKE)
        .select_related("delegation__invitation__member")
        .order_by("started_at", "pk")
    )
    for request in requests:
        member = request.delegation.invitation.member
        speakers = by_item[request.item_id].speakers
        if member is not None and member not in speakers:
            speakers.append(member)


def as_clause(text: str) -> str:
    """ "The COVID-19 pandemic." -> "the COVID-19 pandemic", to follow "due to"."""
    text = text.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if first in {"A", "An"} or (len(first) > 1 and first[0].isupper() and first[1:].islower()):
        text = text[0].lower() + text[1:]
    return text


def _tidy(text: str) -> str:
    """One line per paragraph or list item, single spaces: the templates are written to be read."""
    blocks = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = re.split(r"\n[ \t]*(?=- )", block.strip())
        lines = (
            re.sub(r" ([,.;])", r"\1", re.sub(r"[ \t\r\n]+", " ", line)).strip() for line in lines
        )
        blocks.append("\n".join(line for line in lines if line))
    return "\n\n".join(b for b in blocks if b)


def news_text(facts: Facts, language: str) -> dict:
    """The title, lead and body (Markdown) of the news item in `language`."""
    with translation.override(language):
        context = {"f": facts, "session_title": facts.session.title}
        parts = {
            part: _tidy(render_to_string(f"publishing/generated/{part}.{language}.md", context))
            for part in ("title", "lead", "body")
        }
    return parts

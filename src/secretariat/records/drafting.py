"""The first draft of a summary record, written from what the session already holds.

The agenda gives the headings; the session's facts and attendance open the record; under
each item come who presented it, who took the floor (the tour de table too), the chair's
live notes and outcome, and the decisions taken there with their method and published
result. A secret ballot's choices are never read: only the decision's result is.

Each sentence is written twice, in English and in French, from the interface catalogue;
the chair's notes stay in the language they were written in.
"""

import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from secretariat.decisions.models import Decision
from secretariat.live.models import ItemRecord, SpeakerRequest
from secretariat.meetings.models import AgendaItem
from secretariat.meetings.participation import (
    agenda_number,
    agenda_numbering,
    attending,
    presiding_officers,
    registered_delegations,
)

from .models import RecordParagraph

Source = RecordParagraph.Source


@dataclass
class DraftParagraph:
    text_en: str
    text_fr: str
    source: str


@dataclass
class DraftSection:
    number: str
    title_en: str
    title_fr: str
    level: int = 1
    part: str = ""
    agenda_item: AgendaItem | None = None
    paragraphs: list = field(default_factory=list)


def _both(write) -> tuple[str, str]:
    """`write()` in English and in French; the French is left empty when it says the same."""
    with override("en"):
        english = str(write())
    with override("fr"):
        french = str(write())
    return english, "" if french == english else french


def _says(section, source, write):
    english, french = _both(write)
    if english:
        section.paragraphs.append(DraftParagraph(english, french, source))


def _names(objects) -> str:
    return ", ".join(dict.fromkeys(str(o.display) for o in objects))


def _presenter(item) -> str:
    person = item.presenter_person
    if person is not None:
        affiliation = person.affiliation
        return f"{person} ({affiliation.display})" if affiliation is not None else str(person)
    presenter = item.presenter_member or item.presenter_entity
    return str(presenter.display) if presenter is not None else ""


# --- the opening section: the session's facts and who attended --------------------------


def _session_facts(session):
    title = session.title
    if session.starts_at is None:
        text = _("The %(title)s was held.") % {"title": title}
    else:
        day = date_format(
            session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone)), "j F Y"
        )
        if session.mode == session.Mode.VIRTUAL:
            text = _("The %(title)s was held virtually on %(day)s.")
        elif session.venue:
            text = _("The %(title)s was held in %(venue)s on %(day)s.")
        else:
            text = _("The %(title)s was held on %(day)s.")
        text %= {"title": title, "day": day, "venue": session.venue}
    if session.host is not None:
        text += " " + _("It was hosted by %(host)s.") % {"host": session.host.display}
    officers = presiding_officers(session)
    if officers:
        names = [f"{o.person}, {o.capacity}" if o.capacity else str(o.person) for o in officers]
        if len(officers) == 1:
            text += " " + _("It was chaired by %(chair)s.") % {"chair": names[0]}
        else:
            text += " " + _("It was co-chaired by %(chairs)s and %(last)s.") % {
                "chairs": "; ".join(names[:-1]),
                "last": names[-1],
            }
    return text


def attendance(session):
    """(Members, observer organisations) who attended; before attendance is marked, those
    whose delegation registered."""
    invitations = [
        delegation.invitation
        for delegation in attending(
            registered_delegations(session)
            .select_related("invitation__member", "invitation__organisation")
            .order_by("invitation__member__short_name_en", "invitation__organisation__name_en")
        )
    ]
    members = [i.member for i in invitations if i.member_id]
    observers = [i.organisation for i in invitations if i.organisation_id]
    return members, observers


def _opening_section(session) -> DraftSection:
    section = DraftSection("", *_both(lambda: _("Attendance")))
    _says(section, Source.SESSION, lambda: _session_facts(session))
    members, observers = attendance(session)
    if members:
        _says(
            section,
            Source.ATTENDANCE,
            lambda: (
                ngettext(
                    "The following Member was represented: %(names)s.",
                    "The following %(n)d Members were represented: %(names)s.",
                    len(members),
                )
                % {"n": len(members), "names": _names(members)}
            ),
        )
    if observers:
        _says(
            section,
            Source.ATTENDANCE,
            lambda: (
                _("The following attended as observers: %(names)s.") % {"names": _names(observers)}
            ),
        )
    return section


# --- one section per agenda item ---------------------------------------------------------


def _introduction(item, session):
    presenter = _presenter(item)
    Kind = AgendaItem.Kind
    if item.kind == Kind.OPENING:
        return (
            _("%(presenter)s opened the session.") if presenter else _("The session was opened.")
        ) % {"presenter": presenter}
    if item.kind == Kind.CLOSING:
        return (
            _("%(presenter)s closed the session.") if presenter else _("The session was closed.")
        ) % {"presenter": presenter}
    if item.kind == Kind.ADOPTION and session.agenda_adopted_at:
        return _("The meeting adopted the agenda.")
    if not presenter:
        return ""
    if item.kind == Kind.ADDRESS:
        return _("%(presenter)s addressed the meeting.") % {"presenter": presenter}
    return _("%(presenter)s presented the item.") % {"presenter": presenter}


def _speakers(requests):
    tour = [r.delegation.invitation.member for r in requests if r.kind == SpeakerRequest.Kind.TOUR]
    floor = [r.delegation.invitation.member for r in requests if r.kind != SpeakerRequest.Kind.TOUR]
    sentences = []
    if tour:
        sentences.append(
            lambda: (
                _("In a tour de table, the following Members took the floor in turn: %(names)s.")
                % {"names": _names(tour)}
            )
        )
    if floor:
        sentences.append(
            lambda: (
                _("The following delegations took the floor: %(names)s.") % {"names": _names(floor)}
            )
        )
    return sentences


DECIDED = {
    Decision.Outcome.ENDORSED: lambda: _(
        "The meeting endorsed decision %(reference)s, “%(title)s”, %(method)s."
    ),
    Decision.Outcome.ADOPTED: lambda: _(
        "The meeting adopted decision %(reference)s, “%(title)s”, %(method)s."
    ),
    Decision.Outcome.NOTED: lambda: _(
        "The meeting took note of %(reference)s, “%(title)s”, %(method)s."
    ),
    Decision.Outcome.DEFERRED: lambda: _("The meeting deferred %(reference)s, “%(title)s”."),
    Decision.Outcome.REJECTED: lambda: _(
        "The meeting rejected %(reference)s, “%(title)s”, %(method)s."
    ),
    Decision.Outcome.WITHDRAWN: lambda: _("%(reference)s, “%(title)s”, was withdrawn."),
}


def _decision(decision):
    text = DECIDED[decision.outcome]() % {
        "reference": decision.reference,
        "title": decision.title,
        "method": decision.get_method_display(),
    }
    result = decision.result  # the published count only, never a ballot
    if result:
        text += " " + _("The result was %(result)s.") % {"result": result}
    return text


def _notes(text):
    return [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


@dataclass
class SessionData:
    """What the builder reads, in a few queries for the whole session."""

    items: list
    speakers: dict
    notes: dict
    decisions: dict

    @classmethod
    def load(cls, session):
        items = list(
            AgendaItem.objects.filter(session=session, parent=None)
            .select_related(
                "meeting__series",
                "presenter_member",
                "presenter_entity",
                "presenter_person__member",
                "presenter_person__entity",
                "presenter_person__organisation",
            )
            .prefetch_related(
                Prefetch(
                    "children",
                    queryset=AgendaItem.objects.select_related(
                        "meeting__series",
                        "presenter_member",
                        "presenter_entity",
                        "presenter_person__member",
                        "presenter_person__entity",
                        "presenter_person__organisation",
                    ).order_by("position"),
                )
            )
            .order_by("position")
        )
        speakers = {}
        done = (
            SpeakerRequest.objects.filter(session=session, status=SpeakerRequest.Status.DONE)
            .select_related("delegation__invitation__member")
            .order_by("started_at", "pk")
        )
        for request in done:
            speakers.setdefault(request.item_id, []).append(request)
        notes = {r.item_id: r for r in ItemRecord.objects.filter(item__session=session)}
        decisions = {}
        for decision in (
            Decision.objects.filter(agenda_item__session=session)
            .select_related("proposal__vote")
            .order_by("series__order", "number")
        ):
            decisions.setdefault(decision.agenda_item_id, []).append(decision)
        return cls(items=items, speakers=speakers, notes=notes, decisions=decisions)


def _item_section(item, number, level, session, data) -> DraftSection:
    section = DraftSection(number, item.title_en, item.title_fr, level=level, agenda_item=item)
    if item.meeting_id and session.is_joint:
        section.part = item.meeting.reference
    if (intro := _both(lambda: _introduction(item, session)))[0]:
        section.paragraphs.append(DraftParagraph(*intro, Source.AGENDA))
    for sentence in _speakers(data.speakers.get(item.pk, [])):
        _says(section, Source.SPEAKERS, sentence)
    live = data.notes.get(item.pk)
    if live is not None:
        for block in _notes(live.notes) + _notes(live.outcome):
            section.paragraphs.append(DraftParagraph(block, "", Source.NOTES))
    for decision in data.decisions.get(item.pk, []):
        _says(section, Source.DECISION, lambda d=decision: _decision(d))
    if not section.paragraphs and level == 1 and not item.children.all():
        _says(section, Source.AGENDA, lambda: _("The meeting took note of the item."))
    return section


def draft_sections(session) -> list[DraftSection]:
    """The record's sections and paragraphs, in order, for `session` as it stands."""
    numbering = agenda_numbering(session)
    data = SessionData.load(session)
    sections = [_opening_section(session)]
    for item in data.items:
        sections.append(_item_section(item, agenda_number(item, numbering), 1, session, data))
        for child in item.children.all():
            number = agenda_number(child, numbering, parent=item)
            sections.append(_item_section(child, number, 2, session, data))
    return sections

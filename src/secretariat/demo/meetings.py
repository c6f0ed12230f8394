"""The Asia/Pacific demo's meetings: the 12 November 2020 Joint Session and its neighbours.

The seed gives the session's day, not its hours, nor the first planned dates of the
two meetings it merged: the hours below are demo values, and the postponements record
no earlier date. Neighbouring meetings take the month DOMAIN.md gives, on its first day.
"""

import datetime
import zoneinfo
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.demo import delegations as delegations_demo
from secretariat.documents import demo as documents_demo
from secretariat.live import demo as live_demo
from secretariat.meetings import services
from secretariat.meetings.models import AgendaItem, Meeting, Series, Session
from secretariat.regions.models import Entity, Person

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
COVID = "The COVID-19 pandemic."
COVID_FR = "La pandémie de COVID-19."

SERIES = [
    (
        "rhcac",
        "RHCAC",
        "Regional Heads of Customs Administrative Conference",
        "Conférence régionale des chefs d'administration des douanes",
        Series.Numbering.ROMAN,
    ),
    (
        "rcp",
        "RCP",
        "Regional Contact Point Meeting",
        "Réunion des points de contact régionaux",
        Series.Numbering.ARABIC,
    ),
]


def at(year, month, day, hour, zone=JAKARTA):
    return datetime.datetime(year, month, day, hour, tzinfo=zone)


# (title en, title fr, kind, part: series reference or None, presenter, sub-items)
AGENDA = [
    (
        "Opening remarks by the Vice-Chair",
        "Allocution d'ouverture de la Vice-présidence",
        AgendaItem.Kind.OPENING,
        None,
        ("person", "Heru Pambudi"),
        [],
    ),
    (
        "Adoption of the agenda",
        "Adoption de l'ordre du jour",
        AgendaItem.Kind.ADOPTION,
        None,
        None,
        [],
    ),
    (
        "Address by the WCO Secretary General: the WCO's response to COVID-19 and initiatives "
        "for the Policy Commission and Council",
        "Allocution du Secrétaire général de l'OMD : la réponse de l'OMD à la COVID-19 et les "
        "initiatives soumises à la Commission de politique générale et au Conseil",
        AgendaItem.Kind.ADDRESS,
        None,
        ("person", "Kunio Mikuriya"),
        [
            ("Practical Guidance on Free Zones", "Guide pratique sur les zones franches"),
            (
                "Terms of Reference for the Counterfeiting and Piracy (CAP) Group meetings",
                "Mandat des réunions du Groupe contrefaçon et piraterie (CAP)",
            ),
            ("E-Commerce Package", "Dossier sur le commerce électronique"),
            ("Guidance on Small Island Economies", "Guide sur les petites économies insulaires"),
            (
                "Establishment of the Working Group on Passenger Facilitation and Control",
                "Création du Groupe de travail sur la facilitation et le contrôle des voyageurs",
            ),
            ("Development of the COVID-19 tool", "Élaboration de l'outil COVID-19"),
            (
                "Customs handling of dangerous goods",
                "Traitement douanier des marchandises dangereuses",
            ),
        ],
    ),
    (
        "The 2020–2022 Regional Strategic Plan and progress with the 2018–2020 Plan",
        "Le Plan stratégique régional 2020-2022 et l'avancement du Plan 2018-2020",
        AgendaItem.Kind.REPORT,
        "RCP",
        ("entity", "vice-chair"),
        [],
    ),
    (
        "Activity report of the Vice-Chair",
        "Rapport d'activité de la Vice-présidence",
        AgendaItem.Kind.REPORT,
        "RCP",
        ("entity", "vice-chair"),
        [],
    ),
    (
        "Activity report of ROCB A/P",
        "Rapport d'activité du BRRC A/P",
        AgendaItem.Kind.REPORT,
        "RCP",
        ("entity", "rocb"),
        [],
    ),
    (
        "Activity report of RILO A/P",
        "Rapport d'activité du BRLR A/P",
        AgendaItem.Kind.REPORT,
        "RCP",
        ("entity", "rilo"),
        [],
    ),
    (
        "Nominations of representatives at WCO regional entities, on Members' proposals",
        "Désignation des représentants aux entités régionales de l'OMD, "
        "sur proposition des Membres",
        AgendaItem.Kind.ENDORSEMENT,
        "RHCAC",
        None,
        [],
    ),
    (
        "Discussions of the Regional Private Sector Group Asia/Pacific",
        "Travaux du Groupe régional du secteur privé Asie/Pacifique",
        AgendaItem.Kind.INFORMATION,
        "RHCAC",
        ("entity", "rpsg"),
        [],
    ),
    (
        "Keeping Customs operating while combating COVID-19: exchange of the Heads",
        "Maintenir l'activité douanière face à la COVID-19 : échange entre les chefs "
        "d'administration",
        AgendaItem.Kind.TOUR_DE_TABLE,
        "RHCAC",
        None,
        [],
    ),
    (
        "Regional priorities and strategies",
        "Priorités et stratégies régionales",
        AgendaItem.Kind.DISCUSSION,
        "RHCAC",
        None,
        [],
    ),
    ("Other business", "Questions diverses", AgendaItem.Kind.OTHER_BUSINESS, None, None, []),
    (
        "Closing remarks",
        "Allocution de clôture",
        AgendaItem.Kind.CLOSING,
        None,
        ("person", "Heru Pambudi"),
        [],
    ),
]

# series reference, number, starts, ends, mode, status
NEIGHBOURS = [
    (
        "RHCAC",
        22,
        at(2021, 4, 1, 12),
        at(2021, 4, 1, 16),
        Session.Mode.VIRTUAL,
        Meeting.Status.HELD,
    ),
    (
        "RCP",
        31,
        at(2021, 11, 1, 12),
        at(2021, 11, 1, 16),
        Session.Mode.VIRTUAL,
        Meeting.Status.HELD,
    ),
    # Numbered on from the 25th (April 2024), one a year: a planned future meeting.
    (
        "RHCAC",
        28,
        at(2027, 4, 1, 9, BANGKOK),
        at(2027, 4, 2, 17, BANGKOK),
        Session.Mode.IN_PERSON,
        Meeting.Status.PLANNED,
    ),
]


def _presenter(region, presenter):
    if presenter is None:
        return {}
    kind, key = presenter
    if kind == "person":
        # The Secretary General is shared by every region.
        return {"presenter_person": Person.objects.for_region(region).get(name=key)}
    return {"presenter_entity": Entity.objects.get(region=region, slug=key)}


@transaction.atomic
def load(region):
    """Create what is missing (run it twice: same data)."""
    series = {}
    for order, (slug, ref, en, fr, numbering) in enumerate(SERIES):
        series[ref] = region.series.filter(reference=ref).first() or services.series_create(
            region=region,
            by=SYSTEM,
            slug=slug,
            reference=ref,
            name_en=en,
            name_fr=fr,
            agenda_numbering=numbering,
            order=order,
        )
    if not series["RHCAC"].meetings.filter(number=21).exists():
        _joint_session(region, series)
    for ref, number, starts, ends, mode, status in NEIGHBOURS:
        if not series[ref].meetings.filter(number=number).exists():
            meeting = services.meeting_create(
                series=series[ref],
                number=number,
                by=SYSTEM,
                starts_at=starts,
                ends_at=ends,
                mode=mode,
                time_zone=str(starts.tzinfo),
                host=region.members.get(
                    short_name_en="Indonesia" if starts.year < 2022 else "Hong Kong China"
                ),
            )
            if status != Meeting.Status.PLANNED:
                with happened_on(min(ends, timezone.now())):
                    services.meeting_set_status(meeting=meeting, status=status, by=SYSTEM)
    # The demo's meetings are published: a new one made on the site starts as a draft.
    for session in Session.objects.filter(region=region, published_at=None):
        services.session_publish(session=session, by=SYSTEM)
    documents_demo.load(region)
    delegations_demo.load(region)
    live_demo.load(region)


def _joint_session(region, series):
    indonesia = region.members.get(short_name_en="Indonesia")
    heads = services.meeting_create(
        series=series["RHCAC"], number=21, by=SYSTEM, time_zone="Asia/Jakarta", host=indonesia
    )
    rcp = services.meeting_create(
        series=series["RCP"], number=30, by=SYSTEM, time_zone="Asia/Jakarta", host=indonesia
    )
    for meeting in (heads, rcp):
        services.meeting_postpone(meeting=meeting, by=SYSTEM, reason_en=COVID, reason_fr=COVID_FR)
    joint = services.sessions_join(
        meetings=[heads, rcp],
        by=SYSTEM,
        extraordinary=True,
        mode=Session.Mode.VIRTUAL,
        host=indonesia,
        video_platform="Video conference",
        join_link="https://meet.example.org/ap-joint-session-2020",
        time_zone="Asia/Jakarta",
        starts_at=at(2020, 11, 12, 12),
        ends_at=at(2020, 11, 12, 17),
    )
    parts = {"RHCAC": heads, "RCP": rcp}
    for en, fr, kind, part, presenter, children in AGENDA:
        item = services.agenda_item_add(
            session=joint,
            kind=kind,
            title_en=en,
            title_fr=fr,
            by=SYSTEM,
            meeting=parts.get(part),
            **_presenter(region, presenter),
        )
        for child_en, child_fr in children:
            services.agenda_item_add(
                session=joint,
                parent=item,
                kind=AgendaItem.Kind.INFORMATION,
                title_en=child_en,
                title_fr=child_fr,
                by=SYSTEM,
            )
    with happened_on(joint.starts_at):
        services.agenda_adopt(session=joint, by=SYSTEM)
    Session.objects.filter(pk=joint.pk).update(agenda_adopted_at=joint.starts_at)
    with happened_on(joint.ends_at):
        for meeting in (heads, rcp):
            services.meeting_set_status(meeting=meeting, status=Meeting.Status.HELD, by=SYSTEM)


@contextmanager
def happened_on(when):
    """Date the history written inside the block `when`: the demo replays the past today."""
    latest = AuditEntry.objects.aggregate(latest=Max("pk"))["latest"] or 0
    yield
    AuditEntry.objects.filter(pk__gt=latest).update(at=when)

"""The news item written from a session's data: every fact of the seed the demo holds, and a
meeting of another kind told with its own facts and none of the joint session's."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation

from secretariat.core.permissions import SYSTEM
from secretariat.decisions import services as decisions
from secretariat.demo import asia_pacific
from secretariat.meetings.models import AgendaItem, Meeting, Session
from secretariat.publishing.generator import news_text, session_facts
from secretariat.publishing.models import NewsItem
from secretariat.regions.models import Role

from ..factories import PersonFactory, RoleFactory
from ..meetings.factories import AgendaItemFactory, MeetingFactory, SeriesFactory


@pytest.fixture(scope="module")
def demo_item(django_db_setup, django_db_blocker):
    """The demo's published news item (its fields as plain values), loaded once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        asia_pacific.load()
        item = NewsItem.objects.get(session__meetings__number=21)
        fields = {
            name: getattr(item, name)
            for name in ("title_en", "title_fr", "lead_en", "lead_fr", "body_en", "body_fr")
        }
        fields["status"], fields["published_on"] = item.status, item.published_on
        transaction.set_rollback(True)
    return fields


def test_the_demo_item_is_published_on_the_session_day(demo_item):
    assert demo_item["status"] == "published"
    assert demo_item["published_on"] == datetime.date(2020, 11, 12)
    assert demo_item["title_en"] == (
        "Joint Session of the 21st Regional Heads of Customs Administrative Conference and "
        "30th Regional Contact Point Meeting"
    )


# One fact of the seed's first four paragraphs per row: (what, English, French).
SEED_FACTS = [
    ("date", "on 12 November 2020", "le 12 novembre 2020"),
    (
        "the two meetings and their numbers",
        "Joint Session of the 21st Regional Heads of Customs Administrative Conference and 30th "
        "Regional Contact Point Meeting",
        "Session conjointe de la 21e Conférence régionale des chefs d'administration des douanes "
        "et de la 30e Réunion des points de contact régionaux",
    ),
    ("virtual", "held virtually", "en format virtuel"),
    (
        "postponement",
        "This extraordinary Joint Session was organized in response to the postponement of each "
        "individual meeting due to the COVID-19 pandemic.",
        "a été organisée à la suite du report de chacune des réunions en raison de la pandémie "
        "de COVID-19.",
    ),
    (
        "host",
        "At the invitation of Mr Heru Pambudi, Director General, Customs and Excise of "
        "Indonesia, in the capacity of Vice-Chair of the WCO Asia/Pacific region",
        "À l'invitation de M. Heru Pambudi, Directeur général des douanes et accises "
        "(Indonésie), en sa qualité de titulaire de la Vice-présidence de la région "
        "Asie/Pacifique de l'OMD",
    ),
    (
        "Secretary General",
        "Dr Kunio Mikuriya, WCO Secretary General, participated in the Joint Session",
        "Dr Kunio Mikuriya, Secrétaire général de l'OMD, a participé à la Session conjointe",
    ),
    (
        "opening remarks and address",
        "Mr Heru Pambudi delivered the opening remarks. In an address on “Address by the WCO "
        "Secretary General",
        "M. Heru Pambudi a prononcé l'allocution d'ouverture. Dans son allocution",
    ),
    (
        "initiatives for the Policy Commission and Council",
        "Practical Guidance on Free Zones",
        "Guide pratique sur les zones franches",
    ),
    (
        "the plans",
        "updated on the new Regional Strategic Plan 2020–2022 and on progress with the "
        "implementation of the Regional Strategic Plan 2018–2020",
        "informée du nouveau Plan stratégique régional 2020-2022 et de l'avancement de la mise "
        "en œuvre du Plan stratégique régional 2018-2020",
    ),
    (
        "the reports",
        "activity reports by the Office of the Vice-Chair, the Regional Office for Capacity "
        "Building Asia/Pacific (ROCB A/P) and the Regional Intelligence Liaison Office "
        "Asia/Pacific (RILO A/P)",
        "les rapports d'activité de la Vice-présidence, du Bureau régional de renforcement des "
        "capacités Asie/Pacifique (BRRC A/P) et du Bureau régional de liaison chargé du "
        "renseignement Asie/Pacifique (BRLR A/P)",
    ),
    (
        "the nominations endorsed",
        "**Nominations of representatives at WCO regional entities** (RHCAC21/D1, endorsed): "
        "On proposals by several Members",
        "**Désignation des représentants aux entités régionales de l'OMD** (RHCAC21/D1, "
        "approuvée)\u00a0: Sur proposition de plusieurs Membres",
    ),
    (
        "the RPSG",
        "informed by the Regional Private Sector Group Asia/Pacific (RPSG A/P)",
        "informée par le Groupe régional du secteur privé Asie/Pacifique (GRSP A/P)",
    ),
    (
        "the COVID-19 exchange",
        "the delegations exchanged their views on “Keeping Customs operating while combating "
        "COVID-19: exchange of the Heads”",
        "les délégations ont échangé leurs vues sur le point «\u00a0Maintenir l'activité "
        "douanière face à la COVID-19",
    ),
    (
        "regional priorities and strategies",
        "discussed “Regional priorities and strategies”",
        "a débattu du point «\u00a0Priorités et stratégies régionales\u00a0»",
    ),
]


@pytest.mark.parametrize(("fact", "english", "french"), SEED_FACTS, ids=[f[0] for f in SEED_FACTS])
def test_the_demo_item_states_each_fact_of_the_seed(demo_item, fact, english, french):
    assert english in demo_item["body_en"]
    assert french in demo_item["body_fr"]


def test_the_lead_says_when_how_and_who_hosted(demo_item):
    assert demo_item["lead_en"].endswith(
        "was held virtually on 12 November 2020, hosted by Indonesia."
    )
    assert "s'est tenue en format virtuel le 12 novembre 2020" in demo_item["lead_fr"]


# The 22nd RHCAC, built here as DOMAIN.md describes it: one meeting, held virtually on
# 1 April 2021 with Indonesia as host, never postponed.
@pytest.fixture
def rhcac22(region, member):
    series = SeriesFactory(
        region=region,
        reference="RHCAC",
        name_en="Regional Heads of Customs Administrative Conference",
        name_fr="Conférence régionale des chefs d'administration des douanes",
    )
    meeting = MeetingFactory(
        series=series,
        number=22,
        status=Meeting.Status.HELD,
        session__mode=Session.Mode.VIRTUAL,
        session__host=member,
        session__starts_at=datetime.datetime(2021, 4, 1, 5, tzinfo=datetime.UTC),
        session__ends_at=datetime.datetime(2021, 4, 1, 9, tzinfo=datetime.UTC),
    )
    session = meeting.session
    head = PersonFactory(
        region=region, member=member, honorific="Ms", name="Ayu Lestari", position_en="Director"
    )
    RoleFactory(person=head, kind=Role.Kind.HEAD_OF_CUSTOMS, member=member)
    AgendaItemFactory(
        session=session, kind=AgendaItem.Kind.OPENING, title_en="Opening", presenter_person=head
    )
    trade = AgendaItemFactory(
        session=session,
        meeting=meeting,
        kind=AgendaItem.Kind.DISCUSSION,
        title_en="Trade facilitation after the pandemic",
    )
    proposal = decisions.proposal_create(
        region=region,
        by=SYSTEM,
        series=series,
        meeting=meeting,
        agenda_item=trade,
        title_en="A regional trade facilitation week",
        text_en="The Conference holds a regional trade facilitation week in 2021.",
        secretariat=True,
    )
    decisions.proposal_table(proposal=proposal, by=SYSTEM)
    decisions.proposal_decide(proposal=proposal, by=SYSTEM, outcome="adopted")
    return session


def test_another_meeting_is_told_with_its_own_facts(rhcac22):
    text = news_text(session_facts(rhcac22), "en")
    body = text["body"]
    assert text["title"] == "22nd Regional Heads of Customs Administrative Conference"
    assert (
        "The 22nd Regional Heads of Customs Administrative Conference was held virtually on "
        "1 April 2021, hosted by Indonesia at the invitation of Ms Ayu Lestari, Director."
    ) in body
    assert "Ms Ayu Lestari delivered the opening remarks." in body
    assert "**A regional trade facilitation week**" in body
    assert "The meeting discussed “Trade facilitation after the pandemic”." in body
    french = news_text(session_facts(rhcac22), "fr")["body"]
    assert "1er avril 2021" in french
    assert "Mme Ayu Lestari a prononcé l'allocution d'ouverture." in french


# Whatever the joint session's item says that the 22nd RHCAC's data does not hold.
JOINT_ONLY = [
    "Joint",
    "postpone",
    "extraordinary",
    "30th",
    "12 November 2020",
    "Mikuriya",
    "Secretary General",
    "Pambudi",
    "Strategic Plan",
    "activity report",
    "ROCB",
    "RILO",
    "Nominations",
    "Private Sector",
    "COVID",
    "tour de table",
]


@pytest.mark.parametrize("fact", JOINT_ONLY)
def test_another_meeting_states_none_of_the_joint_session_facts(rhcac22, fact):
    text = news_text(session_facts(rhcac22), "en")
    assert fact not in text["title"] + text["lead"] + text["body"]


@pytest.mark.parametrize(
    ("honorific", "ending"), [("Ms", "e"), ("Mrs.", "e"), ("Mr", ""), ("Dr", "")]
)
def test_french_agrees_with_the_speakers_honorific(honorific, ending):
    from types import SimpleNamespace

    from secretariat.publishing.templatetags.prose import agree, person

    speaker = SimpleNamespace(honorific=honorific, name="A. Name")
    assert agree(speaker) == ending
    with translation.override("fr"):
        assert person(speaker).endswith(" A. Name")


def test_a_joint_session_of_which_one_meeting_was_postponed_names_it(region, member):
    from secretariat.meetings.models import Postponement

    heads = MeetingFactory(
        series=SeriesFactory(region=region, name_en="Heads Conference"),
        number=3,
        session__host=member,
    )
    points = MeetingFactory(
        series=SeriesFactory(region=region, name_en="Contact Point Meeting"),
        number=9,
        session=heads.session,
    )
    for _ in range(2):
        Postponement.objects.create(meeting=points, reason_en="A typhoon.")
    body = news_text(session_facts(heads.session), "en")["body"]
    assert (
        "Joint Session was organized in response to the postponement of the 9th Contact Point "
        "Meeting due to a typhoon."
    ) in body

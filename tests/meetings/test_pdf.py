"""The printable agenda and participant list: re-opened with pypdf, read as a person would."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from secretariat.core.visibility import Visibility
from secretariat.meetings import delegations
from secretariat.meetings.models import Delegate, Delegation, Session

from ..factories import MemberFactory, OrganisationFactory, PersonFactory
from .factories import LINK, AgendaItemFactory, MeetingFactory, joint_session

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    """The PDF's text with runs of white space as one space (lines wrap where they fit)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def url(name, session):
    return reverse(f"meetings:{name}", args=[session.region.slug, session.pk])


@pytest.fixture
def joint(region, member):
    return joint_session(region, member)


class TestAgendaPdf:
    def test_title_facts_numbers_kinds_presenters_and_times(self, client, joint):
        text = pdf_text(client.get(url("agenda-pdf", joint)))
        assert (
            "Joint Session of the 21st Regional Heads of Customs Administrative Conference "
            "and 30th Regional Contact Point Meeting" in text
        )
        assert "RHCAC21 · RCP30" in text  # the running header
        assert "Draft agenda" in text
        assert "Nov. 12, 2020, noon WIB (UTC+07:00)" in text  # the meeting's own zone
        assert "Virtual · extraordinary session · Video conference" in text
        assert "Host Indonesia" in text
        # The day with the time (4b8031d printed the time alone: "12:00, 10 min").
        assert "I. Opening remarks Opening Mr Heru Pambudi Thu 12 Nov, 12:00, 10 min" in text
        assert "II. Address Address" in text
        assert "II.1 Free Zones" in text and "II.2 E-Commerce" in text
        assert "III. Activity report of ROCB A/P RCP30 Report ROCB A/P" in text
        assert "1 / 1" in text
        assert LINK not in text and "secret-room" not in text

    def test_adopted_agenda_says_when(self, client, joint):
        Session.objects.filter(pk=joint.pk).update(
            agenda_adopted_at=datetime.datetime(2020, 11, 12, 6, tzinfo=datetime.UTC)
        )
        text = pdf_text(client.get(url("agenda-pdf", joint)))
        assert "Adopted on Nov. 12, 2020" in text
        assert "Draft" not in text

    def test_in_french(self, client, joint):
        client.cookies["django_language"] = "fr"
        text = pdf_text(client.get(url("agenda-pdf", joint)))
        assert "Session conjointe" in text
        assert "21e Conférence régionale des chefs d'administration des douanes" in text
        assert "I. Allocution d'ouverture" in text
        assert "Projet d'ordre du jour" in text
        assert "Draft agenda" not in text

    def test_arabic_numbering_of_a_single_meeting(self, client, region):
        meeting = MeetingFactory(series__region=region, series__name_en="Working Group", number=3)
        AgendaItemFactory(session=meeting.session, position=1, title_en="Welcome")
        AgendaItemFactory(session=meeting.session, position=2, title_en="Budget")
        text = pdf_text(client.get(url("agenda-pdf", meeting.session)))
        assert "1. Welcome" in text and "2. Budget" in text
        assert "3rd Working Group" in text

    @pytest.mark.parametrize(
        ("who", "sees"),
        [(None, False), ("dana", False), ("alice", True), ("charlie", True), ("sam", True)],
    )
    def test_members_only_part_is_for_the_regions_participants(
        self, client, cast, joint, who, sees
    ):
        joint.meetings.filter(number=30).update(visibility=Visibility.MEMBERS)
        if who:
            client.force_login(getattr(cast, who))
        text = pdf_text(client.get(url("agenda-pdf", joint)))
        assert ("Activity report of ROCB A/P" in text) is sees
        assert ("30th Regional Contact Point Meeting" in text) is sees
        assert "Opening remarks" in text

    @pytest.mark.parametrize(
        ("who", "status"), [(None, 404), ("dana", 404), ("charlie", 200), ("sam", 200)]
    )
    def test_members_only_meeting(self, client, cast, joint, who, status):
        joint.meetings.update(visibility=Visibility.MEMBERS)
        if who:
            client.force_login(getattr(cast, who))
        assert client.get(url("agenda-pdf", joint)).status_code == status

    def test_session_of_another_region_is_not_found_here(self, client, joint):
        elsewhere = MeetingFactory(series__region=MemberFactory().region)
        path = reverse("meetings:agenda-pdf", args=[joint.region.slug, elsewhere.session.pk])
        assert client.get(path).status_code == 404

    def test_session_page_links_it(self, client, joint):
        assert url("agenda-pdf", joint) in client.get(joint.get_absolute_url()).text

    def test_same_number_of_queries_for_2_and_40_items(self, client, cast, region):
        client.force_login(cast.charlie)
        meeting = MeetingFactory(series__region=region)
        person = PersonFactory(region=region)

        def add(n):
            for _ in range(n):
                parent = AgendaItemFactory(session=meeting.session, presenter_person=person)
                AgendaItemFactory(session=meeting.session, parent=parent, position=1)

        def count():
            with CaptureQueriesContext(connection) as queries:
                pdf_text(client.get(url("agenda-pdf", meeting.session)))
            return len(queries)

        add(2)
        two = count()
        add(38)
        assert count() == two


SOON = datetime.timedelta(days=30)


@pytest.fixture
def session(region):
    starts = timezone.now() + SOON
    meeting = MeetingFactory(
        series__region=region,
        series__reference="HC",
        series__name_en="Heads Conference",
        series__name_fr="Conférence des chefs",
        number=21,
        session__starts_at=starts,
        session__ends_at=starts + datetime.timedelta(hours=4),
    )
    return meeting.session


@pytest.fixture
def approved(session, cast, member, region):
    """Indonesia's delegation approved: Ani shows her email, Bayu hides his; WCO observes."""
    deadline = timezone.now() + datetime.timedelta(days=10)
    wco = OrganisationFactory(region=region, name_en="WCO Secretariat")
    delegations.session_invite(
        session=session, members=[member], organisations=[wco], deadline=deadline, by=cast.sam
    )
    ani = PersonFactory(region=region, member=member, name="Ani Open", email="ani@example.org")
    bayu = PersonFactory(region=region, member=member, name="Bayu Hidden", email="bayu@example.org")
    ours = Delegation.objects.get(invitation__session=session, invitation__member=member)
    delegations.delegation_register(
        delegation=ours,
        delegates=[(ani, Delegate.Role.HEAD, False), (bayu, Delegate.Role.ADVISER, True)],
        by=cast.alice,
    )
    delegations.delegation_approve(delegation=ours, by=cast.sam)
    observer = PersonFactory(region=region, organisation=wco, name="Olga Observer")
    theirs = Delegation.objects.get(invitation__session=session, invitation__organisation=wco)
    delegations.delegation_register(
        delegation=theirs, delegates=[(observer, Delegate.Role.HEAD, False)], by=cast.sam
    )
    delegations.delegation_approve(delegation=theirs, by=cast.sam)
    return session


class TestParticipantPdf:
    @pytest.mark.parametrize(
        ("who", "names", "emails"),
        [
            (None, False, False),
            ("dana", False, False),
            ("charlie", True, True),
            ("sam", True, True),
        ],
    )
    def test_what_each_viewer_sees(self, client, cast, approved, who, names, emails):
        if who:
            client.force_login(getattr(cast, who))
        text = pdf_text(client.get(url("participant-pdf", approved)))
        assert "Participants" in text and "21st Heads Conference" in text
        assert "HC21" in text  # the running header
        assert "Members PARTICIPANT" in text  # headings print in capitals
        assert text.index("Indonesia") < text.index("Observers") < text.index("WCO Secretariat")
        assert ("Ani Open" in text) is names
        assert ("head of delegation" in text) is names
        assert ("ani@example.org" in text) is emails
        assert "bayu@example.org" not in text  # he hid it: never shown
        if names:
            assert "Bayu Hidden" in text

    def test_in_french(self, client, cast, approved):
        cast.charlie.language = "fr"
        cast.charlie.save()
        client.force_login(cast.charlie)
        text = pdf_text(client.get(url("participant-pdf", approved)))
        assert "21e Conférence des chefs" in text
        assert "Observateurs" in text and "chef de délégation" in text

    @pytest.mark.parametrize(
        ("who", "status"), [(None, 404), ("dana", 404), ("charlie", 200), ("sam", 200)]
    )
    def test_members_only_meeting_hides_the_list_from_the_public(
        self, client, cast, approved, who, status
    ):
        approved.meetings.update(visibility=Visibility.MEMBERS)
        if who:
            client.force_login(getattr(cast, who))
        assert client.get(url("participant-pdf", approved)).status_code == status

    def test_participant_list_links_it(self, client, approved):
        page = client.get(url("participant-list", approved)).text
        assert url("participant-pdf", approved) in page

    def test_same_number_of_queries_for_1_and_30_delegations(self, client, cast, region, session):
        client.force_login(cast.charlie)
        deadline = timezone.now() + datetime.timedelta(days=10)

        def add(n):
            for _ in range(n):
                member = MemberFactory(region=region)
                delegations.session_invite(
                    session=session, members=[member], deadline=deadline, by=cast.sam
                )
                people = [PersonFactory(region=region, member=member) for _ in range(2)]
                delegations.delegation_register(
                    delegation=Delegation.objects.get(invitation__member=member),
                    delegates=[(people[0], "head", False), (people[1], "delegate", True)],
                    by=cast.sam,
                )

        def count():
            with CaptureQueriesContext(connection) as queries:
                text = pdf_text(client.get(url("participant-pdf", session)))
            return len(queries), text.count("head of delegation")

        add(1)
        one, heads = count()
        assert heads == 1
        add(29)
        assert count() == (one, 30)

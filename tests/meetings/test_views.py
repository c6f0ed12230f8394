import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.meetings import services

from .factories import AgendaItemFactory, MeetingFactory


def page(session):
    return reverse("meetings:session-detail", args=[session.region.slug, session.pk])


@pytest.mark.django_db
class TestSessionPages:
    def test_public_meeting_is_listed_and_shown_to_everyone(self, client, region):
        meeting = MeetingFactory(
            series__region=region, series__name_en="Heads Conference", number=21
        )
        listing = client.get(reverse("meetings:session-list", args=[region.slug]))
        assert "21st Heads Conference" in listing.text
        assert client.get(page(meeting.session)).status_code == 200

    @pytest.mark.parametrize("who", [None, "dana"])
    def test_members_only_meeting_is_hidden_from_the_public_and_other_regions(
        self, client, cast, region, who
    ):
        meeting = MeetingFactory(
            series__region=region,
            visibility=Visibility.MEMBERS,
            series__name_en="Closed Conference",
        )
        if who:
            client.force_login(getattr(cast, who))
        assert (
            "Closed Conference"
            not in client.get(reverse("meetings:session-list", args=[region.slug])).text
        )
        assert client.get(page(meeting.session)).status_code == 404

    def test_members_only_meeting_is_shown_to_the_regions_participants(self, client, cast, region):
        meeting = MeetingFactory(series__region=region, visibility=Visibility.MEMBERS)
        client.force_login(cast.charlie)
        assert client.get(page(meeting.session)).status_code == 200

    @pytest.mark.parametrize(
        ("who", "sees"), [(None, False), ("dana", False), ("charlie", True), ("sam", True)]
    )
    def test_join_link_only_for_the_regions_participants(self, client, cast, region, who, sees):
        meeting = MeetingFactory(
            series__region=region,
            session__video_platform="Video",
            session__join_link="https://meet.example.org/secret-room",
        )
        if who:
            client.force_login(getattr(cast, who))
        assert ("meet.example.org/secret-room" in client.get(page(meeting.session)).text) is sees

    def test_unknown_session_is_404(self, client, region):
        assert client.get(f"/{region.slug}/meetings/999/").status_code == 404

    def test_same_queries_for_2_and_40_agenda_items(
        self, client, region, django_assert_num_queries
    ):
        meeting = MeetingFactory(series__region=region)
        for _ in range(2):
            AgendaItemFactory(session=meeting.session)
        with CaptureQueriesContext(connection) as two:
            client.get(page(meeting.session))
        for _ in range(38):
            parent = AgendaItemFactory(session=meeting.session)
            AgendaItemFactory(session=meeting.session, parent=parent)
        cache.clear()  # factories leave no audit entry: render the page from its rows again
        with django_assert_num_queries(len(two)):
            assert len(client.get(page(meeting.session)).text.split("agenda-title")) == 79

    def test_kept_for_the_next_reader_until_an_audited_change(
        self, client, cast, region, django_assert_max_num_queries
    ):
        meeting = MeetingFactory(series__region=region, series__agenda_numbering="arabic")
        AgendaItemFactory(session=meeting.session, title_en="Opening remarks")
        assert "Opening remarks" in client.get(page(meeting.session)).text
        with django_assert_max_num_queries(2):  # the region and its stamp
            assert "Opening remarks" in client.get(page(meeting.session)).text
        services.agenda_item_add(
            session=meeting.session, kind="closing", title_en="Closing", by=cast.sam
        )
        assert "Closing" in client.get(page(meeting.session)).text
        client.force_login(cast.charlie)  # another reader: rendered for their rights
        assert "Closing" in client.get(page(meeting.session)).text

    def test_same_queries_for_1_and_10_sessions_in_the_list(
        self, client, region, django_assert_num_queries
    ):
        MeetingFactory(series__region=region)
        url = reverse("meetings:session-list", args=[region.slug])
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for _ in range(9):
            MeetingFactory(series__region=region)
        with django_assert_num_queries(len(one)):
            client.get(url)


@pytest.mark.django_db
def test_demo_joint_session_page_in_english_and_french(client):
    from secretariat.demo import asia_pacific
    from secretariat.meetings.models import Meeting

    asia_pacific.load()
    session = Meeting.objects.get(series__reference="RHCAC", number=21).session
    text = client.get(page(session)).text
    assert (
        "Joint Session of the 21st Regional Heads of Customs Administrative Conference "
        "and 30th Regional Contact Point Meeting"
    ) in text
    assert "Practical Guidance on Free Zones" in text and "XIII." in text
    assert "Postponed: The COVID-19 pandemic." in text
    assert "Nov. 12, 2020: held" in text  # the demo's history is dated as it happened
    assert session.agenda_adopted_at == session.starts_at
    client.cookies["django_language"] = "fr"
    text = client.get(page(session)).text
    assert "21e Conférence régionale des chefs d&#x27;administration des douanes" in text
    assert "Reportée\u00a0: La pandémie de COVID-19." in text  # French puts a space before ":"


@pytest.mark.django_db
def test_joint_session_hides_the_part_of_a_meeting_the_viewer_may_not_see(client, cast, region):
    from secretariat.meetings import services

    from .factories import SeriesFactory

    public = services.meeting_create(series=SeriesFactory(region=region), number=1, by=SYSTEM)
    closed = services.meeting_create(
        series=SeriesFactory(region=region), number=1, by=SYSTEM, visibility=Visibility.MEMBERS
    )
    joint = services.sessions_join(meetings=[public, closed], by=SYSTEM)
    services.session_publish(session=joint, by=SYSTEM)
    AgendaItemFactory(session=joint, meeting=public, title_en="Open part item")
    AgendaItemFactory(session=joint, meeting=closed, title_en="Closed part item")
    text = client.get(page(joint)).text
    assert "Open part item" in text and "Closed part item" not in text
    client.force_login(cast.charlie)
    assert "Closed part item" in client.get(page(joint)).text

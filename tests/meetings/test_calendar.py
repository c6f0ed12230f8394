"""Calendar files: a session's ICS and each person's private feed."""

import datetime

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from secretariat.accounts import services as account_services
from secretariat.accounts.models import CalendarFeed
from secretariat.core.visibility import Visibility
from secretariat.demo import asia_pacific
from secretariat.meetings.models import Session
from secretariat.regions.models import Region

from ..factories import RegionFactory
from .factories import MeetingFactory

LINK = "https://meet.example.org/secret-room"


def ics_url(session):
    return reverse("meetings:session-calendar", args=[session.region.slug, session.pk])


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def virtual_meeting(region, **session):
    return MeetingFactory(
        series__region=region,
        series__name_en="Heads Conference",
        number=21,
        session__mode=Session.Mode.VIRTUAL,
        session__video_platform="Video",
        session__join_link=LINK,
        **{f"session__{k}": v for k, v in session.items()},
    )


@pytest.mark.django_db
def test_demo_joint_session_starts_at_noon_in_jakarta(client):
    region = asia_pacific.load()
    joint = Session.objects.get(
        region=region, meetings__series__reference="RHCAC", meetings__number=21
    )
    response = client.get(ics_url(joint))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="RHCAC21-RCP30.ics"'
    cal = parse(response)
    [event] = cal.events
    assert event.start == datetime.datetime(2020, 11, 12, 5, tzinfo=datetime.UTC)
    assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert event.start.utcoffset() == datetime.timedelta(hours=7)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    assert event.end == datetime.datetime(2020, 11, 12, 10, tzinfo=datetime.UTC)
    assert str(event["SUMMARY"]) == (
        "Joint Session of the 21st Regional Heads of Customs Administrative Conference "
        "and 30th Regional Contact Point Meeting"
    )
    assert str(event["LOCATION"]) == "Virtual"
    assert str(event["URL"]) == f"http://testserver/ap/meetings/{joint.pk}/"
    # Anonymous: the page's facts, not the video link.
    assert "meet.example.org" not in str(event["DESCRIPTION"])


@pytest.mark.django_db
class TestSessionCalendar:
    def test_uid_is_stable_and_venue_is_the_location(self, client, region):
        meeting = MeetingFactory(series__region=region, session__venue="Bangkok, Thailand")
        first = parse(client.get(ics_url(meeting.session))).events[0]
        again = parse(client.get(ics_url(meeting.session))).events[0]
        assert str(first["UID"]) == str(again["UID"]) == f"session-{meeting.session.pk}@127.0.0.1"
        assert str(first["LOCATION"]) == "Bangkok, Thailand"

    @pytest.mark.parametrize(
        ("who", "sees"),
        [(None, False), ("dana", False), ("alice", True), ("charlie", True), ("sam", True)],
    )
    def test_join_link_only_for_those_the_rule_allows(self, client, cast, region, who, sees):
        meeting = virtual_meeting(region)
        if who:
            client.force_login(getattr(cast, who))
        event = parse(client.get(ics_url(meeting.session))).events[0]
        assert (LINK in str(event["DESCRIPTION"])) is sees
        assert "Video" in str(event["DESCRIPTION"])

    @pytest.mark.parametrize(("who", "status"), [(None, 404), ("dana", 404), ("charlie", 200)])
    def test_members_only_meeting_follows_the_pages_visibility(
        self, client, cast, region, who, status
    ):
        meeting = MeetingFactory(series__region=region, visibility=Visibility.MEMBERS)
        if who:
            client.force_login(getattr(cast, who))
        assert client.get(ics_url(meeting.session)).status_code == status

    def test_undated_session_says_date_to_be_decided(self, client, region):
        meeting = MeetingFactory(
            series__region=region, session__starts_at=None, session__ends_at=None
        )
        response = client.get(ics_url(meeting.session))
        assert response.status_code == 404
        assert "Date to be decided" in response.text
        page = client.get(meeting.session.get_absolute_url()).text
        assert "Add to calendar" not in page

    def test_page_links_to_the_file(self, client, region):
        meeting = MeetingFactory(series__region=region)
        page = client.get(meeting.session.get_absolute_url()).text
        assert f'href="{ics_url(meeting.session)}"' in page

    def test_french_reader_gets_french_titles(self, client, region):
        meeting = MeetingFactory(
            series__region=region, series__name_fr="Conférence des chefs", number=21
        )
        response = client.get(ics_url(meeting.session), headers={"accept-language": "fr"})
        assert str(parse(response).events[0]["SUMMARY"]) == "21e Conférence des chefs"


def feed_url(secret):
    return reverse("meetings:calendar-feed", args=[secret])


@pytest.mark.django_db
class TestCalendarFeed:
    def test_making_an_address_shows_it_once_and_stores_only_its_hash(self, client, cast):
        client.force_login(cast.alice)
        response = client.post(reverse("accounts:calendar-feed"))
        assert response.status_code == 200
        [feed] = CalendarFeed.objects.filter(user=cast.alice)
        address = response.context["address"]
        secret = address.rsplit("/", 1)[1].removesuffix(".ics")
        assert address in response.text
        assert secret not in feed.digest and feed.digest != secret
        assert secret.startswith(feed.hint)
        assert address not in client.get(reverse("accounts:calendar-feed")).text

    def test_home_links_to_the_feed_page(self, client, cast):
        client.force_login(cast.alice)
        assert reverse("accounts:calendar-feed") in client.get(reverse("accounts:home")).text

    def test_feed_lists_what_the_owner_may_see_in_their_regions(self, client, cast, region):
        public = virtual_meeting(region)
        closed = MeetingFactory(
            series__region=region, visibility=Visibility.MEMBERS, series__name_en="Closed one"
        )
        undated = MeetingFactory(
            series__region=region, session__starts_at=None, session__ends_at=None
        )
        # Another region's members-only meeting, whose link the owner must not get.
        esa = Region.objects.get(slug="esa")
        theirs = MeetingFactory(
            series__region=esa,
            visibility=Visibility.MEMBERS,
            series__name_en="East and Southern Africa Conference",
            session__join_link="https://meet.example.org/esa-room",
        )
        # A public meeting of a region the owner takes no part in: not "their" meeting.
        elsewhere = MeetingFactory(series__region=RegionFactory(slug="wca"))
        _feed, secret = CalendarFeed.issue(user=cast.alice)
        response = client.get(feed_url(secret))
        assert response.status_code == 200
        events = {str(e["UID"]): e for e in parse(response).events}
        assert set(events) == {
            f"session-{public.session.pk}@127.0.0.1",
            f"session-{closed.session.pk}@127.0.0.1",
        }
        assert LINK in str(events[f"session-{public.session.pk}@127.0.0.1"]["DESCRIPTION"])
        assert "East and Southern Africa" not in response.text
        assert "esa-room" not in response.text
        assert undated and elsewhere

        _feed, dana_secret = CalendarFeed.issue(user=cast.dana)
        dana_events = parse(client.get(feed_url(dana_secret))).events
        assert [str(e["UID"]) for e in dana_events] == [f"session-{theirs.session.pk}@127.0.0.1"]

    def test_feed_speaks_the_owners_language(self, client, cast, region):
        MeetingFactory(series__region=region, series__name_fr="Conférence des chefs", number=21)
        cast.alice.language = "fr"
        cast.alice.save()
        _feed, secret = CalendarFeed.issue(user=cast.alice)
        [event] = parse(client.get(feed_url(secret))).events
        assert str(event["SUMMARY"]) == "21e Conférence des chefs"

    def test_revoked_or_unknown_address_is_404(self, client, cast, region):
        MeetingFactory(series__region=region)
        client.force_login(cast.alice)
        client.post(reverse("accounts:calendar-feed"))
        feed = CalendarFeed.objects.get(user=cast.alice)
        secret = client.post(reverse("accounts:calendar-feed")).context["address"]
        secret = secret.rsplit("/", 1)[1].removesuffix(".ics")
        feed.refresh_from_db()
        assert feed.revoked_at is not None  # making a new one revoked the first
        client.logout()
        assert client.get(feed_url(secret)).status_code == 200

        new = CalendarFeed.objects.get(user=cast.alice, revoked_at=None)
        client.force_login(cast.alice)
        response = client.post(reverse("accounts:calendar-feed-revoke", args=[new.pk]))
        assert response.status_code == 302
        client.logout()
        assert client.get(feed_url(secret)).status_code == 404
        assert client.get(feed_url("cal_nothing")).status_code == 404

    def test_nobody_else_can_revoke_a_feed(self, client, cast):
        feed, _secret = CalendarFeed.issue(user=cast.alice)
        client.force_login(cast.bob)
        response = client.post(reverse("accounts:calendar-feed-revoke", args=[feed.pk]))
        assert response.status_code == 404
        feed.refresh_from_db()
        assert feed.revoked_at is None
        with pytest.raises(PermissionDenied):
            account_services.calendar_feed_revoke(feed=feed, by=cast.bob)

    def test_reads_are_recorded_and_shown_to_the_owner(self, client, cast):
        feed, secret = CalendarFeed.issue(user=cast.alice)
        client.force_login(cast.alice)
        assert (
            "not read by a calendar program yet"
            in client.get(reverse("accounts:calendar-feed")).text
        )
        client.get(feed_url(secret))
        feed.refresh_from_db()
        assert feed.last_used_at is not None
        assert (
            "last read by a calendar program" in client.get(reverse("accounts:calendar-feed")).text
        )

    def test_deactivated_owner_feed_stops(self, client, cast):
        _feed, secret = CalendarFeed.issue(user=cast.alice)
        cast.alice.is_active = False
        cast.alice.save()
        assert client.get(feed_url(secret)).status_code == 404

    def test_feed_queries_do_not_grow_with_sessions(
        self, client, cast, region, django_assert_num_queries
    ):
        _feed, secret = CalendarFeed.issue(user=cast.sam)
        virtual_meeting(region)
        client.get(feed_url(secret))  # the first read is recorded
        with django_assert_num_queries(4) as one:
            client.get(feed_url(secret))
        for n in range(9):
            MeetingFactory(
                series__region=region,
                session__starts_at=timezone.now() + datetime.timedelta(days=n),
                session__ends_at=None,
            )
        with django_assert_num_queries(len(one.captured_queries)):
            assert len(parse(client.get(feed_url(secret))).events) == 10

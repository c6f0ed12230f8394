import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.meetings import services
from secretariat.meetings.models import AgendaItem, Meeting, Session
from secretariat.meetings.ordinals import ordinal, roman

from .factories import MeetingFactory, SeriesFactory

UTC = datetime.UTC


def test_ordinals_in_english_and_french():
    assert [ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 30, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "30th",
        "101st",
        "111th",
    ]
    assert [ordinal(n, "fr") for n in (1, 2, 21)] == ["1er", "2e", "21e"]
    assert [roman(n) for n in (1, 4, 9, 13, 40, 2024)] == ["I", "IV", "IX", "XIII", "XL", "MMXXIV"]


@pytest.mark.django_db
class TestMeetings:
    def test_a_meeting_is_titled_from_its_series_in_the_viewers_language(self, region):
        series = SeriesFactory(
            region=region,
            name_en="Regional Contact Point Meeting",
            name_fr="Réunion des points de contact régionaux",
        )
        meeting = services.meeting_create(series=series, number=30, by=SYSTEM)
        assert meeting.full_title == "30th Regional Contact Point Meeting"
        with translation.override("fr"):
            assert meeting.full_title == "30e Réunion des points de contact régionaux"
        assert AuditEntry.objects.filter(action="created", target_id=str(meeting.pk)).exists()

    def test_a_duplicate_number_is_refused_and_nothing_is_created(self, region):
        series = SeriesFactory(region=region)
        services.meeting_create(series=series, number=21, by=SYSTEM)
        with pytest.raises(ValidationError, match="21st meeting of this series already exists"):
            services.meeting_create(series=series, number=21, by=SYSTEM)
        assert Meeting.objects.count() == 1 and Session.objects.count() == 1

    def test_an_end_before_the_start_is_refused(self, region):
        series = SeriesFactory(region=region)
        start = datetime.datetime(2021, 4, 1, 5, tzinfo=UTC)
        with pytest.raises(ValidationError, match="The end comes before the start"):
            services.meeting_create(
                series=series,
                number=22,
                by=SYSTEM,
                starts_at=start,
                ends_at=start - datetime.timedelta(hours=1),
            )
        assert not Meeting.objects.exists()

    def test_postponement_moves_the_session_and_is_kept(self, region):
        start = datetime.datetime(2020, 4, 1, 5, tzinfo=UTC)
        meeting = services.meeting_create(
            series=SeriesFactory(region=region),
            number=21,
            by=SYSTEM,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=4),
        )
        to = datetime.datetime(2020, 11, 12, 5, tzinfo=UTC)
        services.meeting_postpone(meeting=meeting, by=SYSTEM, reason_en="COVID-19", to=to)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.POSTPONED
        assert (meeting.session.starts_at, meeting.session.ends_at) == (
            to,
            to + datetime.timedelta(hours=4),
        )
        (postponement,) = meeting.postponements.all()
        assert (postponement.was_starts_at, postponement.now_starts_at) == (start, to)
        # To a date to be decided, then again: both kept.
        services.meeting_postpone(meeting=meeting, by=SYSTEM, reason_en="Again")
        meeting.refresh_from_db()
        assert meeting.session.starts_at is None
        assert meeting.postponements.count() == 2

    def test_postponement_needs_a_reason_and_a_later_date(self, region):
        start = datetime.datetime(2020, 4, 1, 5, tzinfo=UTC)
        meeting = services.meeting_create(
            series=SeriesFactory(region=region), number=1, by=SYSTEM, starts_at=start
        )
        with pytest.raises(ValidationError, match="Say why"):
            services.meeting_postpone(meeting=meeting, by=SYSTEM, reason_en=" ")
        with pytest.raises(ValidationError, match="later"):
            services.meeting_postpone(
                meeting=meeting, by=SYSTEM, reason_en="x", to=start - datetime.timedelta(days=1)
            )
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PLANNED and not meeting.postponements.exists()

    def test_status_follows_the_lifecycle(self, region):
        meeting = MeetingFactory(series__region=region)
        services.meeting_set_status(meeting=meeting, status=Meeting.Status.HELD, by=SYSTEM)
        services.meeting_set_status(meeting=meeting, status=Meeting.Status.CLOSED, by=SYSTEM)
        with pytest.raises(ValidationError, match="cannot become"):
            services.meeting_set_status(meeting=meeting, status=Meeting.Status.PLANNED, by=SYSTEM)

    def test_joint_session_serves_several_meetings_each_keeping_its_number(self, region):
        heads = SeriesFactory(region=region, name_en="Heads Conference", order=0)
        rcp = SeriesFactory(region=region, name_en="Contact Point Meeting", order=1)
        a = services.meeting_create(series=heads, number=21, by=SYSTEM)
        b = services.meeting_create(series=rcp, number=30, by=SYSTEM)
        joint = services.sessions_join(
            meetings=[a, b], by=SYSTEM, mode=Session.Mode.VIRTUAL, extraordinary=True
        )
        a.refresh_from_db()
        b.refresh_from_db()
        assert a.session == b.session == joint
        assert (a.number, b.number) == (21, 30)
        assert joint.title == (
            "Joint Session of the 21st Heads Conference and 30th Contact Point Meeting"
        )
        assert Session.objects.filter(merged_into=joint).count() == 2

    def test_joint_session_needs_two_meetings_of_one_region(self, region):
        a = MeetingFactory(series__region=region)
        with pytest.raises(ValidationError, match="at least two"):
            services.sessions_join(meetings=[a], by=SYSTEM)
        far = MeetingFactory()  # another region
        with pytest.raises(ValidationError, match="one region"):
            services.sessions_join(meetings=[a, far], by=SYSTEM)

    def test_agenda_items_are_numbered_in_order_with_sub_items(self, region):
        meeting = MeetingFactory(series__region=region)
        first = services.agenda_item_add(
            session=meeting.session, kind=AgendaItem.Kind.OPENING, title_en="Opening", by=SYSTEM
        )
        second = services.agenda_item_add(
            session=meeting.session, kind=AgendaItem.Kind.REPORT, title_en="Reports", by=SYSTEM
        )
        child = services.agenda_item_add(
            session=meeting.session,
            parent=second,
            kind=AgendaItem.Kind.REPORT,
            title_en="ROCB",
            by=SYSTEM,
        )
        assert (first.position, second.position, child.position) == (1, 2, 1)
        assert second.number_in("roman") == "II"

    def test_an_agenda_item_cannot_serve_a_meeting_of_another_session(self, region):
        meeting, other = (
            MeetingFactory(series__region=region),
            MeetingFactory(series__region=region),
        )
        with pytest.raises(ValidationError, match="not held in this session"):
            services.agenda_item_add(
                session=meeting.session,
                meeting=other,
                kind=AgendaItem.Kind.REPORT,
                title_en="x",
                by=SYSTEM,
            )

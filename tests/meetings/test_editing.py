import datetime

import pytest
from django.urls import reverse

from secretariat.meetings.models import AgendaItem, Meeting

from .factories import AgendaItemFactory, MeetingFactory, SeriesFactory


def form_data(series, **changes):
    return {
        "series": series.pk,
        "number": 22,
        "time_zone": "Asia/Jakarta",
        "starts_at": "2021-04-20T13:00",
        "ends_at": "2021-04-20T17:00",
        "mode": "virtual",
        "venue": "",
        "host": "",
        "video_platform": "",
        "join_link": "",
        "visibility": "public",
    } | changes


@pytest.mark.django_db
class TestMeetingCreation:
    def test_secretariat_creates_a_meeting_in_its_time_zone(self, client, cast, region):
        series = SeriesFactory(region=region)
        client.force_login(cast.sam)
        response = client.post(
            reverse("meetings:meeting-add", args=[region.slug]), form_data(series)
        )
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        # 13:00 in Jakarta is 06:00 UTC, whatever the server's or the user's zone.
        assert meeting.session.starts_at == datetime.datetime(2021, 4, 20, 6, tzinfo=datetime.UTC)

    def test_end_before_start_and_duplicate_number_keep_the_form(self, client, cast, region):
        series = SeriesFactory(region=region)
        client.force_login(cast.sam)
        url = reverse("meetings:meeting-add", args=[region.slug])
        bad = client.post(url, form_data(series, ends_at="2021-04-20T10:00", venue="Kept"))
        assert bad.status_code == 400 and "The end comes before the start." in bad.text
        assert 'value="Kept"' in bad.text
        MeetingFactory(series=series, number=22)
        dup = client.post(url, form_data(series))
        assert dup.status_code == 400 and "22nd meeting of this series already exists" in dup.text
        assert Meeting.objects.count() == 1

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana"])
    def test_others_cannot_create_meetings(self, client, cast, region, who):
        series = SeriesFactory(region=region)
        client.force_login(getattr(cast, who))
        url = reverse("meetings:meeting-add", args=[region.slug])
        assert client.post(url, form_data(series)).status_code == 403
        assert not Meeting.objects.exists()


@pytest.mark.django_db
class TestAgendaEditing:
    def items(self, session):
        return list(
            session.agenda.filter(parent=None)
            .order_by("position")
            .values_list("title_en", flat=True)
        )

    def test_secretariat_adds_and_reorders_items(self, client, cast, region):
        meeting = MeetingFactory(series__region=region)
        session = meeting.session
        client.force_login(cast.sam)
        url = reverse("meetings:agenda-edit", args=[region.slug, session.pk])
        for title in ("Opening", "Reports", "Closing"):
            assert client.post(url, {"kind": "discussion", "title_en": title}).status_code == 302
        closing = session.agenda.get(title_en="Closing")
        move = reverse("meetings:agenda-item-move", args=[region.slug, session.pk, closing.pk])
        client.post(move, {"direction": "up"})
        assert self.items(session) == ["Opening", "Closing", "Reports"]
        client.post(move, {"direction": "down"})
        assert self.items(session) == ["Opening", "Reports", "Closing"]

    def test_adopted_agenda_refuses_an_item_added_without_a_reason(self, client, cast, region):
        item = AgendaItemFactory(session=MeetingFactory(series__region=region).session)
        session = item.session
        client.force_login(cast.sam)
        client.post(reverse("meetings:agenda-adopt", args=[region.slug, session.pk]))
        session.refresh_from_db()
        assert session.agenda_adopted_at is not None
        url = reverse("meetings:agenda-edit", args=[region.slug, session.pk])
        client.post(url, {"kind": "discussion", "title_en": "Late item"})
        assert not AgendaItem.objects.filter(title_en="Late item").exists()

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana"])
    def test_others_cannot_edit_the_agenda(self, client, cast, region, who):
        first = AgendaItemFactory(
            session=MeetingFactory(series__region=region).session, position=1, title_en="First"
        )
        AgendaItemFactory(session=first.session, position=2, title_en="Second")
        client.force_login(getattr(cast, who))
        session = first.session
        url = reverse("meetings:agenda-edit", args=[region.slug, session.pk])
        assert client.post(url, {"kind": "discussion", "title_en": "X"}).status_code == 403
        move = reverse("meetings:agenda-item-move", args=[region.slug, session.pk, first.pk])
        assert client.post(move, {"direction": "down"}).status_code == 403
        assert self.items(session) == ["First", "Second"]

"""The secretariat's status buttons on the session page: convene, held, close, cancel, postpone."""

import datetime

import pytest
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.meetings.models import Meeting

from .factories import MeetingFactory

UTC = datetime.UTC


@pytest.fixture
def meeting(region):
    return MeetingFactory(series__region=region, series__reference="RCP", number=30)


def status_url(meeting):
    session = meeting.session
    return reverse("meetings:meeting-status", args=[session.region.slug, session.pk, meeting.pk])


def postpone_url(meeting):
    session = meeting.session
    return reverse("meetings:meeting-postpone", args=[session.region.slug, session.pk, meeting.pk])


def extraordinary_url(meeting):
    session = meeting.session
    return reverse("meetings:session-extraordinary", args=[session.region.slug, session.pk])


def status_of(meeting):
    meeting.refresh_from_db()
    return meeting.status


@pytest.mark.django_db
class TestStatusButtons:
    def test_secretariat_sees_the_buttons_others_do_not(self, client, cast, meeting):
        page = meeting.session.get_absolute_url()
        client.force_login(cast.sam)
        text = client.get(page).text
        for label in ("Convene RCP30", "Mark RCP30 held", "Postpone RCP30", "Cancel RCP30"):
            assert label in text
        assert "Mark as an extraordinary session" in text
        assert "Close RCP30" not in text  # not from "planned"
        client.force_login(cast.alice)
        text = client.get(page).text
        assert "Convene RCP30" not in text and "Mark as an extraordinary session" not in text

    def test_convene_then_held_then_close_shown_in_the_history(self, client, cast, meeting):
        client.force_login(cast.sam)
        for status in ("convened", "held", "closed"):
            response = client.post(status_url(meeting), {"status": status})
            assert response.status_code == 302
            assert status_of(meeting) == status
        assert AuditEntry.objects.filter(action="status changed").count() == 3
        text = client.get(meeting.session.get_absolute_url()).text
        assert ": convened</div>" in text and ": held</div>" in text and ": closed</div>" in text
        assert "Close RCP30" not in text and "Convene RCP30" not in text

    def test_an_invalid_transition_is_refused_with_a_message(self, client, cast, meeting):
        client.force_login(cast.sam)
        response = client.post(status_url(meeting), {"status": "closed"}, follow=True)
        assert "A meeting that is planned cannot become closed." in response.text
        assert status_of(meeting) == Meeting.Status.PLANNED
        assert not AuditEntry.objects.filter(action="status changed").exists()

    def test_cancelling_is_confirmed_first(self, client, cast, meeting):
        client.force_login(cast.sam)
        confirm = client.get(status_url(meeting) + "?status=cancelled")
        assert confirm.status_code == 200 and "This cannot be undone." in confirm.text
        assert status_of(meeting) == Meeting.Status.PLANNED
        refused = client.post(status_url(meeting), {"status": "cancelled"})
        assert refused.status_code == 400 and "id_reason_en_error" in refused.text
        assert status_of(meeting) == Meeting.Status.PLANNED
        client.post(status_url(meeting), {"status": "cancelled", "reason_en": "No quorum."})
        assert status_of(meeting) == Meeting.Status.CANCELLED

    def test_postpone_to_a_date_in_the_sessions_zone_or_to_be_decided(self, client, cast, meeting):
        client.force_login(cast.sam)
        assert client.get(postpone_url(meeting)).status_code == 200
        response = client.post(
            postpone_url(meeting),
            {"to": "2021-04-20T13:00", "reason_en": "COVID-19", "reason_fr": "COVID-19 (fr)"},
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        # 13:00 in Jakarta is 06:00 UTC.
        assert meeting.session.starts_at == datetime.datetime(2021, 4, 20, 6, tzinfo=UTC)
        assert meeting.status == Meeting.Status.POSTPONED
        client.post(postpone_url(meeting), {"to": "", "reason_en": "Again"})
        meeting.refresh_from_db()
        assert meeting.session.starts_at is None and meeting.postponements.count() == 2
        text = client.get(meeting.session.get_absolute_url()).text
        assert "COVID-19" in text and "Again" in text

    def test_postpone_without_reason_or_to_an_earlier_date_keeps_the_form(
        self, client, cast, meeting
    ):
        client.force_login(cast.sam)
        no_reason = client.post(postpone_url(meeting), {"to": "2021-04-20T13:00", "reason_en": ""})
        assert no_reason.status_code == 400 and 'value="2021-04-20T13:00"' in no_reason.text
        earlier = client.post(
            postpone_url(meeting), {"to": "2019-01-01T10:00", "reason_en": "Too early"}
        )
        assert earlier.status_code == 400 and "moves the meeting later" in earlier.text
        assert status_of(meeting) == Meeting.Status.PLANNED
        assert not meeting.postponements.exists()

    def test_mark_extraordinary_and_back(self, client, cast, meeting):
        client.force_login(cast.sam)
        client.post(extraordinary_url(meeting), {"extraordinary": "yes"})
        meeting.session.refresh_from_db()
        assert meeting.session.extraordinary
        assert "extraordinary session" in client.get(meeting.session.get_absolute_url()).text
        client.post(extraordinary_url(meeting), {"extraordinary": "no"})
        meeting.session.refresh_from_db()
        assert not meeting.session.extraordinary
        assert AuditEntry.objects.filter(target_repr=str(meeting.session)).count() == 2

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana", None])
    def test_others_cannot_change_the_status(self, client, cast, meeting, who):
        if who:
            client.force_login(getattr(cast, who))
        responses = [
            client.post(status_url(meeting), {"status": "convened"}),
            client.get(status_url(meeting) + "?status=cancelled"),
            client.get(postpone_url(meeting)),
            client.post(postpone_url(meeting), {"to": "", "reason_en": "No"}),
            client.post(extraordinary_url(meeting), {"extraordinary": "yes"}),
        ]
        expected = 403 if who else 302
        assert [r.status_code for r in responses] == [expected] * 5
        if not who:
            assert all("/accounts/login/" in r["Location"] for r in responses)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PLANNED and not meeting.session.extraordinary
        assert not meeting.postponements.exists() and not AuditEntry.objects.exists()

"""Editing a session on the site: dates, place, mode, host, join link, titles, visibility.

Issue 18, "today": a session's venue, mode and host could be changed only in the admin, and
its dates only by postponing to a later date; cancelling took no reason and mailed nobody.
"""

import datetime

import icalendar
import pytest
from django.urls import reverse

from secretariat.core.models import OutboxMessage
from secretariat.meetings.models import Delegate, Delegation, Meeting, MeetingInvitation

from ..factories import PersonFactory
from .factories import MeetingFactory


@pytest.fixture
def meeting(region, member):
    return MeetingFactory(
        series__region=region,
        series__name_en="Heads Conference",
        number=31,
        session__venue="Jakarta Convention Center",
        session__host=member,
        session__time_zone="Asia/Jakarta",
        session__starts_at=datetime.datetime(2030, 11, 12, 2, tzinfo=datetime.UTC),
        session__ends_at=datetime.datetime(2030, 11, 13, 10, tzinfo=datetime.UTC),
    )


@pytest.fixture
def delegate(region, member, meeting):
    """Ms Siti, in Indonesia's approved delegation."""
    invitation = MeetingInvitation.objects.create(
        session=meeting.session,
        member=member,
        registration_deadline=datetime.datetime(2030, 10, 1, tzinfo=datetime.UTC),
    )
    delegation = Delegation.objects.create(invitation=invitation, status=Delegation.Status.APPROVED)
    person = PersonFactory(region=region, member=member, name="Siti", email="siti@example.org")
    Delegate.objects.create(delegation=delegation, person=person, role=Delegate.Role.HEAD)
    return person


def _edit_url(session):
    return reverse("meetings:session-edit", args=[session.region.slug, session.pk])


def _form(session, **changes):
    data = {
        "version": session.version,
        "description_en": "",
        "description_fr": "",
        "starts_at": "2030-11-12T09:00",
        "ends_at": "2030-11-13T17:00",
        "time_zone": session.time_zone,
        "mode": session.mode,
        "venue": session.venue,
        "host": session.host_id or "",
        "video_platform": "",
        "join_link": "",
        "reason_en": "",
        "reason_fr": "",
    }
    for meeting in session.meetings.all():
        data[f"m{meeting.pk}_title_en"] = meeting.title_en
        data[f"m{meeting.pk}_title_fr"] = meeting.title_fr
        data[f"m{meeting.pk}_visibility"] = meeting.visibility
    data.update(changes)
    return data


def _ics(message):
    return icalendar.Calendar.from_ical(message.attachment)


@pytest.mark.django_db
class TestToday:
    def test_venue_mode_and_host_are_edited_on_the_site(self, client, cast, meeting, other_member):
        """Failed on 4b8031d: there was no edit page (404); only the admin changed them."""
        session = meeting.session
        client.force_login(cast.sam)
        response = client.get(_edit_url(session))
        assert response.status_code == 200
        assert "Times are read in the session's time zone" in response.text
        response = client.post(
            _edit_url(session),
            _form(
                session,
                venue="Bali Nusa Dua",
                mode="hybrid",
                host=other_member.pk,
                reason_en="The hall is being renovated.",
            ),
        )
        assert response.status_code == 302, response.text
        session.refresh_from_db()
        assert (session.venue, session.mode, session.host) == (
            "Bali Nusa Dua",
            "hybrid",
            other_member,
        )

    def test_dates_move_earlier_too(self, client, cast, meeting):
        """Failed on 4b8031d: only a postponement, to a later date, moved a session."""
        session = meeting.session
        client.force_login(cast.sam)
        response = client.post(
            _edit_url(session),
            _form(
                session,
                starts_at="2030-11-05T09:00",
                ends_at="2030-11-06T17:00",
                reason_en="Brought forward a week.",
            ),
        )
        assert response.status_code == 302, response.text
        session.refresh_from_db()
        # 09:00 in Jakarta (UTC+7), as the form says.
        assert session.starts_at == datetime.datetime(2030, 11, 5, 2, tzinfo=datetime.UTC)

    def test_cancelling_takes_a_reason_and_mails_the_delegations(
        self, client, cast, meeting, delegate
    ):
        """Failed on 4b8031d: the meeting was cancelled with no reason, and nobody was mailed."""
        session = meeting.session
        url = reverse("meetings:meeting-status", args=["ap", session.pk, meeting.pk])
        client.force_login(cast.sam)
        response = client.post(url, {"status": "cancelled"})
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PLANNED
        assert response.status_code == 400
        response = client.post(
            url, {"status": "cancelled", "reason_en": "The host cannot receive delegations."}
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        mail = OutboxMessage.objects.get(to="siti@example.org")
        assert "The host cannot receive delegations." in mail.body
        event = _ics(mail).walk("VEVENT")[0]
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1


@pytest.mark.django_db
class TestEdit:
    def test_a_move_is_kept_in_the_history_and_mailed_with_the_next_sequence(
        self, client, cast, meeting, delegate
    ):
        session = meeting.session
        uid_before = None
        client.force_login(cast.sam)
        ics = client.get(reverse("meetings:session-calendar", args=["ap", session.pk]))
        before = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
        uid_before, sequence_before = str(before["UID"]), int(before["SEQUENCE"])
        response = client.post(
            _edit_url(session), _form(session, venue="Bali Nusa Dua", reason_en="Renovation.")
        )
        assert response.status_code == 302
        page = client.get(session.get_absolute_url()).text
        assert "<del>Jakarta Convention Center</del> → Bali Nusa Dua" in page
        assert "Renovation." in page
        mail = OutboxMessage.objects.get(to="siti@example.org")
        event = _ics(mail).walk("VEVENT")[0]
        assert str(event["UID"]) == uid_before
        assert int(event["SEQUENCE"]) == sequence_before + 1 == 1
        assert str(event["LOCATION"]) == "Bali Nusa Dua"
        client.logout()
        assert "<del>Jakarta Convention Center</del>" in client.get(session.get_absolute_url()).text

    def test_a_move_of_a_published_session_needs_a_reason(self, client, cast, meeting):
        session = meeting.session
        client.force_login(cast.sam)
        response = client.post(_edit_url(session), _form(session, venue="Bali Nusa Dua"))
        assert response.status_code == 400
        assert 'value="Bali Nusa Dua"' in response.text  # what the user typed is kept
        session.refresh_from_db()
        assert session.venue == "Jakarta Convention Center"

    def test_a_draft_moves_without_a_reason_nor_mail(self, client, cast, meeting, delegate):
        session = meeting.session
        session.published_at = None
        session.save()
        client.force_login(cast.sam)
        response = client.post(_edit_url(session), _form(session, venue="Bali Nusa Dua"))
        assert response.status_code == 302
        assert not OutboxMessage.objects.exists()

    def test_titles_and_visibility_of_the_meeting(self, client, cast, meeting):
        session = meeting.session
        client.force_login(cast.sam)
        response = client.post(
            _edit_url(session),
            _form(
                session,
                **{
                    f"m{meeting.pk}_title_en": "Heads Conference, Jubilee",
                    f"m{meeting.pk}_visibility": "members",
                    "description_en": "The thirty-first conference.",
                },
            ),
        )
        assert response.status_code == 302, response.text
        meeting.refresh_from_db()
        assert (meeting.title_en, meeting.visibility) == ("Heads Conference, Jubilee", "members")
        client.logout()
        assert client.get(session.get_absolute_url()).status_code == 404
        client.force_login(cast.alice)
        assert "The thirty-first conference." in client.get(session.get_absolute_url()).text

    def test_a_stale_edit_is_refused_with_both_versions(self, client, cast, meeting):
        session = meeting.session
        client.force_login(cast.sam)
        old = _form(session, venue="Bali Nusa Dua", reason_en="One.")
        client.post(_edit_url(session), _form(session, venue="Surabaya", reason_en="Two."))
        response = client.post(_edit_url(session), old)
        assert response.status_code == 409
        session.refresh_from_db()
        assert session.venue == "Surabaya"

    @pytest.mark.parametrize("who", [None, "alice", "charlie", "dana"])
    def test_only_the_secretariat_edits(self, client, cast, meeting, who):
        session = meeting.session
        if who:
            client.force_login(getattr(cast, who))
        response = client.post(_edit_url(session), _form(session, venue="Nowhere", reason_en="x"))
        assert response.status_code in (302, 403, 404)
        if who:
            assert response.status_code in (403, 404)
        session.refresh_from_db()
        assert session.venue == "Jakarta Convention Center"

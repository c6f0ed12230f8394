"""The "new documents" digest: through the tick and a real SMTP server, once, in each
recipient's language, listing only what they may see."""

import datetime
import io
from email import message_from_bytes
from email.policy import default

import pytest
import time_machine
from django.core.management import call_command

from secretariat.core.visibility import Visibility
from secretariat.documents import services
from secretariat.documents.digest import session_recipients
from secretariat.documents.models import DigestEntry
from secretariat.meetings import delegations
from secretariat.meetings.models import Delegate, Delegation, Session

from ..factories import PersonFactory
from ..meetings.factories import MeetingFactory
from .conftest import pdf

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
MINUTES = datetime.timedelta(minutes=1)


@pytest.fixture
def session(region, cast, member, other_member):
    """RCP30 (public) with both Members invited and Indonesia's delegation registered:
    Ani, a delegate without an account."""
    meeting = MeetingFactory(
        series__region=region,
        series__reference="RCP",
        series__name_en="Regional Contact Point Meeting",
        series__name_fr="Réunion régionale des points de contact",
        number=30,
        session__starts_at=START + datetime.timedelta(days=30),
        session__ends_at=START + datetime.timedelta(days=30, hours=4),
    )
    session = meeting.session
    with time_machine.travel(START - datetime.timedelta(days=1), tick=False):
        delegations.session_invite(
            session=session,
            members=[member, other_member],
            deadline=START + datetime.timedelta(days=20),
            by=cast.sam,
        )
        ani = PersonFactory(region=region, member=member, name="Ani Open", email="ani@example.org")
        delegations.delegation_register(
            delegation=Delegation.objects.get(invitation__member=member),
            delegates=[(ani, Delegate.Role.HEAD, False)],
            by=cast.alice,
        )
    return session


def upload(session, by, reference, title_en, title_fr="", **kwargs):
    return services.document_upload(
        session=session,
        by=by,
        reference=reference,
        title_en=title_en,
        title_fr=title_fr,
        upload=pdf(),
        **kwargs,
    )


@pytest.fixture
def four_documents(session, cast, other_member):
    """Public, Members only, shared with Australia only, secretariat only."""
    with time_machine.travel(START, tick=False):
        upload(session, cast.sam, "RCP30/Doc 1", "Agenda", "Ordre du jour")
        upload(
            session,
            cast.sam,
            "RCP30/Doc 2",
            "Progress report",
            "Rapport d'étape",
            visibility=Visibility.MEMBERS,
        )
        upload(
            session,
            cast.sam,
            "RCP30/Doc 3",
            "Australia's proposal",
            visibility=Visibility.NAMED,
            shared_with=[other_member],
        )
        upload(session, cast.sam, "RCP30/Doc 4", "Budget notes", visibility=Visibility.SECRETARIAT)
    return session


def tick_at(moment, smtp, capture):
    """Run the tick at `moment`; the mail it queues is delivered; returns what arrived."""
    before = len(smtp)
    with time_machine.travel(moment, tick=False), capture(execute=True):
        call_command("tick", stdout=io.StringIO())
    return {e.rcpt_tos[0]: message_from_bytes(e.content, policy=default) for e in smtp[before:]}


def references(message):
    return [ref for ref in ("Doc 1", "Doc 2", "Doc 3", "Doc 4") if ref in message.get_content()]


def test_recipients_are_contact_points_delegates_and_the_secretariat(session, cast):
    emails = {p.email for p in session_recipients(session)}
    # bob (Head of Customs, not a delegate) and dana (another region) are not.
    assert emails == {
        "alice@example.org",
        "charlie@example.org",
        "sam@example.org",
        "ani@example.org",
    }


def test_each_recipient_hears_of_what_they_may_see_once(
    four_documents, cast, smtp, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # Uploads still coming in: the digest waits for them to pause.
    assert tick_at(START + 10 * MINUTES, smtp, capture) == {}
    mails = tick_at(START + 31 * MINUTES, smtp, capture)
    assert {to: references(m) for to, m in mails.items()} == {
        "alice@example.org": ["Doc 1", "Doc 2"],
        "charlie@example.org": ["Doc 1", "Doc 2", "Doc 3"],
        "sam@example.org": ["Doc 1", "Doc 2", "Doc 3", "Doc 4"],
        "ani@example.org": ["Doc 1"],  # no account: what the public may see
    }
    english = mails["charlie@example.org"]
    assert english["Subject"] == "New documents: 30th Regional Contact Point Meeting"
    body = english.get_content()
    assert "were added or replaced since we last wrote" in body
    assert "- RCP30/Doc 2: Progress report (new)" in body
    doc2 = four_documents.documents.get(reference="RCP30/Doc 2")
    assert f"http://127.0.0.1:8000/ap/documents/{doc2.pk}/" in body
    assert f"/ap/meetings/{four_documents.pk}/" in body
    # Running the tick again sends nothing twice.
    assert tick_at(START + 40 * MINUTES, smtp, capture) == {}
    assert tick_at(START + 2 * datetime.timedelta(hours=1), smtp, capture) == {}
    assert DigestEntry.objects.count() == 2 + 3 + 4 + 1


def test_in_the_recipients_language(four_documents, cast, smtp, django_capture_on_commit_callbacks):
    cast.alice.language = "fr"
    cast.alice.save()
    mails = tick_at(START + 31 * MINUTES, smtp, django_capture_on_commit_callbacks)
    french = mails["alice@example.org"]
    assert french["Subject"] == (
        "Nouveaux documents\u00a0: 30e Réunion régionale des points de contact"
    )
    body = french.get_content()
    assert body.startswith(f"Bonjour {cast.alice.person.name},")
    assert "ont été ajoutés ou remplacés depuis notre dernier message" in body
    assert "- RCP30/Doc 1: Ordre du jour (nouveau)" in body
    assert "- RCP30/Doc 2: Rapport d'étape (nouveau)" in body
    assert "New documents" not in french["Subject"]
    assert mails["charlie@example.org"]["Subject"].startswith("New documents:")


def test_a_replacement_is_sent_once_more_and_alone(
    four_documents, cast, smtp, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    tick_at(START + 31 * MINUTES, smtp, capture)
    later = START + datetime.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        services.document_replace(
            document=four_documents.documents.get(reference="RCP30/Doc 1"),
            upload=pdf(),
            by=cast.sam,
        )
    mails = tick_at(later + 31 * MINUTES, smtp, capture)
    assert set(mails) == {
        "alice@example.org",
        "charlie@example.org",
        "sam@example.org",
        "ani@example.org",
    }
    body = mails["alice@example.org"].get_content()
    assert references(mails["alice@example.org"]) == ["Doc 1"]
    assert "- RCP30/Doc 1: Agenda (replaced: version 2)" in body
    assert tick_at(later + 90 * MINUTES, smtp, capture) == {}


def test_a_members_only_meeting_is_not_announced_to_people_without_an_account(
    four_documents, smtp, django_capture_on_commit_callbacks
):
    four_documents.meetings.update(visibility=Visibility.MEMBERS)
    mails = tick_at(START + 31 * MINUTES, smtp, django_capture_on_commit_callbacks)
    assert "ani@example.org" not in mails
    assert references(mails["alice@example.org"]) == ["Doc 1", "Doc 2"]


def test_old_documents_are_not_news(four_documents, smtp, django_capture_on_commit_callbacks):
    """A first run (or a new participant) is not sent the whole archive."""
    mails = tick_at(START + datetime.timedelta(days=15), smtp, django_capture_on_commit_callbacks)
    assert mails == {}


def test_documents_of_a_session_long_over_are_not_news(
    four_documents, smtp, django_capture_on_commit_callbacks
):
    """A record filed, or an archive imported, for a meeting held months ago."""
    long_ago = START - datetime.timedelta(days=120)
    Session.objects.filter(pk=four_documents.pk).update(
        starts_at=long_ago, ends_at=long_ago + datetime.timedelta(hours=4)
    )
    assert tick_at(START + 31 * MINUTES, smtp, django_capture_on_commit_callbacks) == {}
    Session.objects.filter(pk=four_documents.pk).update(starts_at=None, ends_at=None)
    mails = tick_at(START + 32 * MINUTES, smtp, django_capture_on_commit_callbacks)
    assert len(mails) == 4  # a session still to be dated is current

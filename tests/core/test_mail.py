"""The outbox: queued, delivered to a real SMTP server, retried by the tick, never twice."""

import datetime
import io
import socket

import pytest
import time_machine
from django.core.management import call_command

from secretariat.core.mail import mail_queue
from secretariat.core.models import OutboxMessage

from ..factories import PersonFactory

START = datetime.datetime(2020, 11, 12, 3, 0, tzinfo=datetime.UTC)


def queue_invitation(person):
    return mail_queue(
        to=person.email,
        template="accounts/mail/invitation.txt",
        context={
            "person": person,
            "link": "https://example.org/x",
            "region": person.region,
            "days": 14,
        },
        region_id=person.region_id,
    )


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def point_mail_at(settings, port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def tick() -> str:
    out = io.StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


@pytest.fixture
def person(region):
    return PersonFactory(region=region, name="Ms Sari Dewi", email="sari@customs.go.id")


@pytest.mark.django_db
class TestOutbox:
    def test_queued_message_is_delivered_after_commit(
        self, smtp, person, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            message = queue_invitation(person)
            assert smtp == []  # nothing leaves before the transaction commits
        assert len(smtp) == 1
        envelope = smtp[0]
        assert envelope.rcpt_tos == ["sari@customs.go.id"]
        text = envelope.content.decode()
        assert "Subject: Your invitation to the A/P Secretariat" in text
        assert "Dear Ms Sari Dewi," in text
        assert "https://example.org/x" in text
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert message.attempts == 1 and message.sent_at is not None
        assert message.region_id == person.region_id

    def test_failure_leaves_the_message_queued_then_the_tick_retries_it_once_due(
        self, settings, smtp, person, django_capture_on_commit_callbacks
    ):
        working_port = settings.MAILERS["default"]["OPTIONS"]["port"]
        point_mail_at(settings, closed_port())
        with time_machine.travel(START, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                message = queue_invitation(person)
            message.refresh_from_db()
            assert message.status == OutboxMessage.Status.QUEUED
            assert message.attempts == 1
            assert "refused" in message.last_error.lower()
            assert message.next_attempt_at == START + datetime.timedelta(minutes=2)

        point_mail_at(settings, working_port)
        with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
            tick()  # not yet time to try again
        assert smtp == []
        message.refresh_from_db()
        assert message.attempts == 1

        with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
            assert "mail_retry_due: 1" in tick()
            assert "mail_retry_due: 0" in tick()  # the same minute again: nothing is sent
        assert len(smtp) == 1
        assert "Ms Sari Dewi" in smtp[0].content.decode()
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert message.attempts == 2
        assert message.last_error == ""

    def test_each_failure_waits_longer_and_the_last_gives_up(
        self, settings, person, django_capture_on_commit_callbacks
    ):
        settings.MAIL_MAX_ATTEMPTS = 3
        point_mail_at(settings, closed_port())
        now = START
        with (
            time_machine.travel(now, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            message = queue_invitation(person)
        waits = []
        for _ in range(3):
            message.refresh_from_db()
            waits.append(message.next_attempt_at - now)
            now = message.next_attempt_at
            with time_machine.travel(now, tick=False):
                tick()
        message.refresh_from_db()
        assert waits == [datetime.timedelta(minutes=m) for m in (2, 4, 8)]
        assert message.status == OutboxMessage.Status.FAILED
        assert message.attempts == 3
        with time_machine.travel(now + datetime.timedelta(days=1), tick=False):
            tick()
        message.refresh_from_db()
        assert message.attempts == 3  # a failed message is not tried again

    def test_tick_with_nothing_due_does_nothing(self, smtp, person):
        OutboxMessage.objects.create(to="x@example.org", subject="s", body="b")  # not yet tried
        assert "mail_retry_due: 0" in tick()
        assert smtp == []


@pytest.mark.django_db
def test_with_a_task_queue_the_tick_enqueues_a_due_retry_once(settings, person):
    """In production a worker runs the deliveries later: two ticks before it runs must not
    enqueue the message twice (each duplicate would use up one of its attempts)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    message = OutboxMessage.objects.create(
        to=person.email, subject="s", body="b", attempts=1, next_attempt_at=START
    )
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        assert "mail_retry_due: 1" in tick()
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        assert "mail_retry_due: 0" in tick()
    assert DBTaskResult.objects.filter(args_kwargs__args=[message.pk]).count() == 1

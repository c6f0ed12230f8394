"""The outbox: every message is queued, sent by a background task, recorded and retried."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage


def mail_queue(
    *, to: str, template: str, context: dict, language="en", region_id=None, attachment=None
) -> OutboxMessage:
    """Render `template` (its first line is the subject) in `language` and queue it.

    `attachment`: (file name, text, content type), such as a calendar file, or None.
    """
    with translation.override(language):
        subject, _, body = render_to_string(template, context).strip().partition("\n")
    return mail_queue_text(
        to=to, subject=subject, body=body, region_id=region_id, attachment=attachment
    )


def mail_queue_text(
    *, to: str, subject: str, body: str, region_id=None, attachment=None
) -> OutboxMessage:
    """Queue a message already written; it is sent once the current transaction commits."""
    name, text, content_type = attachment or ("", "", "")
    message = OutboxMessage.objects.create(
        to=to,
        subject=subject.strip()[:300],
        body=body.strip() + "\n",
        region_id=region_id,
        attachment_name=name,
        attachment=text,
        attachment_type=content_type,
    )
    transaction.on_commit(lambda: mail_deliver.enqueue(message.pk))
    return message


@task()
def mail_deliver(message_id: int) -> str:
    """Send one queued message; on failure wait longer before each new attempt."""
    message = OutboxMessage.objects.get(pk=message_id)
    if message.status != OutboxMessage.Status.QUEUED:
        return message.status
    message.attempts += 1
    try:
        mail = EmailMessage(
            message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to]
        )
        if message.attachment_name:
            mail.attach(message.attachment_name, message.attachment, message.attachment_type)
        mail.send()
    except OSError as exc:  # SMTP errors are OSErrors too
        message.last_error = str(exc)[:2000]
        if message.attempts >= settings.MAIL_MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
        message.next_attempt_at = timezone.now() + timedelta(minutes=2**message.attempts)
    else:
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
    message.save()
    return message.status


# How long a retry handed to the task queue is left to it before the tick hands it again.
RETRY_LEASE = timedelta(minutes=15)


def mail_retry_due(now=None) -> int:
    """Queue again every message whose retry time has come (a tick step).

    Each message handed to the task queue is leased: its next attempt moves past the
    lease, so ticks that run before the worker does do not enqueue it again (every
    duplicate would use up one of its attempts).
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            status=OutboxMessage.Status.QUEUED, attempts__gt=0, next_attempt_at__lte=now
        )
        ids = list(due.values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=ids).update(next_attempt_at=now + RETRY_LEASE)
    for pk in ids:
        mail_deliver.enqueue(pk)
    return len(ids)

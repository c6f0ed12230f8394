"""The "new documents" digest: each participant of a session hears, once, of the documents
added or replaced since their last digest, those they may see, in their language.

A tick step. What each person was told is recorded (DigestEntry, one row per version), so
running the tick again sends nothing twice; a unique constraint holds even if two ticks meet.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from secretariat.core.mail import mail_queue
from secretariat.core.visibility import ANONYMOUS
from secretariat.meetings.models import Session
from secretariat.meetings.participation import registered_delegates
from secretariat.meetings.selectors import sessions_for
from secretariat.regions.models import Person, Role
from secretariat.regions.selectors import contact_points, viewer_for

from .models import DigestEntry, DocumentVersion
from .selectors import visible_documents

# A batch of uploads goes out in one mail: wait until a session's uploads have paused.
QUIET = timedelta(minutes=30)
# Older versions are not news: a new participant (or the first run) is not sent the archive.
RECENT = timedelta(days=14)
# Nor are documents filed for a session long over (a record added later, an import).
OVER = timedelta(days=90)


def session_recipients(session):
    """Who hears of a session's documents: the invited Members' contact points, the
    registered delegates and the region's secretariat (active, with an email)."""
    invited = contact_points(session.invitations.values("member"))
    secretariat = Role.objects.active_on().filter(
        kind=Role.Kind.SECRETARIAT, region=session.region_id
    )
    return (
        Person.objects.filter(
            Q(pk__in=invited.values("pk"))
            | Q(pk__in=secretariat.values("person"))
            | Q(pk__in=registered_delegates(session).values("person")),
            is_active=True,
        )
        .exclude(email="")
        .exclude(user__is_active=False)
        .select_related("user")
        .order_by("pk")
    )


def _news(session, person, viewer, since):
    """Versions not yet listed for `person`, of the documents of `session` `viewer` may see."""
    versions = (
        DocumentVersion.objects.filter(
            document__in=visible_documents(viewer).filter(session=session),
            uploaded_at__gte=since,
        )
        .exclude(pk__in=DigestEntry.objects.filter(person=person).values("version"))
        .select_related("document")
        .order_by("document__reference", "document_id", "number")
    )
    return list(versions)


def _send(session, person, since) -> bool:
    viewer = viewer_for(person.user) if person.user else ANONYMOUS
    try:
        # The session as this person may see it: a meeting they may not see stays unnamed.
        session = sessions_for(session.region, viewer).get(pk=session.pk)
    except Session.DoesNotExist:
        return False
    try:
        with transaction.atomic():
            # Whoever holds the person's row lists for them; a second tick waits, then finds
            # the versions listed.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            versions = _news(session, person, viewer, since)
            if not versions:
                return False
            newest = {v.document_id: v for v in versions}  # ordered by number: the last wins
            message = mail_queue(
                to=person.email,
                template="documents/mail/digest.txt",
                language=person.user.language if person.user else "en",
                context={
                    "person": person,
                    "session": session,
                    "versions": list(newest.values()),
                    "site": settings.SITE_URL,
                },
                region_id=session.region_id,
            )
            DigestEntry.objects.bulk_create(
                DigestEntry(person=person, version=v, message=message) for v in versions
            )
    except IntegrityError:  # another tick listed them first: its mail is the one
        return False
    return True


def digest_send_due(now) -> int:
    """Mail the digests due (a tick step); returns how many were queued."""
    since = now - RECENT
    sessions = (
        Session.objects.annotate(
            newest=Max("documents__versions__uploaded_at"),
            last_day=Coalesce("ends_at", "starts_at"),
        )
        .filter(newest__gte=since, newest__lte=now - QUIET)
        .filter(Q(last_day__isnull=True) | Q(last_day__gte=now - OVER))
        .select_related("region")
        .order_by("pk")
    )
    sent = 0
    for session in sessions:
        for person in session_recipients(session):
            sent += _send(session, person, since)
    return sent

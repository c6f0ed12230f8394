"""The printable agenda and participant list: the same content and rules as their pages."""

import zoneinfo

from django.http import Http404, HttpResponse
from django.utils import timezone

from secretariat.core.files import download
from secretariat.core.pdf import render_pdf
from secretariat.regions.models import Member
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import with_region

from . import delegations, selectors
from .models import Session
from .participation import agenda_numbering


def _pdf(content: bytes, filename: str) -> HttpResponse:
    # What is printed depends on who asks (a Members-only part, names): kept by no shared cache.
    return download(content, filename=filename, content_type="application/pdf", inline=True)


def _references(session) -> str:
    return "-".join(m.reference for m in session.meetings.all())


@with_region
def agenda_pdf(request, region, pk):
    """The session page's agenda, printable: a Members-only meeting's part stays hidden."""
    try:
        session = selectors.session_page(region, pk, viewer_for(request.user))
    except Session.DoesNotExist:
        raise Http404 from None
    context = {"session": session, "numbering": agenda_numbering(session)}
    # Printed times are the session's own: a paper agenda has no "your time".
    with timezone.override(zoneinfo.ZoneInfo(session.time_zone)):
        content = render_pdf("meetings/agenda_pdf.html", context, request=request)
    return _pdf(content, f"agenda-{_references(session)}.pdf")


@with_region
def participant_pdf(request, region, pk):
    """The participant list as its page shows it to this viewer, Members then observers."""
    viewer = viewer_for(request.user)
    try:
        session = selectors.sessions_for(region, viewer).get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None
    participants = delegations.participant_list(session, viewer)
    rows = list(participants.rows())
    context = {
        "session": session,
        "participants": participants,
        "members": [row for row in rows if isinstance(row[0], Member)],
        "observers": [row for row in rows if not isinstance(row[0], Member)],
    }
    with timezone.override(zoneinfo.ZoneInfo(session.time_zone)):
        content = render_pdf("meetings/participant_pdf.html", context, request=request)
    return _pdf(content, f"participants-{_references(session)}.pdf")

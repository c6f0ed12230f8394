"""The baselines: what bare Django does for a page of the same size from the same rows.

Each view reads the rows its page shows with plain queries (one per table, values
only) and renders a standalone template (no base template, no context processors, no
translation tags). They run behind the same middleware, in the same server, in the
same run as the app's pages.
"""

from django.http import Http404, HttpResponse
from django.template import loader
from django.utils import timezone

from secretariat.documents.models import Document
from secretariat.meetings.models import AgendaItem, Meeting, Session
from secretariat.regions.models import Member

PRESENTERS = (
    "presenter_member__short_name_en",
    "presenter_entity__short_name_en",
    "presenter_person__name",
)
FIELDS = ("slug", "short_name_en", "official_name_en", "joined_on", "sub_region__name_en")


def bare_member_list(request, region):
    members = list(
        _members(region)
        .exclude(joined_on__gt=timezone.localdate())
        .exclude(left_on__lt=timezone.localdate())
        .order_by("sub_region__order", "short_name_en")
        .values(*FIELDS)
    )
    html = loader.get_template("bench/member_list.html").render(
        {"region": region, "members": members, "path": request.path}
    )
    return HttpResponse(html)


def bare_member_detail(request, region, slug):
    member = (
        _members(region)
        .filter(slug=slug)
        .values(*FIELDS, "administration_en", "aliases", "website", "profile_en")
        .first()
    )
    if member is None:
        raise Http404
    html = loader.get_template("bench/member_detail.html").render(
        {"region": region, "member": member, "path": request.path}
    )
    return HttpResponse(html)


def bare_session(request, region, pk):
    """The rows the session page shows: the session, its meetings, agenda and documents."""
    session = (
        Session.objects.filter(region__slug=region, pk=pk)
        .values("id", "starts_at", "ends_at", "time_zone", "mode", "venue", "host__short_name_en")
        .first()
    )
    if session is None:
        raise Http404
    meetings = Meeting.objects.filter(session=pk).values(
        "number", "status", "series__name_en", "series__reference"
    )
    items = AgendaItem.objects.filter(session=pk).order_by("parent_id", "position")
    documents = Document.objects.filter(session=pk, visibility="public").order_by("reference")
    html = loader.get_template("bench/session.html").render(
        {
            "region": region,
            "session": session,
            "meetings": list(meetings),
            "items": list(items.values("id", "position", "kind", "title_en", *PRESENTERS)),
            "documents": list(documents.values("pk", "reference", "title_en", "language")),
            "path": request.path,
        }
    )
    return HttpResponse(html)


def _members(region):
    return Member.objects.filter(region__slug=region)

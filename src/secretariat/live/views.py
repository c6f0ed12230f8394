"""The chair's console, the delegate's view, the screen view, and the event stream.

The pages are rendered from the same per-audience payload the stream sends, so a page
without JavaScript shows what a live one does, and reloading is enough to follow.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from secretariat.core.views import int_param
from secretariat.documents.selectors import session_documents
from secretariat.meetings.models import Session
from secretariat.meetings.participation import member_delegations, presiding_officers
from secretariat.regions.models import Region
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import selectors, services
from .models import SpeakerRequest
from .rules import audience_for

TOUR_ORDERS = [
    ("alphabetical", gettext_lazy("alphabetical")),
    ("sub_region", gettext_lazy("by sub-region")),
    ("shuffle", gettext_lazy("shuffled (with a seed)")),
    ("custom", gettext_lazy("custom order")),
]


def _session(region, pk, request, perm):
    session = get_object_or_404(
        Session.objects.filter(region=region, merged_into=None).prefetch_related(
            "meetings__series"
        ),
        pk=pk,
    )
    if not request.user.has_perm("live.follow_session", session):
        raise Http404  # a session the viewer may not see does not exist for them
    require(request, perm, session)
    return session


def _page(request, session, template, audience, **extra):
    after = selectors.last_event_id(session)
    state = selectors.live_state(session)
    context = {
        "session": session,
        "live": selectors.state_payloads(state)[audience],
        "audience": audience,
        "after": after,
        "labels": selectors.labels(),
        "server_now": int(timezone.now().timestamp() * 1000),
    } | extra
    return render(request, template, context)


@with_region
def room(request, region, pk):
    """The delegate's view (and the observer's: what the meeting's visibility allows)."""
    session = _session(region, pk, request, "live.follow_session")
    delegation = selectors.delegation_of(request.user, session)
    item = selectors.live_state(session).current_item_id
    documents = session_documents(session, viewer_for(request.user)).filter(agenda_item=item)
    return _page(
        request,
        session,
        "live/room.html",
        audience_for(request.user, session, "delegate"),
        delegation=delegation,
        item_documents=documents if item else [],
        see_join_link=request.user.has_perm("meetings.see_join_link", region),
        is_chair=request.user.has_perm("live.run_session", session),
    )


@with_region
def screen(request, region, pk):
    session = _session(region, pk, request, "live.follow_session")
    return _page(request, session, "live/screen.html", "screen")


@login_required
@with_region
def console(request, region, pk):
    session = _session(region, pk, request, "live.run_session")
    state = selectors.live_state(session)
    return _page(
        request,
        session,
        "live/console.html",
        "chair",
        agenda=selectors.agenda_picker(session),
        delegations=member_delegations(session),
        state=state,
        roll_call=selectors.open_roll_call(session),
        tour_orders=TOUR_ORDERS,
        presiding=presiding_officers(session),
        can_name_chair=request.user.has_perm("meetings.manage_meetings", session.region),
    )


def _int(value, message):
    number = int_param(value)
    if number is None:
        raise ValidationError(message)
    return number


def _delegation(session, pk):
    found = member_delegations(session).filter(pk=_int(pk, _("Choose a delegation."))).first()
    if found is None:
        raise ValidationError(_("Choose a delegation."))
    return found


@require_POST
@login_required
@with_region
def floor(request, region, pk):
    """A delegate requests the floor (or a point of order) for their delegation, or withdraws."""
    session = _session(region, pk, request, "live.request_floor")
    delegation = selectors.delegation_of(request.user, session)
    action = request.POST.get("action")
    try:
        if action == "withdraw":
            services.speaker_withdraw(session=session, delegation=delegation, by=request.user)
        else:
            kind = (
                SpeakerRequest.Kind.POINT_OF_ORDER
                if action == "point_of_order"
                else SpeakerRequest.Kind.FLOOR
            )
            services.speaker_request(
                session=session, delegation=delegation, kind=kind, by=request.user
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("live:room", region=region.slug, pk=session.pk)


def _chair_do(request, session, action):
    post, by = request.POST, request.user
    if action == "item":
        item = session.agenda.filter(pk=_int(post.get("item"), _("Choose an item."))).first()
        if item is None:
            raise ValidationError(_("Choose an item."))
        services.live_item_set(session=session, item=item, by=by)
    elif action in ("open", "close-list"):
        services.live_list_open(session=session, is_open=action == "open", by=by)
    elif action == "add":
        services.speaker_request(
            session=session,
            delegation=_delegation(session, post.get("delegation")),
            kind=post.get("kind") or SpeakerRequest.Kind.FLOOR,
            by=by,
            chair=True,
        )
    elif action == "withdraw":
        services.speaker_withdraw(
            session=session, delegation=_delegation(session, post.get("delegation")), by=by
        )
    elif action == "next":
        after = post.get("after")
        services.speaker_call_next(
            session=session, after=_int(after, _("Reload the page.")) if after else None, by=by
        )
    elif action == "timer":
        services.timer_run(session=session, action=post.get("timer", ""), by=by)
    elif action == "settings":
        services.live_settings_set(
            session=session,
            speaking_seconds=_int(post.get("speaking_seconds"), _("Enter a number of seconds.")),
            warning_seconds=_int(post.get("warning_seconds"), _("Enter a number of seconds.")),
            by=by,
        )
    elif action == "close-item":
        services.item_close(session=session, outcome=post.get("outcome", ""), by=by)
    elif action == "notes":
        services.item_notes_save(session=session, notes=post.get("notes", ""), by=by)
    elif action == "tour":
        services.tour_start(
            session=session,
            order=post.get("order", ""),
            seed=_int(post.get("seed") or 0, _("The seed is a whole number.")),
            custom=[_int(pk, _("Choose a delegation.")) for pk in post.getlist("custom")],
            by=by,
        )
    elif action == "roll-call":
        services.roll_call_start(session=session, by=by)
    elif action == "answer":
        services.roll_call_answer(
            session=session,
            delegation=_delegation(session, post.get("delegation")),
            present=post.get("present") == "yes",
            by=by,
        )
    elif action == "roll-call-close":
        services.roll_call_close(session=session, by=by)
    else:
        raise Http404


@require_POST
@login_required
@with_region
def chair_action(request, region, pk, action):
    session = _session(region, pk, request, "live.run_session")
    try:
        _chair_do(request, session, action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("live:console", region=region.slug, pk=session.pk)


# --- the event stream ------------------------------------------------------------------------


def stream_access(request, region_slug, pk, wanted):
    """(session id, audience) of a stream `request` may open; live.stream serves it."""
    region = get_object_or_404(Region, slug=region_slug)
    session = _session(region, pk, request, "live.follow_session")
    return session.pk, audience_for(request.user, session, wanted)


def events(request, region, pk):
    """The event stream is served in front of Django (live/stream.py, mounted in asgi.py);
    this view only names its URL."""
    raise Http404

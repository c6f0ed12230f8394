from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core import pagecache
from secretariat.core.registry import session_panels_for
from secretariat.core.views import edit_versioned, form_save, int_param
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import selectors, services
from .forms import (
    AgendaItemAddForm,
    AgendaItemEditForm,
    AmendmentReasonForm,
    CancelForm,
    MeetingForm,
    PostponeForm,
    SessionEditForm,
)
from .models import Meeting, Session
from .participation import agenda_numbering


@with_region
def session_list(request, region):
    upcoming, past = selectors.upcoming_and_past(region, viewer_for(request.user))
    return render(request, "meetings/session_list.html", {"upcoming": upcoming, "past": past})


@with_region
def session_detail(request, region, pk):
    viewer = viewer_for(request.user)

    def build():
        try:
            session = selectors.session_page(region, pk, viewer)
        except Session.DoesNotExist:
            raise Http404 from None
        return {"title": session.title, **_session_context(request, session)}

    return pagecache.render_kept(
        request,
        "meetings/session_detail.html",
        name=f"session:{pk}",
        region_id=region.pk,
        viewer=viewer,
        build=build,
    )


def _session_context(request, session):
    region = session.region
    can_manage = request.user.has_perm("meetings.manage_meetings", region)
    history = selectors.status_changes(session.meetings.all())
    for meeting in session.meetings.all():
        meeting.status_history = history[meeting.pk]
        allowed = services.TRANSITIONS[meeting.status] if can_manage else ()
        meeting.next_statuses = [status for status in Meeting.Status if status in allowed]
    return {
        "session": session,
        "numbering": agenda_numbering(session),
        "amendments": selectors.agenda_amendments(session),
        "moves": selectors.session_moves(session),
        "see_join_link": request.user.has_perm("meetings.see_join_link", region),
        "can_manage": can_manage,
        # Other apps' parts of the page (decisions, documents), found through core.registry.
        "panels": session_panels_for(request, session),
    }


def _managed_session(request, region, pk):
    require(request, "meetings.manage_meetings", region)
    return get_object_or_404(Session.objects.filter(region=region), pk=pk)


@login_required
@with_region
def meeting_add(request, region):
    require(request, "meetings.manage_meetings", region)
    form = MeetingForm(
        request.POST or None,
        region=region,
        initial={"time_zone": region.time_zone, "visibility": "public"},
    )

    def save(form):
        data = dict(form.cleaned_data)
        return services.meeting_create(by=request.user, **data)

    if request.method == "POST":
        meeting = form_save(form, save)
        if meeting is not None:
            messages.success(
                request,
                _(
                    "The meeting is created as a draft: only the secretariat sees it until "
                    "you publish it."
                ),
            )
            return redirect(meeting.session)
    return render(
        request, "meetings/meeting_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _agenda_context(request, region, pk):
    session = selectors.session_page(region, pk, viewer_for(request.user))
    return {"session": session, "numbering": agenda_numbering(session)}


@login_required
@with_region
def agenda_edit(request, region, pk):
    session = _managed_session(request, region, pk)
    form = AgendaItemAddForm(request.POST or None, session=session)
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.agenda_item_add(
                session=session, by=request.user, **form.cleaned_data
            ),
        )
        if form.is_valid():
            messages.success(request, _("The item is added."))
            return redirect("meetings:agenda-edit", region=region.slug, pk=session.pk)
    return render(
        request,
        "meetings/agenda_edit.html",
        {**_agenda_context(request, region, pk), "form": form},
        status=400 if form.errors else 200,
    )


def _agenda_url(session, item=None):
    url = reverse("meetings:agenda-edit", args=[session.region.slug, session.pk])
    return f"{url}#item-{item.pk}" if item else url


@login_required
@with_region
def agenda_item_edit(request, region, pk, item):
    session = _managed_session(request, region, pk)
    agenda_item = get_object_or_404(session.agenda.select_related("session__region"), pk=item)
    return edit_versioned(
        request,
        form=AgendaItemEditForm(request.POST or None, instance=agenda_item),
        template="meetings/agenda_item_form.html",
        context={"session": session, "item": agenda_item},
        save=lambda f: services.agenda_item_update(
            item=agenda_item,
            by=request.user,
            expected_version=f.cleaned_data["version"],
            reason_en=f.cleaned_data.get("reason_en", ""),
            reason_fr=f.cleaned_data.get("reason_fr", ""),
            **f.changes(),
        ),
        success_url=_agenda_url(session, agenda_item),
        success_message=_("The item is saved."),
    )


def _confirm_change(request, session, agenda_item, *, change, extra=None, status=200, form=None):
    """The page that confirms a deletion, or asks the reason for amending an adopted agenda."""
    return render(
        request,
        "meetings/agenda_item_confirm.html",
        {
            "session": session,
            "item": agenda_item,
            "change": change,
            "extra": extra or {},
            "form": form or AmendmentReasonForm(session=session),
        },
        status=status,
    )


@login_required
@with_region
def agenda_item_delete(request, region, pk, item):
    session = _managed_session(request, region, pk)
    agenda_item = get_object_or_404(session.agenda, pk=item)
    if request.method != "POST":
        return _confirm_change(request, session, agenda_item, change="delete")
    form = AmendmentReasonForm(request.POST, session=session)
    form_save(
        form,
        lambda form: services.agenda_item_delete(
            item=agenda_item, by=request.user, **form.cleaned_data
        ),
    )
    if not form.is_valid():
        return _confirm_change(
            request, session, agenda_item, change="delete", form=form, status=400
        )
    messages.success(request, _("The item is deleted; the items after it are renumbered."))
    return redirect(_agenda_url(session))


def _wants_json(request):
    return request.headers.get("Accept") == "application/json"


@login_required
@with_region
def agenda_item_move(request, region, pk, item):
    """Move buttons post here (`direction`), and so does dragging with the mouse (`to`).

    After adoption the buttons open this page first, to ask the reason for the amendment.
    """
    session = _managed_session(request, region, pk)
    agenda_item = get_object_or_404(session.agenda, pk=item)
    direction = request.GET.get("direction") or request.POST.get("direction")
    if request.method != "POST":
        return _confirm_change(
            request, session, agenda_item, change="move", extra={"direction": direction}
        )
    form = AmendmentReasonForm(request.POST, session=session)
    place = {"up": True} if direction == "up" else {"up": False}
    to = int_param(request.POST.get("to"))
    if to is not None and to >= 0:
        place = {"to": to}
    form_save(
        form,
        lambda form: services.agenda_item_move(
            item=agenda_item, by=request.user, **place, **form.cleaned_data
        ),
    )
    if not form.is_valid():
        refusal = " ".join(message for errors in form.errors.values() for message in errors)
        if _wants_json(request):
            return JsonResponse({"message": refusal}, status=400)
        if "reason_en" in form.fields:
            return _confirm_change(
                request,
                session,
                agenda_item,
                change="move",
                extra={"direction": direction},
                form=form,
                status=400,
            )
        messages.error(request, refusal)
    if _wants_json(request):
        return _moved_json(request, region, session, agenda_item)
    return redirect(_agenda_url(session, agenda_item))


def _moved_json(request, region, session, agenda_item):
    """The renumbered list for the page to show, and the sentence a screen reader announces."""
    context = _agenda_context(request, region, session.pk)
    agenda_item.refresh_from_db(fields=["position"])
    siblings = session.agenda.filter(parent=agenda_item.parent_id).count()
    message = _("“%(title)s” moved to place %(place)s of %(count)s.") % {
        "title": agenda_item.title,
        "place": agenda_item.position,
        "count": siblings,
    }
    html = render_to_string("meetings/_agenda_edit_list.html", context, request=request)
    return JsonResponse({"message": message, "html": html})


@require_POST
@login_required
@with_region
def agenda_adopt(request, region, pk):
    session = _managed_session(request, region, pk)
    try:
        services.agenda_adopt(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The agenda is adopted. Later changes need a reason and are listed as amendments."),
        )
    return redirect(session)


# --- A meeting's status, as the secretariat moves it along its lifecycle ------------------


@login_required
@with_region
def meeting_status(request, region, pk, meeting):
    """Convene, mark held, close or cancel (cancelling is confirmed first: it is final)."""
    session = _managed_session(request, region, pk)
    meeting = get_object_or_404(session.meetings.select_related("series"), pk=meeting)
    status = request.POST.get("status") or request.GET.get("status")
    if status not in Meeting.Status.values:
        raise Http404
    cancelling = status == Meeting.Status.CANCELLED
    form = CancelForm(request.POST if request.method == "POST" else None)
    context = {
        "session": session,
        "meeting": meeting,
        "status": Meeting.Status(status),
        "form": form if cancelling else None,
    }
    if request.method != "POST":
        return render(request, "meetings/meeting_status_confirm.html", context)
    if cancelling:
        form_save(
            form,
            lambda form: services.meeting_set_status(
                meeting=meeting, status=status, by=request.user, **form.cleaned_data
            ),
        )
        if not form.is_valid():
            return render(request, "meetings/meeting_status_confirm.html", context, status=400)
        messages.success(
            request,
            _("%(meeting)s is cancelled; the registered delegations are told why.")
            % {"meeting": meeting.full_title},
        )
        return redirect(session)
    try:
        services.meeting_set_status(meeting=meeting, status=status, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(meeting)s is now %(status)s.")
            % {"meeting": meeting.full_title, "status": meeting.get_status_display()},
        )
    return redirect(session)


@login_required
@with_region
def meeting_postpone(request, region, pk, meeting):
    session = _managed_session(request, region, pk)
    meeting = get_object_or_404(session.meetings.select_related("series"), pk=meeting)
    form = PostponeForm(request.POST or None, session=session)
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.meeting_postpone(
                meeting=meeting, by=request.user, **form.cleaned_data
            ),
        )
        if form.is_valid():
            messages.success(
                request, _("%(meeting)s is postponed.") % {"meeting": meeting.full_title}
            )
            return redirect(session)
    return render(
        request,
        "meetings/meeting_postpone.html",
        {"session": session, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@with_region
def session_edit(request, region, pk):
    """Edit the session: dates, place, mode, host, join link; its meetings' titles and
    visibility. Moving a published session is mailed to its registered delegations."""
    require(request, "meetings.manage_meetings", region)
    session = get_object_or_404(
        Session.objects.filter(region=region, merged_into=None)
        .select_related("region", "host")
        .prefetch_related("meetings__series"),
        pk=pk,
    )
    return edit_versioned(
        request,
        form=SessionEditForm(request.POST or None, instance=session),
        template="meetings/session_edit.html",
        context={"session": session},
        save=lambda f: services.session_update(
            session=session,
            by=request.user,
            expected_version=f.cleaned_data["version"],
            reason_en=f.cleaned_data["reason_en"],
            reason_fr=f.cleaned_data["reason_fr"],
            meetings=f.meeting_changes(),
            **f.changes(),
        ),
        success_url=session.get_absolute_url(),
        success_message=_("The session is saved."),
    )


@require_POST
@login_required
@with_region
def session_publish(request, region, pk):
    session = _managed_session(request, region, pk)
    try:
        services.session_publish(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The session is published: its meetings' visibility now says who sees it.")
        )
    return redirect(session)


@require_POST
@login_required
@with_region
def session_extraordinary(request, region, pk):
    session = _managed_session(request, region, pk)
    extraordinary = request.POST.get("extraordinary") == "yes"
    services.session_mark_extraordinary(
        session=session, extraordinary=extraordinary, by=request.user
    )
    messages.success(
        request,
        _("The session is marked extraordinary.")
        if extraordinary
        else _("The session is no longer marked extraordinary."),
    )
    return redirect(session)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.regions.selectors import viewer_for
from secretariat.regions.views import require, with_region

from . import selectors, services
from .forms import AgendaItemForm, MeetingForm
from .models import Session


@with_region
def session_list(request, region):
    upcoming, past = selectors.upcoming_and_past(region, viewer_for(request.user))
    return render(request, "meetings/session_list.html", {"upcoming": upcoming, "past": past})


@with_region
def session_detail(request, region, pk):
    try:
        session = selectors.session_page(region, pk, viewer_for(request.user))
    except Session.DoesNotExist:
        raise Http404 from None
    numbering = session.meetings.all()[0].series.agenda_numbering
    return render(
        request,
        "meetings/session_detail.html",
        {
            "session": session,
            "numbering": numbering,
            "see_join_link": request.user.has_perm("meetings.see_join_link", region),
            "can_manage": request.user.has_perm("meetings.manage_meetings", region),
        },
    )


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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting = services.meeting_create(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is created."))
            return redirect(meeting.session)
    return render(
        request, "meetings/meeting_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@with_region
def agenda_edit(request, region, pk):
    session = _managed_session(request, region, pk)
    form = AgendaItemForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The item is added."))
            return redirect("meetings:agenda-edit", region=region.slug, pk=session.pk)
    session = selectors.session_page(region, pk, viewer_for(request.user))
    return render(
        request,
        "meetings/agenda_edit.html",
        {
            "session": session,
            "form": form,
            "numbering": session.meetings.all()[0].series.agenda_numbering,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@with_region
def agenda_item_move(request, region, pk, item):
    session = _managed_session(request, region, pk)
    agenda_item = get_object_or_404(session.agenda, pk=item)
    try:
        services.agenda_item_move(
            item=agenda_item, up=request.POST.get("direction") == "up", by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    url = reverse("meetings:agenda-edit", args=[region.slug, session.pk])
    return redirect(f"{url}#item-{agenda_item.pk}")


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
        messages.success(request, _("The agenda is adopted and now locked."))
    return redirect(session)

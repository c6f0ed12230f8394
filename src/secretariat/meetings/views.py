from django.http import Http404
from django.shortcuts import render

from secretariat.regions.selectors import viewer_for
from secretariat.regions.views import with_region

from . import selectors
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
        },
    )

"""The live state (read) and a delegate's request for the floor or withdrawal (write).

The state is the same payload the pages and the event stream carry, for the caller's
audience; the write goes through the same services and rules as the delegate's page.
"""

from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from secretariat.api.auth import SIGNED_IN
from secretariat.api.common import ERRORS, ErrorOut, RegionSlug, region_or_404
from secretariat.api.routers.meetings import SessionId
from secretariat.live import selectors, services
from secretariat.live.models import SpeakerRequest
from secretariat.live.rules import audience_for
from secretariat.meetings.models import Session

router = Router(tags=["live"])


class ItemOut(Schema):
    id: int
    number: str
    title_en: str
    title_fr: str


class SpeakerOut(Schema):
    id: int = Field(description="The request for the floor.")
    delegation: int
    name_en: str = Field(description="The Member's short name.")
    name_fr: str
    kind: Literal["floor", "point_of_order", "tour"]


class TimerOut(Schema):
    limit: int = Field(description="Seconds the current speaker has.")
    elapsed: float = Field(description="Seconds spoken before the timer last started.")
    since: int | None = Field(description="When the timer started (ms since 1970), if running.")
    warning: int = Field(description="Seconds before the end when the warning shows.")


class RollCallOut(Schema):
    id: int
    present: int
    answered: int
    total: int = Field(description="Members with a registered delegation.")
    quorum: int
    present_ids: list[int] = Field(description="Delegations answered present.")


class LiveStateOut(Schema):
    event: int = Field(description="The last live event: the stream's Last-Event-ID.")
    item: ItemOut | None
    list_open: bool
    speaking: SpeakerOut | None
    waiting: list[SpeakerOut]
    timer: TimerOut
    roll_call: RollCallOut | None


class FloorIn(Schema):
    action: Literal["floor", "point_of_order", "withdraw"] = Field(
        description="Request the floor, raise a point of order, or withdraw the request."
    )


def _session(request, region, pk) -> Session:
    found = (
        Session.objects.filter(region=region_or_404(region), merged_into=None)
        .prefetch_related("meetings__series")
        .filter(pk=pk)
        .first()
    )
    if found is None or not request.user.has_perm("live.follow_session", found):
        raise HttpError(404, _("There is no session %s that you may see here.") % pk)
    return found


def _state(request, session):
    event = selectors.last_event_id(session)
    payload = selectors.state_payloads(selectors.live_state(session))
    return payload[audience_for(request.user, session)] | {"event": event}


@router.get(
    "/{region}/meetings/{session}/live",
    response={200: LiveStateOut} | ERRORS,
    summary="A session's live state",
    description="The current item, the list of speakers, the timer and any open roll call, "
    "as the caller may see them. The page's event stream sends the same state at each change.",
)
def live_state(request, region: str = RegionSlug, session: int = SessionId):
    return _state(request, _session(request, region, session))


@router.post(
    "/{region}/meetings/{session}/live/floor",
    auth=SIGNED_IN,
    response={200: LiveStateOut, 400: ErrorOut, 403: ErrorOut} | ERRORS,
    summary="Request the floor, or withdraw the request, for my delegation",
    description="For a delegate of a registered Member delegation of the session. Asking "
    "twice makes one request; a closed list of speakers answers 400 with the reason.",
)
def floor(request, body: FloorIn, region: str = RegionSlug, session: int = SessionId):
    found = _session(request, region, session)
    if not request.user.has_perm("live.request_floor", found):
        raise HttpError(403, _("Only a delegate of a registered delegation may do this."))
    delegation = selectors.delegation_of(request.user, found)
    try:
        if body.action == "withdraw":
            services.speaker_withdraw(session=found, delegation=delegation, by=request.user)
        else:
            services.speaker_request(
                session=found,
                delegation=delegation,
                kind=SpeakerRequest.Kind(body.action),
                by=request.user,
            )
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return _state(request, found)

"""The live pages and forms: who sees and who controls (chair / delegate of a registered
delegation / another Member / anonymous), and that a refused attempt changes nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.core.visibility import Visibility
from secretariat.documents import services as documents
from secretariat.live import services
from secretariat.live.models import LiveEvent, SpeakerRequest
from secretariat.live.rules import audience_for
from secretariat.meetings import delegations
from secretariat.meetings.models import Delegation, PresidingOfficer, Series

from ..documents.conftest import pdf
from ..factories import MemberFactory
from ..meetings.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def url(name, session, *args):
    return reverse(f"live:{name}", args=[session.region.slug, session.pk, *args])


@pytest.fixture
def under_way(session, items, cast):
    services.live_item_set(session=session, item=items[0], by=cast.sam)
    services.live_list_open(session=session, is_open=True, by=cast.sam)
    return session


@pytest.mark.parametrize(
    ("who", "status"), [("sam", 200), ("alice", 403), ("charlie", 403), ("dana", 403), (None, 302)]
)
def test_console_is_for_the_chair_side(client, cast, under_way, who, status):
    if who:
        client.force_login(getattr(cast, who))
    response = client.get(url("console", under_way))
    assert response.status_code == status
    if status == 200:
        assert b"Call the next speaker" in response.content


@pytest.mark.parametrize("who", ["alice", "charlie", "dana", None])
def test_only_the_chair_side_acts_and_a_refusal_changes_nothing(client, cast, under_way, who):
    if who:
        client.force_login(getattr(cast, who))
    events = LiveEvent.objects.count()
    response = client.post(url("chair-action", under_way, "close-list"))
    assert response.status_code in (302, 403)
    if who:
        assert response.status_code == 403
    assert LiveEvent.objects.count() == events


def test_the_chair_runs_the_item_through_plain_forms(client, cast, under_way, ours, items):
    client.force_login(cast.sam)
    client.post(url("chair-action", under_way, "add"), {"delegation": ours.pk, "kind": "floor"})
    client.post(url("chair-action", under_way, "next"), {"after": ""})
    client.post(url("chair-action", under_way, "next"), {"after": ""})  # a second chair, late
    assert SpeakerRequest.objects.get().status == SpeakerRequest.Status.SPEAKING
    page = client.get(url("console", under_way)).content.decode()
    assert "Indonesia" in page
    response = client.post(url("chair-action", under_way, "close-item"), {"outcome": ""})
    assert response.status_code == 302
    follow = client.get(response.url)
    assert "Write the item&#x27;s outcome" in follow.content.decode()
    client.post(url("chair-action", under_way, "item"), {"item": items[1].pk})
    assert "2. Item 2" in client.get(url("room", under_way)).content.decode()


def test_the_item_picker_numbers_items_as_the_agenda_does(client, cast, under_way, items):
    series = under_way.meetings.first().series
    Series.objects.filter(pk=series.pk).update(agenda_numbering=Series.Numbering.ROMAN)
    AgendaItemFactory(session=under_way, parent=items[1], position=1, title_en="Sub-item")
    client.force_login(cast.sam)
    page = client.get(url("console", under_way)).content.decode()
    options = re.findall(r"<option value=\"\d+\"(?: selected)?>([^<]*)</option>", page)
    assert options[:4] == ["I. Item 1", "II. Item 2", "II.1. Sub-item", "III. Item 3"]


@pytest.mark.parametrize(
    ("who", "status"), [("sam", 200), ("alice", 200), ("charlie", 200), ("dana", 200), (None, 200)]
)
def test_a_public_meeting_can_be_followed_by_anyone(client, cast, under_way, who, status):
    if who:
        client.force_login(getattr(cast, who))
    response = client.get(url("room", under_way))
    assert response.status_code == status
    assert "1. Item 1" in response.content.decode()
    assert ("Request the floor" in response.content.decode()) == (who in ("alice", "charlie"))


@pytest.mark.parametrize(
    ("who", "status"), [("sam", 200), ("alice", 200), ("dana", 404), (None, 404)]
)
def test_a_members_only_meeting_is_for_the_region(client, cast, under_way, who, status):
    under_way.meetings.update(visibility=Visibility.MEMBERS)
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(url("room", under_way)).status_code == status
    assert client.get(url("screen", under_way)).status_code == status


def test_the_french_page_shows_the_french_title(client, cast, under_way):
    cast.alice.language = "fr"
    cast.alice.save()
    client.force_login(cast.alice)
    assert "1. Point 1" in client.get(url("room", under_way)).content.decode()


@pytest.mark.parametrize(
    ("who", "status", "added"),
    [("alice", 302, 1), ("bob", 403, 0), ("sam", 403, 0), ("dana", 403, 0), (None, 302, 0)],
)
def test_only_a_delegate_requests_the_floor(client, cast, under_way, who, status, added):
    if who:
        client.force_login(getattr(cast, who))
    response = client.post(url("floor", under_way), {"action": "floor"})
    assert response.status_code == status
    assert SpeakerRequest.objects.count() == added


def test_a_double_click_makes_one_request_and_withdraw_works(client, cast, under_way, ours):
    client.force_login(cast.alice)
    client.post(url("floor", under_way), {"action": "floor"})
    client.post(url("floor", under_way), {"action": "floor"})
    assert SpeakerRequest.objects.filter(delegation=ours).count() == 1
    client.post(url("floor", under_way), {"action": "withdraw"})
    assert SpeakerRequest.objects.get().status == SpeakerRequest.Status.WITHDRAWN


def test_a_request_on_a_closed_list_gets_a_clear_answer(client, cast, under_way):
    services.live_list_open(session=under_way, is_open=False, by=cast.sam)
    client.force_login(cast.alice)
    response = client.post(url("floor", under_way), {"action": "floor"}, follow=True)
    assert "The list of speakers is closed" in response.content.decode()
    assert not SpeakerRequest.objects.exists()


def test_the_delegate_sees_the_join_link_and_the_public_does_not(client, cast, under_way):
    join = "https://video.example.org/join/21"
    assert join not in client.get(url("room", under_way)).content.decode()
    client.force_login(cast.alice)
    assert join in client.get(url("room", under_way)).content.decode()


def test_the_session_page_links_the_live_view(client, under_way):
    page = client.get(under_way.get_absolute_url()).content.decode()
    assert url("room", under_way) in page


def test_the_delegate_sees_the_current_items_documents(client, cast, under_way, items):
    for item, reference in ((items[0], "DOC/1"), (items[1], "DOC/2")):
        documents.document_upload(
            session=under_way,
            by=cast.sam,
            reference=reference,
            title_en=f"Paper on {item.title_en}",
            title_fr="",
            upload=pdf(),
            agenda_item=item,
        )
    client.force_login(cast.alice)
    page = client.get(url("room", under_way)).content.decode()
    assert "DOC/1: Paper on Item 1" in page
    assert "DOC/2" not in page


def _queue(session, count, cast, region):
    members = [MemberFactory(region=region) for _ in range(count)]
    delegations.session_invite(
        session=session, members=members, deadline=session.starts_at, by=cast.sam
    )
    for delegation in Delegation.objects.filter(invitation__member__in=members):
        delegation.status = Delegation.Status.APPROVED
        delegation.save()
        services.speaker_request(session=session, delegation=delegation, by=cast.sam, chair=True)


@pytest.mark.parametrize("page", ["room", "screen", "console"])
def test_queries_do_not_grow_with_the_list(client, cast, under_way, region, page):
    client.force_login(cast.sam)
    _queue(under_way, 1, cast, region)
    with CaptureQueriesContext(connection) as one:
        client.get(url(page, under_way))
    _queue(under_way, 9, cast, region)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url(page, under_way))
    shown = response.content.decode().count('<li data-delegation="')
    assert shown == (5 if page == "screen" else 10)  # the screen shows the next five
    assert len(ten) == len(one)


@pytest.mark.parametrize(
    ("who", "wanted", "audience"),
    [
        ("sam", "", "chair"),
        ("sam", "screen", "screen"),
        ("alice", "chair", "delegate"),  # asking for the chair's payload gives one's own
        ("bob", "chair", "public"),
        ("charlie", "screen", "screen"),
    ],
)
def test_each_viewer_gets_their_own_audience(cast, under_way, who, wanted, audience):
    assert audience_for(getattr(cast, who), under_way, wanted) == audience


def presiding_url(session):
    return reverse("meetings:presiding-edit", args=[session.region.slug, session.pk])


@pytest.mark.parametrize(("who", "status"), [("sam", 200), ("alice", 403), ("dana", 403)])
def test_only_the_secretariat_names_who_presides(client, cast, under_way, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(presiding_url(under_way)).status_code == status
    response = client.post(
        presiding_url(under_way),
        {"person_0": cast.charlie.person.pk, "role_0": "chair", "capacity_en_0": "Vice-Chair"},
    )
    assert response.status_code == (302 if status == 200 else status)
    named = [o.person for o in PresidingOfficer.objects.filter(session=under_way)]
    assert named == ([cast.charlie.person] if status == 200 else [])


def test_the_chair_named_on_the_session_runs_the_console_which_names_them(client, cast, under_way):
    # Today the chair exists only inside the live console (LiveState.chair).
    client.force_login(cast.charlie)
    assert client.get(url("console", under_way)).status_code == 403
    client.force_login(cast.sam)
    client.post(
        presiding_url(under_way),
        {
            "person_0": cast.charlie.person.pk,
            "role_0": "chair",
            "capacity_en_0": "Vice-Chair of the region",
        },
    )
    entry = AuditEntry.objects.filter(action="presiding officers named").get()
    assert entry.actor == cast.sam
    session_page = client.get(under_way.get_absolute_url()).text
    assert f"{cast.charlie.person}, Vice-Chair of the region" in session_page
    client.force_login(cast.charlie)
    console = client.get(url("console", under_way)).text
    chair = f'Chair: <span class="presiding">{cast.charlie.person}, Vice-Chair of the region'
    assert chair in console


def test_one_chair_or_several_co_chairs(client, cast, under_way):
    client.force_login(cast.sam)
    for rows in (
        {"person_0": cast.bob.person.pk, "person_1": cast.charlie.person.pk},  # two chairs
        {"person_0": cast.bob.person.pk, "role_0": "co_chair"},  # a lone co-chair
        {"person_0": "nobody"},
    ):
        data = {"role_0": "chair", "role_1": "chair", "role_2": "chair"} | rows
        response = client.post(presiding_url(under_way), data)
        assert response.status_code == 400
    assert not PresidingOfficer.objects.filter(session=under_way).exists()
    client.post(
        presiding_url(under_way),
        {
            "person_0": cast.bob.person.pk,
            "role_0": "co_chair",
            "person_1": cast.charlie.person.pk,
            "role_1": "co_chair",
            "role_2": "chair",
        },
    )
    assert PresidingOfficer.objects.filter(session=under_way, role="co_chair").count() == 2
    assert "Co-chairs" in client.get(url("console", under_way)).text


def test_speaker_requests_are_audited(client, cast, under_way, ours):
    services.live_list_open(session=under_way, is_open=True, by=cast.sam)
    client.force_login(cast.alice)
    client.post(url("floor", under_way), {"action": "floor"})
    client.post(url("floor", under_way), {"action": "withdraw"})
    actions = list(
        AuditEntry.objects.filter(actor=cast.alice).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["floor requested", "request withdrawn"]

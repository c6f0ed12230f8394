"""The live API: the state as each caller may see it, and a delegate's request for the floor."""

import pytest

from secretariat.accounts.models import AccessToken
from secretariat.core.visibility import Visibility
from secretariat.live import services
from secretariat.live.models import SpeakerRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(session, items, cast):
    services.live_item_set(session=session, item=items[0], by=cast.sam)
    services.live_list_open(session=session, is_open=True, by=cast.sam)
    return session


def bearer(user):
    _token, secret = AccessToken.issue(user=user, name="script")
    return {"Authorization": f"Bearer {secret}"}


def path(session, end=""):
    return f"/api/regions/{session.region.slug}/meetings/{session.pk}/live{end}"


def test_the_state_for_the_public(client, under_way):
    data = client.get(path(under_way)).json()
    assert data["item"]["title_fr"] == "Point 1" and data["list_open"] is True
    assert "notes" not in data and data["event"] > 0


def test_a_members_only_session_is_hidden_from_the_public(client, cast, under_way):
    under_way.meetings.update(visibility=Visibility.MEMBERS)
    assert client.get(path(under_way)).status_code == 404
    assert client.get(path(under_way), headers=bearer(cast.charlie)).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("sam", 403)])
def test_only_a_delegate_requests_the_floor(client, cast, under_way, who, status):
    response = client.post(
        path(under_way, "/floor"),
        {"action": "floor"},
        content_type="application/json",
        headers=bearer(getattr(cast, who)),
    )
    assert response.status_code == status
    assert SpeakerRequest.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        assert [w["name_en"] for w in response.json()["waiting"]] == ["Indonesia"]


def test_anonymous_cannot_request(client, under_way):
    response = client.post(
        path(under_way, "/floor"), {"action": "floor"}, content_type="application/json"
    )
    assert response.status_code == 401
    # Refused before the body is read: an empty one is not answered with what it lacks.
    assert client.post(path(under_way, "/floor")).status_code == 401
    assert not SpeakerRequest.objects.exists()


def test_a_closed_list_answers_400_with_the_reason(client, cast, under_way):
    services.live_list_open(session=under_way, is_open=False, by=cast.sam)
    response = client.post(
        path(under_way, "/floor"),
        {"action": "floor"},
        content_type="application/json",
        headers=bearer(cast.alice),
    )
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]

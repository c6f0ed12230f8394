"""API: practices, reference lists and the search, as the pages show them to the caller."""

import pytest

from secretariat.core.visibility import Visibility

pytestmark = pytest.mark.django_db


def test_practices_follow_the_pages_visibility(client, cast, make_practice):
    make_practice("Members only")
    make_practice("Open to all", visibility=Visibility.PUBLIC)
    make_practice("Draft", submit=False)
    titles = [p["title"] for p in client.get("/api/regions/ap/practices").json()]
    assert titles == ["Open to all"]
    client.force_login(cast.alice)
    body = client.get("/api/regions/ap/practices").json()
    assert sorted(p["title"] for p in body) == ["Draft", "Members only", "Open to all"]
    client.force_login(cast.charlie)
    practices = client.get("/api/regions/ap/practices", {"status": "in_force"}).json()
    assert sorted(p["title"] for p in practices) == ["Members only", "Open to all"]
    assert practices[0]["themes"][0]["name_en"].startswith("Facilitating")


def test_a_practice_not_visible_is_a_404(client, make_practice):
    practice = make_practice()
    response = client.get(f"/api/regions/ap/practices/{practice.pk}")
    assert response.status_code == 404 and "detail" in response.json()


def test_the_search_counts_only_what_the_caller_may_see(client, cast, make_practice, member):
    make_practice("Members only", body="vaccines")
    make_practice("Open to all", body="vaccines", visibility=Visibility.PUBLIC)
    body = client.get("/api/regions/ap/search", {"q": "vaccines"}).json()
    assert body["count"] == 1 and body["results"][0]["title"] == "Open to all"
    assert body["more"] is False
    assert "<mark>vaccines</mark>" in body["results"][0]["snippet"]
    assert [f["count"] for f in body["facets"]["member"]] == [1]
    client.force_login(cast.charlie)
    body = client.get("/api/regions/ap/search", {"q": "vaccines", "member": member.pk}).json()
    assert body["count"] == 2


def test_beyond_the_cap_the_search_says_there_are_more(client, make_practice, monkeypatch):
    from secretariat.search import selectors

    monkeypatch.setattr(selectors, "CAP", 2)
    for i in range(3):
        make_practice(f"Lane {i}", body="vaccines", visibility=Visibility.PUBLIC)
    body = client.get("/api/regions/ap/search", {"q": "vaccines"}).json()
    assert body["count"] == 2 and body["more"] is True and body["pages"] == 1

"""The galleries API: what the pages show each caller, with the files' absolute addresses."""

import pytest

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.gallery import services

pytestmark = pytest.mark.django_db

API = "/api/regions/ap/galleries"


@pytest.fixture
def galleries(region, add_photo):
    made = {}
    for visibility in (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT):
        made[visibility] = services.gallery_create(
            region=region, by=SYSTEM, title_en=f"{visibility} photos", visibility=visibility
        )
        add_photo(to=made[visibility])
    return made


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        (None, {"public"}),
        ("dana", {"public"}),
        ("charlie", {"public", "members"}),
        ("sam", {"public", "members", "secretariat"}),
    ],
)
def test_each_caller_lists_the_galleries_they_may_see(client, cast, galleries, who, seen):
    if who:
        client.force_login(getattr(cast, who))
    listed = client.get(API).json()
    assert {g["visibility"] for g in listed} == seen
    counts = {g["title_en"]: g["photo_count"] for g in listed}
    assert counts.pop("Joint session photos") == 0  # add_photo's own gallery, public and empty
    assert set(counts.values()) == {1}
    for visibility, gallery in galleries.items():
        status = client.get(f"{API}/{gallery.pk}").status_code
        assert status == (200 if visibility in seen else 404)


def test_a_gallery_gives_its_photos_with_rendition_and_download_addresses(
    client, gallery, add_photo
):
    add_photo("Second", width=1600, height=1200)
    first = add_photo("Third", caption_fr="Troisième", credit="ROCB")
    services.photo_move(photo=first, by=SYSTEM, direction="up")
    body = client.get(f"{API}/{gallery.pk}").json()
    assert [p["caption_en"] for p in body["photos"]] == ["Third", "Second"]
    photo = body["photos"][0]
    assert photo["caption_fr"] == "Troisième" and photo["credit"] == "ROCB"
    assert photo["download_url"] == f"http://testserver/ap/photos/{first.pk}/download/"
    assert [(r["width"], r["height"]) for r in photo["renditions"]] == [
        (320, 240),
        (640, 480),
        (800, 600),
    ]
    assert photo["renditions"][0]["url"] == f"http://testserver/ap/photos/{first.pk}/w320/"
    assert "name" not in photo["renditions"][0]  # the storage's names stay private
    assert body["photo_count"] == 2 and body["session"] is None


def test_an_unknown_gallery_is_a_json_404(client, region):
    response = client.get(f"{API}/999")
    assert response.status_code == 404 and "no gallery 999" in response.json()["detail"]

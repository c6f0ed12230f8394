"""Gallery pages: who sees and who changes what, the upload's refusals, the files as served."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.gallery import services
from secretariat.gallery.images import MAX_BYTES
from secretariat.gallery.models import Gallery, Photo
from tests.factories import RegionFactory
from tests.meetings.factories import MeetingFactory, SessionFactory

from .conftest import jpeg_bytes, upload
from .test_images import png_header_claiming

pytestmark = pytest.mark.django_db

EVERYONE = ["alice", "bob", "charlie", "dana", "sam", None]


def url(name, *args):
    return reverse(f"gallery:{name}", args=["ap", *args])


def login(client, cast, who):
    if who:
        client.force_login(getattr(cast, who))


def fetch(client, path, **extra):
    """GET a file and read it all: the test client closes a streamed file once it is read."""
    response = client.get(path, **extra)
    response.content_bytes = b"".join(response.streaming_content) if response.streaming else b""
    return response


def set_visibility(gallery, visibility):
    Gallery.objects.filter(pk=gallery.pk).update(visibility=visibility)


# Who sees a gallery, its photos and their files

SEES = {
    Visibility.PUBLIC: set(EVERYONE),
    Visibility.MEMBERS: {"alice", "bob", "charlie", "sam"},
    Visibility.SECRETARIAT: {"sam"},
}


@pytest.mark.parametrize("visibility", list(SEES))
@pytest.mark.parametrize("who", EVERYONE)
def test_a_gallery_and_its_files_are_seen_per_its_visibility(
    client, cast, gallery, add_photo, visibility, who
):
    photo = add_photo()
    set_visibility(gallery, visibility)
    login(client, cast, who)
    expected = 200 if who in SEES[visibility] else 404
    assert client.get(url("gallery-detail", gallery.pk)).status_code == expected
    assert fetch(client, url("photo-rendition", photo.pk, 320)).status_code == expected
    assert fetch(client, url("photo-download", photo.pk)).status_code == expected
    listed = "Joint session photos" in client.get(url("gallery-list")).text
    assert listed == (expected == 200)


def test_the_public_gallery_page_shows_captions_credits_srcset_and_download_links(
    client, gallery, add_photo
):
    photo = add_photo("Heads of Customs on screen", credit="WCO A/P ROCB", caption_fr="Écrans")
    page = client.get(url("gallery-detail", gallery.pk)).text
    assert "<figcaption>" in page and 'alt="Heads of Customs on screen"' in page
    assert "Photo: WCO A/P ROCB" in page
    srcset = ", ".join(
        f"/ap/photos/{photo.pk}/w{w}/ {w}w" for w in (320, 640)
    )  # an 800-pixel photo: 320, 640 and its own 800
    assert f'srcset="{srcset}, /ap/photos/{photo.pk}/w800/ 800w"' in page
    assert f'href="/ap/photos/{photo.pk}/download/"' in page and "Download full size image" in page
    client.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    french = client.get(url("gallery-detail", gallery.pk)).text
    assert 'alt="Écrans"' in french and "Photo\u00a0: WCO A/P ROCB" in french


def test_the_full_size_is_downloaded_as_an_inert_attachment(client, gallery, add_photo):
    photo = add_photo()
    Photo.objects.filter(pk=photo.pk).update(original_name="C:\\camera\\DSC_0042.JPG")
    response = fetch(client, url("photo-download", photo.pk))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="DSC_0042.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content_bytes[:3] == b"\xff\xd8\xff"
    assert client.get(url("photo-rendition", photo.pk, 321)).status_code == 404


BROWSER = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8"  # what Chromium's <img> sends


def test_a_copy_is_webp_for_browsers_and_jpeg_for_link_previews(client, gallery, add_photo):
    photo = add_photo(width=1600, height=1200)
    path = url("photo-rendition", photo.pk, 640)
    webp = fetch(client, path, headers={"Accept": BROWSER})
    assert webp["Content-Type"] == "image/webp" and webp.content_bytes[8:12] == b"WEBP"
    assert "attachment" not in webp.get("Content-Disposition", "")
    assert "Accept" in webp["Vary"]
    # LinkedIn's preview robot takes no WebP: the same address gives it a JPEG of the copy.
    preview = client.get(path, headers={"Accept": "image/jpeg,image/png,*/*"})
    assert preview["Content-Type"] == "image/jpeg" and "Accept" in preview["Vary"]
    assert preview["X-Content-Type-Options"] == "nosniff"
    assert "public" in preview["Cache-Control"]
    with Image.open(io.BytesIO(preview.content)) as image:
        assert image.format == "JPEG" and image.size == (640, 480)


def test_a_restricted_gallerys_files_are_not_kept_by_shared_caches(
    client, cast, gallery, add_photo
):
    photo = add_photo()
    assert "public" in fetch(client, url("photo-rendition", photo.pk, 320))["Cache-Control"]
    set_visibility(gallery, Visibility.MEMBERS)
    client.force_login(cast.alice)
    assert fetch(client, url("photo-download", photo.pk))["Cache-Control"] == "private, no-store"


def test_another_regions_photo_is_not_found_under_this_region(client, cast, add_photo, gallery):
    photo = add_photo()
    assert client.get(reverse("gallery:photo-download", args=["esa", photo.pk])).status_code == 404


# Pagination and queries


def test_the_gallery_pages_by_six_without_javascript(client, gallery, add_photo):
    for n in range(8):
        add_photo(f"Photo number {n}")
    first = client.get(url("gallery-detail", gallery.pk)).text
    assert first.count("<figure") == 6 and "Photo number 5" in first
    assert f'href="?photos=2#gallery-{gallery.pk}" rel="next"' in first
    second = client.get(url("gallery-detail", gallery.pk) + "?photos=2").text
    assert second.count("<figure") == 2 and "Photo number 7" in second
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in second
    beyond = client.get(url("gallery-detail", gallery.pk) + "?photos=99").text
    assert "Photo number 7" in beyond  # past the end: the last page


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", [None, "sam"])
def test_the_gallery_page_costs_the_same_at_1_and_at_10_photos(
    client, cast, gallery, add_photo, who
):
    login(client, cast, who)
    path = url("gallery-detail", gallery.pk)
    add_photo()
    at_one = _queries(client, path)
    for _ in range(9):
        add_photo()
    assert _queries(client, path) == at_one


def test_the_gallery_list_costs_the_same_at_1_and_at_10_galleries(client, region, add_photo):
    def gallery():
        return services.gallery_create(
            region=region, by=SYSTEM, title_en="G", visibility=Visibility.PUBLIC
        )

    add_photo(to=gallery())
    at_one = _queries(client, url("gallery-list"))
    for _ in range(9):
        add_photo(to=gallery())
    assert _queries(client, url("gallery-list")) == at_one


# The secretariat's pages


def secretariat_pages(gallery, photo):
    return [
        url("gallery-create"),
        url("gallery-edit", gallery.pk),
        url("gallery-manage", gallery.pk),
        url("photo-upload", gallery.pk),
        url("photo-edit", gallery.pk, photo.pk),
        url("photo-delete", gallery.pk, photo.pk),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [("sam", 200), ("alice", 403), ("bob", 403), ("charlie", 403), ("dana", 403), (None, 302)],
)
def test_only_the_secretariat_opens_the_editing_pages(
    client, cast, gallery, add_photo, who, status
):
    photo = add_photo()
    login(client, cast, who)
    for path in secretariat_pages(gallery, photo):
        assert client.get(path).status_code == status, path


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("dana", 403), (None, 302)])
def test_no_one_else_changes_anything(client, cast, gallery, add_photo, who, status):
    photo, second = add_photo("First"), add_photo("Second")
    login(client, cast, who)
    entries = AuditEntry.objects.count()
    posts = [
        (url("gallery-create"), {"title_en": "Mine", "visibility": "public"}),
        (url("gallery-edit", gallery.pk), {"title_en": "Mine", "visibility": "public"}),
        (url("photo-upload", gallery.pk), {"image": upload(jpeg_bytes(64, 64)), "caption_en": "x"}),
        (url("photo-edit", gallery.pk, photo.pk), {"caption_en": "Mine", "version": 1}),
        (url("photo-move", gallery.pk, second.pk), {"direction": "up"}),
        (url("photo-delete", gallery.pk, photo.pk), {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == status, path
    assert AuditEntry.objects.count() == entries
    assert list(gallery.photos.values_list("caption_en", flat=True)) == ["First", "Second"]
    assert Gallery.objects.count() == 1 and gallery.photos.count() == 2


def test_the_secretariat_creates_a_gallery_and_uploads_a_photo(client, cast, region):
    client.force_login(cast.sam)
    response = client.post(
        url("gallery-create"), {"title_en": "RCP 30 photos", "visibility": "members"}
    )
    gallery = Gallery.objects.get(title_en="RCP 30 photos")
    assert response.url == url("photo-upload", gallery.pk)
    response = client.post(
        url("photo-upload", gallery.pk),
        {
            "image": upload(jpeg_bytes(1600, 1200), "IMG_1.jpg"),
            "caption_en": "The conference room",
            "caption_fr": "La salle",
            "credit": "ROCB",
        },
        follow=True,
    )
    assert "The photo is added to the gallery." in response.text
    photo = gallery.photos.get()
    assert (photo.caption_fr, photo.credit, photo.width, photo.original_name) == (
        "La salle",
        "ROCB",
        1600,
        "IMG_1.jpg",
    )
    assert AuditEntry.objects.filter(action="photo added", target_id=str(photo.pk)).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "This file&#x27;s content is not an accepted kind (JPEG, PNG)."),
        (jpeg_bytes(1600, 1200)[:3000], "This image is damaged or incomplete"),
        (png_header_claiming(10_000, 10_000), "This image has more than 40 million pixels"),
        (
            jpeg_bytes(64, 64) + b"\0" * (MAX_BYTES + 2**21),
            "The file is 17.0\xa0MB; the limit is 15.0\xa0MB.",
        ),
    ],
    ids=["script", "truncated", "100-megapixel", "oversized"],
)
def test_a_refused_upload_shows_why_and_keeps_what_was_typed(
    client, cast, gallery, content, message
):
    client.force_login(cast.sam)
    response = client.post(
        url("photo-upload", gallery.pk),
        {"image": upload(content, "evil.jpg"), "caption_en": "Typed caption", "credit": "Me"},
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Typed caption"' in response.text and 'value="Me"' in response.text
    assert not gallery.photos.exists()


def test_a_caption_edit_on_a_stale_version_is_refused_with_both_versions(
    client, cast, gallery, add_photo
):
    photo = add_photo("Original caption")
    client.force_login(cast.sam)
    path = url("photo-edit", gallery.pk, photo.pk)
    client.post(path, {"caption_en": "Saved by someone else", "version": 1})
    response = client.post(path, {"caption_en": "My caption", "credit": "", "version": 1})
    assert response.status_code == 409
    assert "Saved by someone else" in response.text and "My caption" in response.text
    photo.refresh_from_db()
    assert photo.caption_en == "Saved by someone else"
    response = client.post(path, {"caption_en": "My caption", "version": 2})
    photo.refresh_from_db()
    assert response.status_code == 302 and photo.caption_en == "My caption"


def test_the_secretariat_reorders_and_deletes_photos(client, cast, gallery, add_photo):
    first, second, third = add_photo("One"), add_photo("Two"), add_photo("Three")
    client.force_login(cast.sam)
    client.post(url("photo-move", gallery.pk, third.pk), {"direction": "up"})
    assert list(gallery.photos.values_list("caption_en", flat=True)) == ["One", "Three", "Two"]
    client.post(url("photo-move", gallery.pk, first.pk), {"direction": "up"})  # already first
    assert list(gallery.photos.values_list("caption_en", flat=True)) == ["One", "Three", "Two"]
    storage, names = second.image.storage, [second.image.name, second.renditions[0]["name"]]
    assert all(storage.exists(n) for n in names)
    response = client.post(url("photo-delete", gallery.pk, second.pk))
    assert response.url == url("gallery-manage", gallery.pk)
    assert list(gallery.photos.values_list("caption_en", flat=True)) == ["One", "Three"]


def test_a_deleted_photos_files_are_removed_once_the_deletion_is_committed(
    cast, gallery, add_photo, django_capture_on_commit_callbacks
):
    photo = add_photo()
    storage = photo.image.storage
    names = [photo.image.name, *(r["name"] for r in photo.renditions)]
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(photo=photo, by=cast.sam)
    assert not any(storage.exists(n) for n in names)


def test_a_gallery_belongs_to_a_session_of_its_own_region_only(client, cast, gallery, region):
    mine = SessionFactory(region=region)
    MeetingFactory(session=mine, series__region=region, number=30)
    theirs = SessionFactory(region=RegionFactory(slug="wca"))
    client.force_login(cast.sam)
    path = url("gallery-edit", gallery.pk)
    data = {"title_en": "Joint session photos", "visibility": "public", "version": 1}
    assert client.post(path, {**data, "session": theirs.pk}).status_code == 400
    assert client.post(path, {**data, "session": mine.pk}).status_code == 302
    page = client.get(url("gallery-detail", gallery.pk)).text
    assert f'href="/ap/meetings/{mine.pk}/"' in page
    with pytest.raises(ValidationError):
        services.gallery_create(region=region, by=cast.sam, title_en="x", session=theirs)

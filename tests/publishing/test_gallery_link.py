"""A news item with its photo gallery: the photos with the gallery's pager, og:image, and the
gallery's own visibility still applies."""

import pytest
from django.urls import reverse

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.gallery import services as gallery_services
from secretariat.publishing import services

from ..gallery.conftest import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery(region):
    gallery = gallery_services.gallery_create(
        region=region, by=SYSTEM, title_en="Joint session photos", visibility=Visibility.PUBLIC
    )
    for n in range(8):
        gallery_services.photo_add(
            gallery=gallery, by=SYSTEM, upload=upload(jpeg_bytes(640, 480)), caption_en=f"Photo {n}"
        )
    return gallery


def test_the_news_page_shows_its_gallery_pages_it_and_gives_og_image(
    client, cast, make_item, gallery
):
    item = make_item()
    services.news_update(item=item, by=cast.sam, expected_version=1, gallery=gallery)
    page = client.get(item.get_absolute_url()).text
    assert "Photo 0" in page and "Download full size image" in page
    assert "Photo 7" not in page  # six a page
    first = gallery.photos.first()
    assert f'<meta property="og:image" content="http://testserver/ap/photos/{first.pk}/' in page
    second = client.get(item.get_absolute_url(), {"photos": 2}).text
    assert "Photo 7" in second and "Photo 0" not in second


def test_a_secretariat_only_gallery_stays_hidden_on_a_public_item(client, cast, make_item, gallery):
    gallery.visibility = Visibility.SECRETARIAT
    gallery.save()
    item = make_item()
    services.news_update(item=item, by=cast.sam, expected_version=1, gallery=gallery)
    page = client.get(item.get_absolute_url()).text
    assert "Photo 0" not in page and "og:image" not in page


def test_a_gallery_of_another_region_is_refused(cast, make_item):
    from django.core.exceptions import ValidationError

    from ..factories import RegionFactory

    other = gallery_services.gallery_create(
        region=RegionFactory(slug="esa"), by=SYSTEM, title_en="Elsewhere"
    )
    item = make_item()
    with pytest.raises(ValidationError):
        services.news_update(item=item, by=cast.sam, expected_version=1, gallery=other)
    item.refresh_from_db()
    assert item.gallery is None


def test_the_editor_offers_the_regions_galleries(client, cast, make_item, gallery):
    client.force_login(cast.sam)
    page = client.get(reverse("publishing:news-edit", args=["ap", make_item().slug])).text
    assert "Joint session photos" in page

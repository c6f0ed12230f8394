"""What another page (a news item) gets from the gallery: a page of photos and an og:image."""

import pytest
from django.template.loader import render_to_string

from secretariat.core.visibility import ANONYMOUS, Visibility
from secretariat.gallery.models import Gallery
from secretariat.gallery.selectors import gallery_page, og_image_url
from secretariat.regions.selectors import viewer_for

pytestmark = pytest.mark.django_db


def test_og_image_is_the_first_photos_widest_rendition_up_to_1280(gallery, add_photo):
    first = add_photo(width=1600, height=1200)
    add_photo()
    assert og_image_url(gallery=gallery, viewer=ANONYMOUS) == f"/ap/photos/{first.pk}/w1280/"


def test_og_image_of_a_small_photo_is_its_own_width(gallery, add_photo):
    photo = add_photo(width=500, height=400)
    assert og_image_url(gallery=gallery, viewer=ANONYMOUS) == f"/ap/photos/{photo.pk}/w500/"


def test_nothing_to_show_gives_none(gallery, add_photo, cast):
    assert gallery_page(gallery=None, viewer=ANONYMOUS) is None
    assert gallery_page(gallery=gallery, viewer=ANONYMOUS) is None  # no photos yet
    assert og_image_url(gallery=gallery, viewer=ANONYMOUS) is None
    add_photo()
    Gallery.objects.filter(pk=gallery.pk).update(visibility=Visibility.SECRETARIAT)
    gallery.refresh_from_db()
    assert gallery_page(gallery=gallery, viewer=ANONYMOUS) is None
    assert og_image_url(gallery=gallery, viewer=ANONYMOUS) is None
    assert gallery_page(gallery=gallery, viewer=viewer_for(cast.sam)) is not None


def test_a_news_page_can_show_one_photo_a_page_with_the_include(
    gallery, add_photo, rf, django_assert_num_queries
):
    for n in range(3):
        add_photo(f"Photo {n}")
    gallery = Gallery.objects.select_related("region").get(pk=gallery.pk)
    with django_assert_num_queries(2):
        photos = gallery_page(gallery=gallery, viewer=ANONYMOUS, number="2", per_page=1)
    with django_assert_num_queries(0):
        html = render_to_string(
            "gallery/_gallery.html", {"gallery": gallery, "photos": photos}, request=rf.get("/")
        )
    assert html.count("<figure") == 1 and "Photo 1" in html
    assert f'href="?photos=1#gallery-{gallery.pk}" rel="prev"' in html
    assert f'href="?photos=3#gallery-{gallery.pk}" rel="next"' in html

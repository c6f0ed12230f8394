"""The joint session's demo gallery: three captioned, generated pictures, public, made once."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from secretariat.gallery import demo
from secretariat.gallery.models import Gallery
from tests.meetings.factories import joint_session

pytestmark = pytest.mark.django_db


def test_the_joint_session_gets_a_public_gallery_of_three_captioned_photos(client, region, member):
    session = joint_session(region, member)
    gallery = demo.load(region)
    assert gallery.session == session and gallery.visibility == "public" and gallery.is_demo
    assert gallery.title_en.startswith("Joint Session of the 21st Regional Heads")
    assert gallery.title_fr.startswith("Session conjointe")
    with translation.override("fr"):
        assert gallery.title == gallery.title_fr
    photos = list(gallery.photos.all())
    assert [p.order for p in photos] == [0, 1, 2]
    assert all(p.caption_en and p.caption_fr and p.credit for p in photos)
    assert "virtual Joint Session" in photos[0].caption_en
    assert "postponed" in photos[2].caption_en
    with photos[0].image.open() as file, Image.open(io.BytesIO(file.read())) as image:
        assert image.size == (1600, 1000) and not image.getexif()
    page = client.get(reverse("gallery:gallery-detail", args=["ap", gallery.pk])).text
    assert page.count("Download full size image") == 3
    assert demo.load(region) == gallery and Gallery.objects.count() == 1  # twice: same data


def test_without_the_joint_session_there_is_no_demo_gallery(region):
    assert demo.load(region) is None and not Gallery.objects.exists()

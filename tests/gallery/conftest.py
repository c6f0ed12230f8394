import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.gallery import services

# EXIF tags (Pillow's ExifTags.Base / GPS): camera make and model, orientation, the GPS block.
MAKE, MODEL, ORIENTATION, GPS_IFD = 0x010F, 0x0110, 0x0112, 0x8825
GPS_LATITUDE_REF, GPS_LATITUDE = 1, 2


def jpeg_bytes(width=1600, height=1200, *, exif=None, color=(30, 90, 160), marker=True):
    """A JPEG drawn with Pillow; a red square marks the top-left corner as drawn."""
    image = Image.new("RGB", (width, height), color)
    if marker:
        ImageDraw.Draw(image).rectangle([0, 0, width // 4, height // 4], fill=(220, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def camera_exif(orientation=1):
    """EXIF as a phone writes it: make, model, orientation and a GPS position."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Pocket 12 Pro"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[GPS_LATITUDE_REF] = "S"
    gps[GPS_LATITUDE] = (6.0, 10.0, 30.0)
    return exif


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def gallery(region):
    return services.gallery_create(
        region=region, by=SYSTEM, title_en="Joint session photos", visibility=Visibility.PUBLIC
    )


@pytest.fixture
def add_photo(gallery):
    """Add a small generated photo to `gallery` (or another) as the platform."""

    def add(caption="Delegates on screen", *, to=None, width=800, height=600, **fields):
        return services.photo_add(
            gallery=to or gallery,
            by=SYSTEM,
            upload=upload(jpeg_bytes(width, height)),
            caption_en=caption,
            **fields,
        )

    return add

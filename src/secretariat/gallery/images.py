"""Photos checked, turned upright, cleaned of their metadata and resized: no database here.

An upload is refused unless it is a JPEG or PNG by its content (core.files), small enough in
bytes, small enough in pixels (read from the header, before anything is decoded) and whole.
What is kept is re-encoded from the pixels alone: EXIF (camera, GPS), XMP and text chunks
are dropped; only the colour profile stays.
"""

import io
import struct
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageFile

from secretariat.core.files import check_upload

KINDS = {"jpeg", "png"}
MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera's photo; far below Pillow's own bomb limit
MAX_SIDE = 16_000  # WebP stores at most 16,383 pixels a side
WIDTHS = (320, 640, 1280)  # the renditions for srcset; the full size is the cleaned original
RENDITION_FORMAT, RENDITION_EXTENSION, RENDITION_TYPE = "WEBP", "webp", "image/webp"
FULL_SIZE = {"jpeg": ("JPEG", "jpg", "image/jpeg"), "png": ("PNG", "png", "image/png")}


@dataclass
class Encoded:
    width: int
    height: int
    content: bytes


@dataclass
class CleanPhoto:
    kind: str  # "jpeg" or "png": the full size keeps the kind it was uploaded as
    full: Encoded
    renditions: list[Encoded]

    @property
    def extension(self):
        return FULL_SIZE[self.kind][1]


def guard_decompression_bombs():
    """Pillow only warns about an image past its decompression-bomb limit, then decodes it:
    make that warning an error in this process, so no such image is ever decoded."""
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


def _too_large():
    return ValidationError(
        _(
            "This image has more than %(limit)s million pixels: "
            "make it smaller, then upload it again."
        )
        % {"limit": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _damaged():
    return ValidationError(
        _("This image is damaged or incomplete: upload the whole file again."), code="damaged"
    )


_strict = threading.Lock()


@contextmanager
def _whole_files_only():
    """Decode with truncated files refused, whatever the process-wide setting.

    WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it is imported,
    so that a damaged image in a PDF renders grey instead of failing; an upload must be whole.
    """
    with _strict:
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _decoded(upload) -> Image.Image:
    """The upload's pixels, once its header has shown a size within the limit."""
    upload.seek(0)
    try:
        image = Image.open(upload)  # reads the header only; Pillow's bomb guard raises (apps.py)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (OSError, SyntaxError, ValueError):
        raise _damaged() from None
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _too_large()
    if max(image.size) > MAX_SIDE:
        image.close()
        raise ValidationError(
            _("This image is more than %(limit)s pixels wide or high: crop it, then upload it.")
            % {"limit": number_format(MAX_SIDE, force_grouping=True)},
            code="too_long",
        )
    try:
        with _whole_files_only():
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        image.close()
        raise _damaged() from None
    return image


# EXIF orientation -> the turn that shows the picture upright (as ImageOps.exif_transpose).
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
ORIENTATION = 0x0112


def _upright(image: Image.Image) -> Image.Image:
    """The picture turned as its EXIF orientation says, before any other change.

    Not ImageOps.exif_transpose: it writes the EXIF back into the turned copy, and fails on a
    damaged EXIF that is thrown away here anyway. An unreadable EXIF leaves the picture as is.
    """
    try:
        turn = TURNS.get(image.getexif().get(ORIENTATION))
    except (OSError, SyntaxError, ValueError, TypeError, struct.error):
        turn = None
    return image.transpose(turn) if turn is not None else image.copy()


def _upright_rgb(image: Image.Image, kind: str) -> Image.Image:
    """The picture as it was meant to be seen, in a mode its format stores, and nothing else."""
    upright = _upright(image)
    if kind == "jpeg" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = "A" in upright.mode or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha else "RGB")
    profile = image.info.get("icc_profile")
    upright.info = {"icc_profile": profile} if profile else {}
    return upright


def _encode(image: Image.Image, format: str) -> bytes:
    out = io.BytesIO()
    # Baseline JPEG: progressive and optimised encoding cost ten times as long for a 24 MP photo.
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 80, "method": 4}}.get(format, {})
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    image.save(out, format=format, **options)
    return out.getvalue()


def renditions_of(image: Image.Image) -> list[Encoded]:
    """One copy per width narrower than the image, and one at its own width below the widest."""
    widths = [w for w in WIDTHS if w < image.width]
    if image.width < WIDTHS[-1]:
        widths.append(image.width)
    out, source = [], image
    for width in reversed(widths):  # each copy made from the next wider one: 3 times faster
        height = max(1, round(image.height * width / image.width))
        small = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
        small.info = image.info
        out.append(Encoded(width, height, _encode(small, RENDITION_FORMAT)))
        source = small
    return out[::-1]


def as_jpeg(file) -> bytes:
    """A stored WebP copy as JPEG, for clients without WebP (LinkedIn's link previews)."""
    with Image.open(file) as image:
        if image.mode in ("RGBA", "LA") or "transparency" in image.info:
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image.convert("RGBA"), mask=image.convert("RGBA"))
        else:
            flat = image.convert("RGB")
    out = io.BytesIO()
    flat.save(out, "JPEG", quality=85)
    return out.getvalue()


def photo_clean(upload) -> CleanPhoto:
    """Check `upload` and return its cleaned full size and renditions, or refuse it."""
    kind = check_upload(upload, kinds=KINDS, max_bytes=MAX_BYTES)
    with _decoded(upload) as image:
        upright = _upright_rgb(image, kind)
    full = Encoded(upright.width, upright.height, _encode(upright, FULL_SIZE[kind][0]))
    return CleanPhoto(kind=kind, full=full, renditions=renditions_of(upright))

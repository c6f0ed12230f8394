"""The joint session's demo gallery: three captioned pictures drawn here (run twice: same data).

The seed's news item has three photos of the virtual Joint Session. The demo draws its own
with Pillow (screens of a video conference, a conference room, a slide): shapes and text,
no real person, nothing fetched.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from PIL import Image, ImageDraw, ImageFont

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.meetings.models import Meeting

from . import services
from .models import Gallery

SIZE = (1600, 1000)
NAVY, BLUE, SKY, SAND, WHITE, GREY = (
    "#0b3a66",
    "#1f6fb2",
    "#d7e8f6",
    "#efe4cf",
    "#ffffff",
    "#5b6776",
)
CREDIT = "Illustration drawn for the demo"
TILES = ["Indonesia", "Australia", "Japan", "India", "China", "Thailand", "Fiji", "WCO"]


def _font(size):
    return ImageFont.load_default(size=size)


def _face(draw, box, colour):
    """A tile's participant: a plain round head and shoulders, no one in particular."""
    x0, y0, x1, y1 = box
    cx, w, h = (x0 + x1) // 2, x1 - x0, y1 - y0
    draw.ellipse([cx - w // 8, y0 + h // 5, cx + w // 8, y0 + h // 5 + w // 4], fill=colour)
    draw.pieslice([cx - w // 4, y0 + h // 2 + 10, cx + w // 4, y1 + h // 3], 180, 360, fill=colour)


def video_conference() -> Image.Image:
    image = Image.new("RGB", SIZE, "#1b2430")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], 90], fill=NAVY)
    draw.text((40, 24), "Joint Session · 12 November 2020 · Video conference", WHITE, _font(40))
    columns, rows, gap = 4, 2, 24
    width = (SIZE[0] - gap * (columns + 1)) // columns
    height = (SIZE[1] - 90 - 120 - gap * (rows + 1)) // rows
    for n, name in enumerate(TILES):
        x = gap + (n % columns) * (width + gap)
        y = 90 + gap + (n // columns) * (height + gap)
        draw.rounded_rectangle([x, y, x + width, y + height], 14, fill="#2d3b4d")
        _face(draw, (x, y, x + width, y + height - 40), ["#8fb3d9", "#d9b38f", "#a3c9a8"][n % 3])
        draw.rectangle([x, y + height - 44, x + width, y + height], fill="#0f1620")
        draw.text((x + 14, y + height - 38), name, WHITE, _font(28))
    # The first tile speaks: outlined, as video platforms show the speaker.
    draw.rounded_rectangle(
        [gap, 90 + gap, gap + width, 90 + gap + height], 14, outline="#f5c542", width=6
    )
    draw.rectangle([0, SIZE[1] - 110, SIZE[0], SIZE[1]], fill="#0f1620")
    for n, label in enumerate(["Mute", "Video", "Share", "Raise hand", "Leave"]):
        x = 300 + n * 220
        fill = "#c0392b" if label == "Leave" else "#34495e"
        draw.rounded_rectangle([x, SIZE[1] - 85, x + 190, SIZE[1] - 25], 30, fill=fill)
        draw.text((x + 30, SIZE[1] - 72), label, WHITE, _font(28))
    return image


def conference_room() -> Image.Image:
    image = Image.new("RGB", SIZE, SAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], 560], fill="#e8dcc4")  # the wall
    draw.rectangle([420, 70, 1180, 480], fill="#1b2430")  # the screen
    draw.rectangle([440, 90, 1160, 460], fill=SKY)
    for n in range(8):
        x, y = 460 + (n % 4) * 175, 110 + (n // 4) * 175
        draw.rectangle([x, y, x + 160, y + 160], fill=BLUE if n % 2 else NAVY)
    draw.text((460, 486), "RHCAC 21 · RCP 30", GREY, _font(32))
    for x, colour in [(120, "#c0392b"), (200, "#1f6fb2"), (1380, "#27ae60"), (1460, "#f39c12")]:
        draw.line([x, 180, x, 560], fill=GREY, width=6)  # flag poles
        draw.rectangle([x + 3, 180, x + 70, 230], fill=colour)
    draw.polygon([(260, 980), (1340, 980), (1180, 640), (420, 640)], fill="#7a5230")  # table
    for n in range(6):
        x = 470 + n * 120
        draw.rectangle([x, 600, x + 70, 650], fill="#2c3e50")  # chairs' backs
        draw.rectangle([x + 10, 700, x + 60, 712], fill=WHITE)  # name cards
    draw.rectangle([760, 690, 840, 760], fill="#222222")  # the conference phone
    draw.text((40, 20), "Conference room set up for the virtual Joint Session", NAVY, _font(36))
    return image


def slide() -> Image.Image:
    image = Image.new("RGB", SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], 150], fill=NAVY)
    draw.text((60, 45), "Joint Session of the 21st RHCAC and the 30th RCP", WHITE, _font(52))
    lines = [
        "Held virtually on 12 November 2020",
        "Extraordinary: each meeting was postponed because of COVID-19",
        "Regional Strategic Plan 2020-2022 and progress on 2018-2020",
        "Activity reports: Vice-Chair, ROCB A/P, RILO A/P",
        "Nominations for the regional entities",
    ]
    for n, line in enumerate(lines):  # the bundled font has no bullet: a drawn dot instead
        y = 220 + n * 95
        draw.ellipse([80, y + 18, 96, y + 34], fill=BLUE)
        draw.text((120, y), line, "#1b2430", _font(44))
    draw.rectangle([0, SIZE[1] - 60, SIZE[0], SIZE[1]], fill=SKY)
    draw.text((60, SIZE[1] - 50), "WCO Asia/Pacific region", NAVY, _font(32))
    return image


PHOTOS = [
    (
        video_conference,
        "video-conference.jpg",
        "Heads of Customs of the Asia/Pacific region on screen during the virtual Joint Session",
        "Les chefs des douanes de la région Asie/Pacifique à l'écran pendant la session "
        "conjointe virtuelle",
    ),
    (
        conference_room,
        "conference-room.jpg",
        "A conference room set up to follow the Joint Session, held virtually on 12 November 2020",
        "Une salle de conférence équipée pour suivre la session conjointe, tenue virtuellement "
        "le 12 novembre 2020",
    ),
    (
        slide,
        "slide.jpg",
        "A slide of the Joint Session, organized after each meeting was postponed "
        "because of the COVID-19 pandemic",
        "Une diapositive de la session conjointe, organisée après le report de chaque réunion "
        "en raison de la pandémie de COVID-19",
    ),
]


def jpeg(image: Image.Image, name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def joint_session(region):
    """The joint session of 12 November 2020 (the 21st RHCAC's), once the meetings demo made it."""
    meeting = Meeting.objects.filter(series__region=region, series__reference="RHCAC", number=21)
    return meeting.first().session if meeting.exists() else None


def _in_french(session):
    with translation.override("fr"):
        return session.title


@transaction.atomic
def load(region) -> Gallery | None:
    """The joint session's public gallery with its three photos; None without the session."""
    session = joint_session(region)
    if session is None:
        return None
    gallery = Gallery.objects.filter(region=region, session=session, is_demo=True).first()
    if gallery is not None:
        return gallery
    gallery = services.gallery_create(
        region=region,
        by=SYSTEM,
        session=session,
        title_en=session.title_en,
        title_fr=_in_french(session),
        visibility=Visibility.PUBLIC,
        is_demo=True,
    )
    for draw, name, caption_en, caption_fr in PHOTOS:
        services.photo_add(
            gallery=gallery,
            by=SYSTEM,
            upload=jpeg(draw(), name),
            caption_en=caption_en,
            caption_fr=caption_fr,
            credit=CREDIT,
        )
    return gallery

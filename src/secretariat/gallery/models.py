"""Photo galleries: a region's captioned photos, each stored cleaned and in several widths.

A Photo's `image` is the "full size" a visitor downloads: the upload re-encoded upright
and without its EXIF, XMP or GPS data (gallery.images). `renditions` lists the smaller
copies made from it for srcset, narrowest first. Every file is served through a view that
checks the gallery's visibility: the media directory is never served as such.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.models import Versioned
from secretariat.core.visibility import Visibility


class Gallery(Versioned):
    """The photos of one occasion, usually a meeting session, shown on its own or in a news item."""

    # No "Named Members": a gallery has no list of Members to share with.
    VISIBILITIES = [
        (Visibility.PUBLIC, Visibility.PUBLIC.label),
        (Visibility.MEMBERS, Visibility.MEMBERS.label),
        (Visibility.SECRETARIAT, Visibility.SECRETARIAT.label),
    ]

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "meetings.Session",
        verbose_name=_("meeting session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="galleries",
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=VISIBILITIES, default=Visibility.SECRETARIAT
    )
    is_demo = models.BooleanField(_("made for the demo"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    title = Localized()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("photo gallery")
        verbose_name_plural = _("photo galleries")

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("gallery:gallery-detail", args=[self.region.slug, self.pk])

    def get_manage_url(self):
        return reverse("gallery:gallery-manage", args=[self.region.slug, self.pk])


class Photo(Versioned):
    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("full-size image"), upload_to="gallery/", max_length=200)
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    # [{"width": 320, "height": 240, "name": "gallery/…-320.webp"}, …], narrowest first.
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    caption_en = models.CharField(_("caption (English)"), max_length=500)
    caption_fr = models.CharField(_("caption (French)"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Who took the photo or owns it.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    original_name = models.CharField(_("uploaded as"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    caption = Localized()

    class Meta:
        ordering = ["gallery", "order", "pk"]
        verbose_name = _("photo")

    def __str__(self):
        return self.caption_en[:80]

    def _url(self, name, *args):
        return reverse(f"gallery:{name}", args=[self.gallery.region.slug, self.pk, *args])

    def rendition_for(self, width: int) -> dict:
        """The widest rendition no wider than `width` (or the narrowest there is)."""
        fitting = [r for r in self.renditions if r["width"] <= width]
        return fitting[-1] if fitting else self.renditions[0]

    def rendition_url(self, width: int) -> str:
        return self._url("photo-rendition", width)

    @property
    def src(self):
        """The middle rendition: what a browser without srcset shows."""
        return self.rendition_url(self.rendition_for(640)["width"])

    @property
    def thumb_url(self):
        return self.rendition_url(self.renditions[0]["width"])

    @property
    def srcset(self):
        return ", ".join(f"{self.rendition_url(r['width'])} {r['width']}w" for r in self.renditions)

    @property
    def download_url(self):
        return self._url("photo-download")

    def files_beside(self):
        """The renditions, stored beside the full size: backups keep them too (core.backup)."""
        return [(r["name"], "image") for r in self.renditions]

    @property
    def download_name(self):
        """The uploaded name's stem with the extension of the stored full size."""
        stem = self.original_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
        extension = self.image.name.rsplit(".", 1)[-1]
        return f"{stem.strip() or f'photo-{self.pk}'}.{extension}"

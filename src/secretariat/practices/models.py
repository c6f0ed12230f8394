"""Members' practices, the themes they are filed under, and the region's reference lists.

Reference lists live here beside practices (decision 0008): the same people keep them, the
same search finds them, and they share the themes' curation by the secretariat.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.markdown import render
from secretariat.core.models import Versioned
from secretariat.core.visibility import Visibility


class Theme(models.Model):
    """A heading of the region's taxonomy of practices; themes nest under a parent."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized()

    class Meta:
        ordering = ["order", "name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "parent", "name_en"], name="unique_theme_name_per_parent"
            )
        ]
        verbose_name = _("theme")

    def __str__(self):
        return self.name_en

    @property
    def display(self):
        """The theme with its ancestors, in the viewer's language: for pickers."""
        names, theme = [], self
        while theme is not None:
            names.append(theme.name)
            theme = theme.parent
        return " › ".join(reversed(names))


class Practice(Versioned):
    """A Member's measure or way of working, kept current by its contact point."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_FORCE = "in_force", _("in force")
        LIFTED = "lifted", _("lifted")

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")
        OTHER = "other", _("other")

    # A Member chooses between its region's Members and the public; nothing narrower.
    VISIBILITIES = [
        (Visibility.MEMBERS, Visibility.MEMBERS.label),
        (Visibility.PUBLIC, Visibility.PUBLIC.label),
    ]

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "regions.Member",
        verbose_name=_("Member"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="practices")
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    source_url = models.URLField(_("source link"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=VISIBILITIES, default=Visibility.MEMBERS
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    is_demo = models.BooleanField(_("written for the demo"), default=False)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_from__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="practice_ends_after_it_starts",
            )
        ]
        verbose_name = _("practice")

    def __str__(self):
        return self.title

    @property
    def is_draft(self):
        return self.submitted_at is None

    @property
    def body_html(self):
        return render(self.body)

    @property
    def tag_list(self):
        return [t for t in (t.strip() for t in self.tags.split(",")) if t]

    def get_absolute_url(self):
        return reverse("practices:practice-detail", args=[self.region.slug, self.pk])

    def clean(self):
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("A practice cannot end before it starts.")})


class Attachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="practices/", max_length=200)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(max_length=10)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("attachment")

    def __str__(self):
        return self.name


HS_CODE = re.compile(r"^\d{4}(\.\d{2})?$")


def validate_hs_code(value):
    if not HS_CODE.match(value or ""):
        raise ValidationError(
            _("An HS code has 4 or 6 digits, written as 3822 or 3822.00."), code="hs_code"
        )


class ReferenceList(models.Model):
    """Tabular reference data the region shares, such as an HS classification reference."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    hs_edition = models.CharField(
        _("HS edition"), max_length=4, help_text=_("The year of the HS edition, e.g. 2017.")
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=12,
        choices=Practice.VISIBILITIES,
        default=Visibility.PUBLIC,
    )
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    title = Localized()

    class Meta:
        ordering = ["title_en"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="unique_reference_list_slug")
        ]
        verbose_name = _("reference list")

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("practices:reference-detail", args=[self.region.slug, self.slug])

    @property
    def description_html(self):
        return render(self.description)


class ReferenceRow(models.Model):
    reference_list = models.ForeignKey(ReferenceList, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    category = models.CharField(_("category"), max_length=200)
    hs_code = models.CharField(_("HS code"), max_length=7, validators=[validate_hs_code])
    description = models.TextField(_("description"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["reference_list", "position"]
        verbose_name = _("reference row")

    def __str__(self):
        return f"{self.hs_code} {self.description[:60]}"

"""News items: written from a meeting's data, edited and published by the secretariat."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.markdown import render
from secretariat.core.models import Versioned
from secretariat.core.visibility import Visibility


class NewsItem(Versioned):
    """A news item of the region's public site, often reporting on a session."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    # Public, or for the region's Members only; nothing narrower.
    VISIBILITIES = [
        (Visibility.PUBLIC, Visibility.PUBLIC.label),
        (Visibility.MEMBERS, Visibility.MEMBERS.label),
    ]

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "meetings.Session",
        verbose_name=_("session reported on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )
    gallery = models.ForeignKey(
        "gallery.Gallery",
        verbose_name=_("photo gallery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )
    slug = models.SlugField(_("short address"), max_length=80)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    lead_en = models.TextField(
        _("lead (English)"), max_length=600, blank=True, help_text=_("One or two sentences.")
    )
    lead_fr = models.TextField(_("lead (French)"), max_length=600, blank=True)
    body_en = models.TextField(_("text (English)"), help_text=_("Markdown."))
    body_fr = models.TextField(_("text (French)"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=VISIBILITIES, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    title = Localized()
    lead = Localized()
    body = Localized()

    class Meta:
        ordering = ["-published_on", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="unique_news_slug"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
                name="published_news_has_a_date",
            ),
        ]
        verbose_name = _("news item")

    def __str__(self):
        return self.title_en

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def body_html(self):
        return render(self.body)

    def get_absolute_url(self):
        return reverse("publishing:news-detail", args=[self.region.slug, self.slug])

"""A session's documents and every file uploaded for them.

A Document is what delegates cite ("RCP30/Doc 3"); each upload of its file is a
DocumentVersion, kept when a newer one replaces it. Files are stored under a generated
name: the name a person uploaded is kept only as data.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import Localized
from secretariat.core.models import Versioned
from secretariat.core.visibility import Visibility

# The checked kind (core.files.sniff) -> how the file is stored and served.
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "png": "png", "jpeg": "jpg"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
SHOWN_INLINE = {"pdf", "png", "jpeg"}


class Document(Versioned):
    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")
        OTHER = "other", _("other")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "meetings.Session", on_delete=models.PROTECT, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    reference = models.CharField(
        _("reference"), max_length=50, help_text=_("As cited in the meeting: RCP30/Doc 3.")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    shared_with = models.ManyToManyField(
        "regions.Member",
        verbose_name=_("shared with"),
        blank=True,
        related_name="+",
        help_text=_("For “Named Members”: the Members who may see the document."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # A withdrawn document is hidden from its readers and kept, with why, for the secretariat.
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason_en = models.TextField(_("reason for the withdrawal (English)"), blank=True)
    withdrawn_reason_fr = models.TextField(_("reason for the withdrawal (French)"), blank=True)

    title = Localized()

    class Meta:
        ordering = ["session", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "reference"], name="unique_document_reference"
            )
        ]
        verbose_name = _("document")

    def __str__(self):
        return f"{self.reference} {self.title_en}"

    withdrawn_reason = Localized()

    def get_absolute_url(self):
        return reverse("documents:document-download", args=[self.region.slug, self.pk])

    @property
    def latest(self):
        """The newest version; from the prefetched `newest_first` list when there is one."""
        versions = getattr(self, "newest_first", None)
        if versions is None:
            return self.versions.order_by("-number").first()
        return versions[0] if versions else None


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="documents/", max_length=200)
    original_name = models.CharField(_("uploaded as"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    kind = models.CharField(_("kind"), max_length=10)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # Read from the file once, at upload, for the search: a change to the session (a meeting
    # postponed, made members-only) then rewrites the entries of its documents without
    # reading their files again.
    text = models.TextField(_("text"), blank=True, editable=False)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")
        ]
        verbose_name = _("document version")

    def __str__(self):
        return f"{self.document.reference} v{self.number} ({self.original_name})"

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]

    @property
    def extension(self):
        return EXTENSIONS[self.kind]

    @property
    def download_name(self):
        """The uploaded name's stem with the extension of what the file really is."""
        stem = self.original_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
        return f"{stem.strip() or 'document'}.{self.extension}"


class DigestEntry(models.Model):
    """A version listed in one person's "new documents" digest: what makes it never twice."""

    person = models.ForeignKey("regions.Person", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        "core.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    listed_at = models.DateTimeField(_("listed on"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="unique_digest_entry")
        ]
        verbose_name = _("document listed in a digest")
        verbose_name_plural = _("documents listed in digests")

    def __str__(self):
        return f"{self.version} → {self.person}"

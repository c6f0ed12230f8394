"""Every write to documents: an upload makes a document and its first version; a replacement
adds a version and keeps the earlier ones."""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.files import check_upload
from secretariat.core.permissions import service
from secretariat.core.versions import save_versioned
from secretariat.core.visibility import Visibility
from secretariat.search.index import entries_refresh, entries_remove

from .models import EXTENSIONS, Document, DocumentVersion
from .text import file_text

ACCEPTED_KINDS = set(EXTENSIONS)
VERSION_UPLOADED = gettext_noop("new version uploaded")


def max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def check_document_file(upload) -> str:
    """The file's real kind, or a ValidationError saying why it is refused."""
    return check_upload(upload, kinds=ACCEPTED_KINDS, max_bytes=max_bytes())


def _digest(upload) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(upload.read, b""):
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def _version_add(document, upload, kind, by) -> DocumentVersion:
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        original_name=(upload.name or "")[:255],
        size=upload.size,
        sha256=_digest(upload),
        kind=kind,
        uploaded_by=by if by is not None and by.is_authenticated else None,
        text=file_text(upload, kind),
    )
    # Stored under a generated name: the uploaded name never reaches the file system.
    version.file.save(f"{uuid.uuid4().hex}.{EXTENSIONS[kind]}", upload, save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    return version


def _check_fields(*, session, agenda_item, visibility, shared_with):
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another session.")})
    if visibility == Visibility.NAMED and not shared_with:
        raise ValidationError({"shared_with": _("Name at least one Member to share it with.")})
    if any(m.region_id != session.region_id for m in shared_with):
        raise ValidationError({"shared_with": _("Only the region's Members can be named.")})


@service("documents.manage_documents", on="session")
@transaction.atomic
def document_upload(
    *,
    session,
    by,
    reference,
    title_en,
    upload,
    title_fr="",
    language=Document.Language.EN,
    visibility=Visibility.PUBLIC,
    agenda_item=None,
    shared_with=(),
) -> Document:
    """A new document of `session` with `upload` as its first version."""
    shared_with = list(shared_with)
    _check_fields(
        session=session, agenda_item=agenda_item, visibility=visibility, shared_with=shared_with
    )
    if Document.objects.filter(session=session, reference=reference).exists():
        raise ValidationError(
            {"reference": _("This session already has a document %(ref)s.") % {"ref": reference}}
        )
    kind = check_document_file(upload)
    document = Document.objects.create(
        region=session.region,
        session=session,
        agenda_item=agenda_item,
        reference=reference,
        title_en=title_en,
        title_fr=title_fr,
        language=language,
        visibility=visibility,
    )
    if visibility == Visibility.NAMED:
        document.shared_with.set(shared_with)
    version = _version_add(document, upload, kind, by)
    audit.record(by=by, action=audit.CREATED, obj=document, note=f"v1: {version.original_name}")
    entries_refresh(document)
    return document


@service("documents.manage_documents", on="document")
@transaction.atomic
def document_replace(*, document, upload, by) -> DocumentVersion:
    """A newer file for `document`; the earlier versions stay."""
    kind = check_document_file(upload)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    version = _version_add(document, upload, kind, by)
    audit.record(
        by=by,
        action=VERSION_UPLOADED,
        obj=document,
        note=f"v{version.number}: {version.original_name}",
    )
    entries_refresh(document)
    return version


DOCUMENT_FIELDS = ("reference", "title_en", "title_fr", "language", "visibility", "agenda_item")
WITHDRAWN = gettext_noop("document withdrawn")


@service("documents.manage_documents", on="document")
@transaction.atomic
def document_update(*, document, by, expected_version, shared_with=(), **changes) -> Document:
    """Correct a document's reference, titles, language, visibility or agenda item; its files
    stay as they are (a new file is a replacement)."""
    unknown = set(changes) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a document's edit: {sorted(unknown)}")
    session = document.session
    shared_with = list(shared_with)
    visibility = changes.get("visibility", document.visibility)
    _check_fields(
        session=session,
        agenda_item=changes.get("agenda_item", document.agenda_item),
        visibility=visibility,
        shared_with=shared_with,
    )
    reference = changes.get("reference", document.reference)
    if session.documents.filter(reference=reference).exclude(pk=document.pk).exists():
        raise ValidationError(
            {"reference": _("This session already has a document %(ref)s.") % {"ref": reference}}
        )
    before = audit.snapshot(document)
    for name, value in changes.items():
        setattr(document, name, value)
    save_versioned(document, expected_version=expected_version, fields=list(changes))
    document.shared_with.set(shared_with if visibility == Visibility.NAMED else [])
    audit.record(by=by, action=audit.UPDATED, obj=document, before=before)
    entries_refresh(document)
    return document


@service("documents.manage_documents", on="document")
@transaction.atomic
def document_withdraw(*, document, by, reason_en, reason_fr="") -> Document:
    """Withdraw `document`: its readers no longer see it; the secretariat keeps it, with why."""
    if document.withdrawn_at is not None:
        raise ValidationError(_("The document is already withdrawn."))
    if not reason_en.strip():
        raise ValidationError({"reason_en": _("Say why the document is withdrawn.")})
    before = audit.snapshot(document)
    document.withdrawn_at = timezone.now()
    document.withdrawn_reason_en = reason_en.strip()
    document.withdrawn_reason_fr = reason_fr.strip()
    document.save(update_fields=["withdrawn_at", "withdrawn_reason_en", "withdrawn_reason_fr"])
    audit.record(by=by, action=WITHDRAWN, obj=document, before=before, note=reason_en.strip())
    entries_refresh(document)
    return document


@service("documents.manage_documents", on="document")
@transaction.atomic
def document_delete(*, document, by) -> None:
    """Delete a document of a session still in draft, files and all: nobody but the secretariat
    has seen it. A document of a published session is withdrawn instead."""
    if document.session.published_at is not None:
        raise ValidationError(
            _("The session is published: withdraw the document instead, with a reason.")
        )
    files = [version.file for version in document.versions.all()]
    audit.record(by=by, action=audit.DELETED, obj=document)
    entries_remove("document", [document.pk])
    document.delete()
    for file in files:
        transaction.on_commit(lambda file=file: file.delete(save=False))

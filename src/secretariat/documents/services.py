"""Every write to documents: an upload makes a document and its first version; a replacement
adds a version and keeps the earlier ones."""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.files import check_upload
from secretariat.core.permissions import service
from secretariat.core.visibility import Visibility
from secretariat.search.index import entries_refresh

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

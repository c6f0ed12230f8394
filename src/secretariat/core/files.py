"""Uploads are checked by what they contain and how big they are, never by their name."""

import mimetypes
import uuid
import zipfile
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "png": "png",
    "jpeg": "jpg",
    "csv": "csv",
}
WINDOW = 2048  # bytes read to decide
OFFICE = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}


def sniff(upload) -> str | None:
    """The kind of file `upload` really is, or None."""
    upload.seek(0)
    head = upload.read(WINDOW)
    upload.seek(0)
    for kind, prefixes in SIGNATURES.items():
        if head.startswith(prefixes):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        return next((kind for kind, part in OFFICE.items() if part in names), None)
    if b"\x00" not in head:
        try:
            head.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the 2 KiB window is still text; a file that
            # ends within the window has no such excuse.
            cut = len(head) == WINDOW and exc.reason == "unexpected end of data"
            if not cut:
                return None
        return "csv"
    return None


def check_upload(upload, *, kinds: set[str], max_bytes: int) -> str:
    """Return the file's kind if it is one of `kinds` and small enough; else refuse it."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )
    kind = sniff(upload)
    if kind not in kinds:
        raise ValidationError(
            _("This file's content is not an accepted kind (%(kinds)s).")
            % {"kinds": ", ".join(sorted(k.upper() for k in kinds))}
        )
    return kind


def stored_name(kind: str) -> str:
    """A generated name to store an upload of `kind` under: the uploader's own name (which
    may be `evil.html`, or a path) is kept only as the attachment's label."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[kind]}"


def inert(response, *, private=True):
    """A response carrying an upload, made so that it never acts as a page of the site.

    The browser may not guess another type (nosniff), and what it renders runs nothing: no
    script, form or plugin (a CSP sandbox). A PDF shown inline is the exception: browsers'
    PDF viewers refuse to open in a sandbox, and run a PDF's scripts inside the viewer, not
    in the site's origin. Private files are never kept by shared caches.
    """
    response["X-Content-Type-Options"] = "nosniff"
    shown = not response.get("Content-Disposition", "").startswith("attachment")
    if not (shown and response["Content-Type"] == "application/pdf"):
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def serve_stored(
    file, *, filename, content_type=None, inline=False, private=True, storage=None, name=None
):
    """A stored upload, served inert (see `inert`): a download unless `inline`.

    Call it after the permission check. The bytes are then handed off when the operator
    says so, and the app's process is free at once: a file on the local disk goes out
    through the proxy (`X-Accel-Redirect` to SECRETARIAT_ACCEL_REDIRECT, an internal
    location of nginx or Caddy; deploy/), a file in an S3 bucket through a signed address
    valid SECRETARIAT_SIGNED_URL_SECONDS. `file` is a model's file (it knows its storage and
    name), or an open file with `storage` and `name` given.
    """
    storage = storage or getattr(file, "storage", None)
    name = name or (getattr(file, "name", None) if storage is not None else None)
    handed = _hand_off(storage, name, filename, content_type, inline, private)
    if handed is not None:
        file.close()
        return handed
    response = FileResponse(
        file, content_type=content_type, as_attachment=not inline, filename=filename
    )
    return inert(response, private=private)


def _hand_off(storage, name, filename, content_type, inline, private):
    if storage is None or not name:
        return None
    content_type = content_type or mimetypes.guess_type(filename or name)[0]
    content_type = content_type or "application/octet-stream"
    disposition = content_disposition_header(not inline, filename or "") or "inline"
    if settings.ACCEL_REDIRECT and isinstance(storage, FileSystemStorage):
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = disposition
        response["X-Accel-Redirect"] = settings.ACCEL_REDIRECT + quote(name)
        return inert(response, private=private)
    if settings.SIGNED_URL_SECONDS and hasattr(storage, "bucket_name"):  # S3-compatible
        parameters = {
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, no-store" if private else "public, max-age=300",
        }
        url = storage.url(name, parameters=parameters, expire=settings.SIGNED_URL_SECONDS)
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"  # the signed address is the viewer's
        response["Referrer-Policy"] = "no-referrer"
        return response
    return None


def download(content, *, filename, content_type, private=True, inline=False) -> HttpResponse:
    """A document made for the reader (an export, a printable page), saved as a file, or
    shown in place when `inline`; a private one is never kept by shared caches.

    `content` is bytes, or text encoded as `content_type`'s charset says. The one place a
    download is named: names outside ASCII are encoded for every browser.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response

"""The text of a PDF or Word file, read once when the version is uploaded (for the search)."""

import io
import logging
import warnings

log = logging.getLogger(__name__)

MAX_TEXT = 200_000  # characters of a file's text kept
MAX_PAGES = 200


def file_text(upload, kind: str) -> str:
    """The text of a PDF or Word file; "" for other kinds and for a file that cannot be read."""
    if kind not in ("pdf", "docx"):
        return ""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        if kind == "pdf":
            import pypdf

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = pypdf.PdfReader(io.BytesIO(data))
                text = "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])
        else:
            import docx

            text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    except Exception:  # a damaged or encrypted file: its metadata is still indexed
        log.warning("No text extracted from a %s file", kind, exc_info=True)
        return ""
    # PostgreSQL refuses NUL in text.
    return text[:MAX_TEXT].replace("\x00", "")

"""The demo's documents of the 12 November 2020 Joint Session: small real PDFs made here.

WeasyPrint is not needed for a one-page placeholder: `tiny_pdf` writes a valid PDF 1.4
with Helvetica text, which every viewer opens.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.meetings.models import AgendaItem, Meeting

from . import services
from .models import Document


def _pdf_text(line: str) -> bytes:
    """A PDF string literal's body: Windows-1252 bytes, with ( ) \\ and non-ASCII escaped."""
    out = bytearray()
    for byte in line.encode("cp1252", errors="replace"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += f"\\{byte:03o}".encode()
        else:
            out.append(byte)
    return bytes(out)


def tiny_pdf(*lines: str) -> bytes:
    """A one-page A4 PDF showing `lines`, the first as a heading."""
    text = [b"BT /F1 16 Tf 56 780 Td"]
    for i, line in enumerate(lines):
        if i == 1:
            text.append(b"/F1 11 Tf")
        text.append(b"(" + _pdf_text(line) + b") Tj 0 -22 Td")
    text.append(b"ET")
    stream = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# (reference, title en, title fr, agenda item kind it belongs to, visibility, file name)
DOCUMENTS = [
    (
        "RHCAC21/Doc 1",
        "Provisional agenda",
        "Ordre du jour provisoire",
        AgendaItem.Kind.ADOPTION,
        Visibility.PUBLIC,
        "RHCAC21 Doc 1 - Provisional agenda.pdf",
    ),
    (
        "RCP30/Doc 2",
        "RSP 2020–2022 progress report",
        "Rapport d'avancement du PSR 2020–2022",
        None,
        Visibility.PUBLIC,
        "RCP30 Doc 2 - RSP progress report.pdf",
    ),
    (
        "RCP30/Doc 3",
        "Tour de table: Members' responses to COVID-19 (for Members)",
        "Tour de table : les réponses des Membres à la COVID-19 (pour les Membres)",
        AgendaItem.Kind.TOUR_DE_TABLE,
        Visibility.MEMBERS,
        "RCP30 Doc 3 - Members responses.pdf",
    ),
]


def load(region):
    """Add the joint session's documents that are missing (run it twice: same data)."""
    meeting = Meeting.objects.filter(
        series__region=region, series__reference="RHCAC", number=21
    ).first()
    if meeting is None:
        return
    session = meeting.session
    for reference, en, fr, kind, visibility, filename in DOCUMENTS:
        if Document.objects.filter(session=session, reference=reference).exists():
            continue
        item = session.agenda.filter(kind=kind).first() if kind else None
        pdf = tiny_pdf(reference, en, "Joint Session, 12 November 2020 (demo document)")
        services.document_upload(
            session=session,
            by=SYSTEM,
            reference=reference,
            title_en=en,
            title_fr=fr,
            agenda_item=item,
            visibility=visibility,
            upload=SimpleUploadedFile(filename, pdf, content_type="application/pdf"),
        )

"""Uploads are judged by their content: real files of each kind, and impostors."""

import base64
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.files import check_upload, download, sniff

ALL = {"pdf", "png", "jpeg", "xlsx", "docx", "csv"}


def pdf_bytes():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def png_bytes():
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# A 1x1 baseline JPEG (JFIF).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////"
    "////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAA"
    "AAAAAP/aAAgBAQABPxA="
)


def xlsx_bytes():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Member", "Joined"])
    book.active.append(["Fiji", "2005-06-01"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


OOXML = "http://schemas.openxmlformats.org"
CONTENT_TYPES = (
    f'<?xml version="1.0"?><Types xmlns="{OOXML}/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OOXML}/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    f'<?xml version="1.0"?><w:document xmlns:w="{OOXML}/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Minutes</w:t></w:r></w:p></w:body></w:document>"
)


def docx_bytes():
    try:
        import docx
    except ImportError:
        return office_zip(
            {
                "[Content_Types].xml": CONTENT_TYPES,
                "_rels/.rels": RELS,
                "word/document.xml": DOCUMENT,
            }
        )
    document = docx.Document()
    document.add_paragraph("Minutes")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def office_zip(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("report.pdf", pdf_bytes, "pdf"),
        ("photo.png", png_bytes, "png"),
        ("photo.jpg", lambda: JPEG, "jpeg"),
        ("members.xlsx", xlsx_bytes, "xlsx"),
        ("minutes.docx", docx_bytes, "docx"),
        ("members.csv", lambda: "Member;Joined\nViệt Nam;1993-07-01\n".encode(), "csv"),
        ("bom.csv", lambda: "\ufeffMember\nFiji\n".encode(), "csv"),
    ],
)
def test_real_files_are_recognised(name, make, kind):
    file = upload(name, make())
    assert sniff(file) == kind
    assert check_upload(file, kinds=ALL, max_bytes=10_000_000) == kind
    assert file.tell() == 0  # the caller can still read it from the start


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4),  # a program, renamed
        ("members.csv", zlib.compress(b"Fiji,2005\n" * 100)),  # compressed bytes, renamed
        ("members.xlsx", office_zip({"notes.txt": "just a zip"})),  # a zip, not a workbook
        ("report.pdf", b"PK\x03\x04 broken zip"),
        ("members.csv", b"caf\xe9,1\n"),  # not UTF-8 text, however short
    ],
)
def test_renamed_or_unknown_content_is_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, content), kinds=ALL, max_bytes=10_000_000)
    assert "not an accepted kind" in caught.value.messages[0]


def test_a_kind_not_asked_for_is_refused_and_named_in_the_message():
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("photo.png", png_bytes()), kinds={"pdf", "docx"}, max_bytes=10_000)
    assert caught.value.messages == ["This file's content is not an accepted kind (DOCX, PDF)."]


def test_long_utf8_text_cut_inside_a_character_by_the_window_is_still_text():
    text = ("a" * 2047 + "é" + "\nmore").encode()  # "é" straddles the 2 KiB window
    assert sniff(upload("members.csv", text)) == "csv"


def test_oversize_file_is_refused_with_both_sizes():
    with pytest.raises(ValidationError) as caught:
        check_upload(
            upload("report.pdf", pdf_bytes() + b"0" * 3_000_000),
            kinds=ALL,
            max_bytes=2 * 1024 * 1024,
        )
    message = caught.value.messages[0].replace("\xa0", " ")
    assert message == "The file is 2.9 MB; the limit is 2.0 MB."


def test_a_download_is_named_for_every_browser_and_kept_from_shared_caches():
    response = download(b"a,b\n", filename="Côte d'Ivoire.csv", content_type="text/csv")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''C%C3%B4te%20d%27Ivoire.csv"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"a,b\n"


def test_a_printable_page_is_shown_in_place_and_a_public_one_may_be_cached():
    response = download(
        b"%PDF-", filename="agenda.pdf", content_type="application/pdf", inline=True, private=False
    )
    assert response["Content-Disposition"] == 'inline; filename="agenda.pdf"'
    assert "Cache-Control" not in response

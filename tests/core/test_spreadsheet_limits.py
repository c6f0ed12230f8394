"""Issue 16, item 4: a spreadsheet is refused before its size becomes work.

A 45 KB XLSX declaring a row numbered 5,000,000 kept the plan import busy for 29 s: the
reader fills every empty row before it, and only non-empty rows counted toward the limit.
Every reader (Members, plans, reference lists) now stops after a bounded number of lines,
empty ones included, and refuses a file that unpacks to more than MAX_UNPACKED.
"""

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core import spreadsheets
from secretariat.plans import importing as plans_importing
from secretariat.practices import references
from secretariat.regions import importing as regions_importing

# Headings each reader accepts, so that only the length can refuse the file.
HEADINGS = {
    "members": regions_importing.COLUMNS,
    "reference list": references.REQUIRED,
    "plan": plans_importing.REQUIRED,
}


def _far_row_xlsx(row=1_000_000, headings=HEADINGS["plan"]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headings))
    sheet.cell(row=row, column=1, value="far away")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refusal(read, upload):
    """The reasons `read` refuses `upload` with, and how long it took."""
    started = time.monotonic()
    try:
        read(upload)
    except spreadsheets.Refused as refused:
        return [e.reason for e in refused.errors], time.monotonic() - started
    except plans_importing.ImportRefused as refused:
        return [p.message for p in refused.problems], time.monotonic() - started
    return [], time.monotonic() - started


READERS = {
    "members": regions_importing.read_rows,
    "reference list": references.read_rows,
    "plan": plans_importing._rows,
}


@pytest.mark.parametrize("reader", READERS)
def test_a_sheet_of_empty_rows_is_refused_quickly(reader, db):
    data = _far_row_xlsx(headings=HEADINGS[reader])
    assert len(data) < 10_000
    reasons, took = _refusal(READERS[reader], SimpleUploadedFile("far.xlsx", data))
    assert any("empty ones included" in r for r in reasons), reasons
    assert took < 3


@pytest.mark.parametrize("reader", READERS)
def test_a_csv_of_empty_lines_is_refused(reader, db):
    data = ",".join(HEADINGS[reader]).encode() + b"\n" * 20_000 + b"far away,1\n"
    reasons, _took = _refusal(READERS[reader], SimpleUploadedFile("far.csv", data))
    assert any("empty ones included" in r for r in reasons), reasons


def test_a_spreadsheet_that_unpacks_too_large_is_refused_unread():
    out = io.BytesIO(_far_row_xlsx(row=3))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (spreadsheets.MAX_UNPACKED + 1))
    upload = SimpleUploadedFile("big.xlsx", out.getvalue())
    assert upload.size < 1024 * 1024
    with pytest.raises(spreadsheets.Refused) as refused:
        list(spreadsheets.records(upload, kind="xlsx", max_rows=10))
    assert "unpacks to more than 50 MB" in refused.value.errors[0].reason


def test_a_sheet_within_the_limits_is_read():
    upload = SimpleUploadedFile("near.xlsx", _far_row_xlsx(row=50))
    lines = [line for line, _cells in spreadsheets.records(upload, kind="xlsx", max_rows=10)]
    assert lines == [1, 50]

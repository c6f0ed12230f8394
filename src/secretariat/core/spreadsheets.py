"""Reading CSV and XLSX files into rows of text, for every import (Members, plans, references).

The readers only read: each import checks the headings and rows itself, and
refuses a whole file with `Refused` listing every `RowError`. Lines are counted
as a spreadsheet shows them: the heading row is line 1.
"""

import csv
import datetime
import io
import warnings
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One reason the file is refused. `line` is None for the file as a whole."""

    line: int | None
    column: str
    reason: str
    value: str = ""


class Refused(Exception):
    """The file cannot be read at all (kind, size, encoding, headings)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


# An XLSX file is a zip: what it unpacks to is bounded before anything is parsed.
MAX_UNPACKED = 50 * 1024 * 1024


def scan_limit(max_rows: int) -> int:
    """Lines read at most, empty ones included: a sheet can declare millions of empty rows
    in a few bytes (a row numbered 5,000,000), and reading them is the work to avoid."""
    return 2 * max_rows + 1000


def records(upload, *, kind: str, max_rows: int):
    """The file's (line, [cell, ...]) records, `kind` being "csv" or "xlsx" (from check_upload).

    An XLSX file is read up to `max_rows` + 2 non-empty records (the heading, the most
    rows allowed, and one to say there are more); each import checks its own limit. Past
    `scan_limit(max_rows)` lines, empty or not, the file is refused.
    """
    limit = scan_limit(max_rows)
    if kind == "xlsx":
        return _xlsx_records(upload, max_rows, limit)
    return _limited(_csv_records(upload.read()), limit)


def _too_long(limit):
    return Refused(
        [
            RowError(
                None,
                "",
                _("The file has more than %(n)s lines, empty ones included.") % {"n": limit},
            )
        ]
    )


def _limited(records, limit):
    for line, cells in records:
        if line > limit:
            raise _too_long(limit)
        yield line, cells


def _unpacked_size(upload) -> int:
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return 0  # openpyxl says it cannot be read
    finally:
        upload.seek(0)


def _cell(value) -> str:
    """A spreadsheet's cell as the text a CSV would hold: dates ISO, whole numbers bare."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_records(data: bytes):
    """`;` or `,`, whichever the heading row uses more."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(
            [RowError(None, "", _("The file is not UTF-8 text (byte %(n)s).") % {"n": exc.start})]
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for line, record in enumerate(reader, start=1):
            yield line, [cell.strip() for cell in record]
    except csv.Error as exc:
        raise Refused(
            [RowError(line + 1, "", _("This line cannot be read as CSV: %(e)s") % {"e": exc})]
        ) from None


def _xlsx_records(upload, max_rows, limit):
    import openpyxl

    if _unpacked_size(upload) > MAX_UNPACKED:
        raise Refused(
            [
                RowError(
                    None,
                    "",
                    _("The spreadsheet unpacks to more than %(n)s MB.")
                    % {"n": MAX_UNPACKED // (1024 * 1024)},
                )
            ]
        )
    try:
        with warnings.catch_warnings():
            # Spreadsheet programs write extensions openpyxl warns about; they do not matter.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
            try:
                records = []
                for line, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
                    if line > limit:
                        raise _too_long(limit)
                    cells = [_cell(v) for v in row]
                    if any(cells):
                        records.append((line, cells))
                        # The heading, the most rows allowed, and one to say there are more.
                        if len(records) > max_rows + 1:
                            break
            finally:
                book.close()
    except Refused:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        raise Refused([RowError(None, "", _("This spreadsheet cannot be read."))]) from None
    yield from records

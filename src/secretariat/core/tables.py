"""Every table the site offers as a spreadsheet, written one way: CSV or XLSX, safe to open.

A cell that starts with = + - @ (or a tab or carriage return, which spreadsheet programs
skip before reading a formula) would be run as a formula: it gets a leading apostrophe, as
spreadsheet programs write text that looks like one. Control characters are dropped (an XLSX
file cannot hold them). Figures stay numbers. CSV is UTF-8 with a byte order mark, so Excel
shows Thai and French names right. The download is private (never kept by shared caches)
and named from what it holds: `ap-participants-33rd-rcp.csv`.
"""

import csv
import datetime
import decimal
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .files import download
from .text import printable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_CELL_MAX = 32767  # characters a spreadsheet cell holds
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Table:
    name: str  # the sheet's name
    columns: list[str]
    rows: Iterable[list]
    widths: tuple[int, ...] = field(default=())  # of the XLSX columns, in characters


def cell(value):
    """A value as a spreadsheet cell: numbers as they are, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    text = printable(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME_FORBIDDEN.sub("-", printable(table.name)).strip("'")[:31] or "Sheet"
    sheet.append([cell(c) for c in table.columns])
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    for row in table.rows:
        values = [cell(v) for v in row]
        sheet.append([v[:XLSX_CELL_MAX] if isinstance(v, str) else v for v in values])
    for number, width in enumerate(table.widths, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS = {"csv": (as_csv, "text/csv; charset=utf-8"), "xlsx": (as_xlsx, XLSX)}


def _words(text: str) -> str:
    """Letters (marks too: Thai vowels are marks) and digits, lower case; the rest a dash."""
    kept = "".join(
        c if unicodedata.category(c)[0] in "LMN" else "-"
        for c in unicodedata.normalize("NFC", text.lower())
    )
    return re.sub("-+", "-", kept).strip("-")


def filename(*parts, fmt: str) -> str:
    """`ap-participants-33rd-rcp.csv`: the parts as words, joined by dashes."""
    words = [_words(str(p)) for p in parts if p not in (None, "")]
    return "-".join(w for w in words if w)[:120].strip("-") + f".{fmt}"


def table_download(table: Table, *, fmt: str, name: Iterable):
    """The table as a CSV or XLSX download; `name` gives the file name's parts."""
    write, content_type = FORMATS[fmt]
    response = download(write(table), filename=filename(*name, fmt=fmt), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Reference list rows in and out: CSV/XLSX import with a row-by-row report, and export.

The import follows the house pattern of `regions.importing` (and reuses its file readers):
every row is checked first, each problem reported with its line and column, and a file with
any bad row changes nothing. Lines are counted as a spreadsheet shows them (heading = 1).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from secretariat.core import spreadsheets
from secretariat.core.files import check_upload
from secretariat.core.spreadsheets import Refused, RowError
from secretariat.core.tables import Table

from . import services
from .models import HS_CODE

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ["category", "hs_code", "description", "notes"]
REQUIRED = ["category", "hs_code", "description"]
LIMITS = {"category": 200}


def read_rows(upload) -> list[tuple[int, dict]]:
    """The file's data rows as (line, {column: text}); raise `Refused` if it cannot be read."""
    try:
        kind = check_upload(upload, kinds={"csv", "xlsx"}, max_bytes=MAX_BYTES)
    except ValidationError as exc:
        raise Refused([RowError(None, "", m) for m in exc.messages]) from None
    upload.seek(0)
    records = iter(spreadsheets.records(upload, kind=kind, max_rows=MAX_ROWS))
    header = next(((line, cells) for line, cells in records if any(cells)), None)
    if header is None:
        raise Refused([RowError(None, "", _("The file has no heading row."))])
    header_line, names = header
    columns = [name.strip().lower() for name in names]
    errors = [
        RowError(header_line, raw, _("This column is not one the import knows."))
        for raw, name in zip(names, columns, strict=True)
        if name and name not in COLUMNS
    ]
    errors += [
        RowError(header_line, name, _("This column is required."))
        for name in REQUIRED
        if name not in columns
    ]
    if errors:
        raise Refused(errors)
    rows = []
    for line, cells in records:
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise Refused(
                [RowError(line, "", _("A file may hold at most %(n)s rows.") % {"n": MAX_ROWS})]
            )
        rows.append((line, {c: v for c, v in zip(columns, cells, strict=False) if c in COLUMNS}))
    if not rows:
        raise Refused([RowError(None, "", _("The file has no rows under its heading."))])
    return rows


def check_rows(rows) -> tuple[list[dict], list[RowError]]:
    """Every row's values, and every problem as (line, column, reason, value)."""
    clean, errors = [], []
    for line, row in rows:
        values = {c: row.get(c, "").strip() for c in COLUMNS}
        for column in REQUIRED:
            if not values[column]:
                errors.append(RowError(line, column, _("This value is required.")))
        for column, limit in LIMITS.items():
            if len(values[column]) > limit:
                errors.append(
                    RowError(
                        line,
                        column,
                        _("At most %(n)s characters.") % {"n": limit},
                        values[column][:40],
                    )
                )
        code = values["hs_code"]
        if code and not HS_CODE.match(code):
            errors.append(
                RowError(
                    line,
                    "hs_code",
                    _("An HS code has 4 or 6 digits, written as 3822 or 3822.00."),
                    code,
                )
            )
        clean.append(values)
    return clean, errors


def import_rows(*, reference_list, by, upload) -> tuple[int, list[RowError]]:
    """Replace the list's rows with the file's, or change nothing and say why, row by row."""
    try:
        rows = read_rows(upload)
    except Refused as refused:
        return 0, refused.errors
    clean, errors = check_rows(rows)
    if errors:
        return 0, errors
    services.reference_rows_replace(reference_list=reference_list, by=by, rows=clean)
    return len(clean), []


def table(rows, *, title) -> Table:
    return Table(title, COLUMNS, [[getattr(row, c) for c in COLUMNS] for row in rows])

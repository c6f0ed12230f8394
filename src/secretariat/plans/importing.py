"""Progress updates from a CSV or XLSX file: every row checked, then all saved or none.

Columns (a heading row, in any order): `code`, `period`, `value`, and optionally
`narrative`. Each row becomes the reporter's submitted update for that indicator and
period, exactly as the report form would make it.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from secretariat.core.files import check_upload

# The members import's readers: the same limits and messages for every spreadsheet.
from secretariat.regions.importing import Refused, _csv_records, _xlsx_records

from . import services
from .models import Indicator

REQUIRED = ("code", "period", "value")
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str


class ImportRefused(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _rows(upload):
    try:
        kind = check_upload(upload, kinds={"csv", "xlsx"}, max_bytes=MAX_BYTES)
    except ValidationError as error:
        raise ImportRefused([Problem(None, m) for m in error.messages]) from None
    upload.seek(0)
    try:
        records = list(_xlsx_records(upload) if kind == "xlsx" else _csv_records(upload.read()))
    except Refused as refused:
        raise ImportRefused([Problem(e.line, e.reason) for e in refused.errors]) from None
    records = [(line, cells) for line, cells in records if any(cells)]
    if not records:
        raise ImportRefused([Problem(None, _("The file has no heading row."))])
    (head_line, names), data = records[0], records[1:]
    names = [n.strip().lower() for n in names]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportRefused(
            [Problem(head_line, _("Missing column: %(c)s.") % {"c": c}) for c in missing]
        )
    if len(data) > MAX_ROWS:
        raise ImportRefused(
            [Problem(None, _("A file may hold at most %(n)s rows.") % {"n": MAX_ROWS})]
        )
    return [(line, dict(zip(names, cells, strict=False))) for line, cells in data]


def _check(plan, rows, may_report):
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(objective__focus_area__plan=plan).select_related(
            "objective__focus_area__plan"
        )
    }
    periods = {p.label: p for p in plan.periods.all()}
    problems, ready, seen = [], [], set()
    for line, row in rows:
        code, label = row.get("code", ""), row.get("period", "")
        indicator, period = indicators.get(code), periods.get(label)
        if indicator is None:
            problems.append(Problem(line, _("The plan has no indicator “%(c)s”.") % {"c": code}))
            continue
        if period is None:
            problems.append(Problem(line, _("The plan has no period “%(p)s”.") % {"p": label}))
            continue
        if not may_report(indicator):
            problems.append(Problem(line, _("You do not report on indicator %(c)s.") % {"c": code}))
            continue
        if (code, label) in seen:
            problems.append(Problem(line, _("This indicator and period appear twice.")))
            continue
        seen.add((code, label))
        try:
            value = Decimal(row.get("value", "").replace(",", "."))
            if not value.is_finite() or abs(value) >= Decimal("1e12"):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(line, _("The value is not a number.")))
            continue
        ready.append((line, indicator, period, value.quantize(Decimal("0.01")), row))
    return problems, ready


def progress_import(*, plan, by, upload, may_report) -> int:
    """Submit one update per row; raise ImportRefused with every problem, saving nothing."""
    problems, ready = _check(plan, _rows(upload), may_report)
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        for line, indicator, period, value, row in ready:
            try:
                # A savepoint per row, so that one refusal does not end the check of the rest.
                with transaction.atomic():
                    services.progress_report(
                        indicator=indicator,
                        period=period,
                        by=by,
                        value=value,
                        narrative=row.get("narrative", ""),
                        submit=True,
                    )
            except ValidationError as error:
                problems.extend(Problem(line, m) for m in error.messages)
        if problems:
            raise ImportRefused(problems)  # leaving the block undoes every row
    return len(ready)

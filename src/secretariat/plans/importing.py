"""Indicators and progress updates from a CSV or XLSX file: every row checked, all saved or none.

Progress columns (a heading row, in any order): `code`, `period`, `value`, and optionally
`narrative`. Each row becomes the reporter's submitted update for that indicator and
period, exactly as the report form would make it.

Indicator columns: `code` and `objective` (the objective's number), then for a new
indicator `title_en`, `unit`, `baseline` and `baseline_on`; optionally `title_fr`,
`direction` (up or down), `measured_by_en`, `measured_by_fr`, `weight`, and one
`target <period>` column per reporting period. A row whose code the plan already has
updates that indicator; an empty cell keeps what it holds.

From the pages, an import is an `ImportRun` handed to the task queue (`run_start`), so a
long file does not hold a request open and its page can show the rows checked so far
(docs/decisions/0010).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

# The members import's readers: the same limits and messages for every spreadsheet.
from secretariat.core import spreadsheets
from secretariat.core.files import check_upload
from secretariat.core.spreadsheets import Refused

from . import services
from .models import ImportRun, Indicator, Objective

REQUIRED = ("code", "period", "value")
INDICATOR_REQUIRED = ("code", "objective")
INDICATOR_NEW = ("title_en", "unit", "baseline", "baseline_on")
INDICATOR_TEXT = ("title_en", "title_fr", "unit", "measured_by_en", "measured_by_fr")
TARGET = "target "
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
PROGRESS_EVERY = 50  # rows between two reports of how far a check has got


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str


class ImportRefused(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _rows(upload, required=REQUIRED):
    try:
        kind = check_upload(upload, kinds={"csv", "xlsx"}, max_bytes=MAX_BYTES)
    except ValidationError as error:
        raise ImportRefused([Problem(None, m) for m in error.messages]) from None
    upload.seek(0)
    try:
        records = list(spreadsheets.records(upload, kind=kind, max_rows=MAX_ROWS))
    except Refused as refused:
        raise ImportRefused([Problem(e.line, e.reason) for e in refused.errors]) from None
    records = [(line, cells) for line, cells in records if any(cells)]
    if not records:
        raise ImportRefused([Problem(None, _("The file has no heading row."))])
    (head_line, names), data = records[0], records[1:]
    names = [n.strip().lower() for n in names]
    missing = [c for c in required if c not in names]
    if missing:
        raise ImportRefused(
            [Problem(head_line, _("Missing column: %(c)s.") % {"c": c}) for c in missing]
        )
    if len(data) > MAX_ROWS:
        raise ImportRefused(
            [Problem(None, _("A file may hold at most %(n)s rows.") % {"n": MAX_ROWS})]
        )
    return [(line, dict(zip(names, cells, strict=False))) for line, cells in data]


def _counted(rows, progress):
    """The rows, telling `progress(checked, total)` how far the check has got as it goes."""
    for n, row in enumerate(rows):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, len(rows))
        yield row
    if progress:
        progress(len(rows), len(rows))


def _check(plan, rows, may_report, progress=None):
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(objective__focus_area__plan=plan).select_related(
            "objective__focus_area__plan"
        )
    }
    periods = {p.label: p for p in plan.periods.all()}
    problems, ready, seen = [], [], set()
    for line, row in _counted(rows, progress):
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
        value = _number(row.get("value", ""))
        if value is None:
            problems.append(Problem(line, _("The value is not a number.")))
            continue
        ready.append((line, (indicator, period, value, row)))
    return problems, ready


def _number(text):
    """The cell as a two-decimal figure, or None if it is not one (a comma may mark decimals)."""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        return None
    return value.quantize(Decimal("0.01"))


def _save_all(ready, save_row) -> int:
    """Save every checked row in one transaction; raise ImportRefused, undoing all, if any fails."""
    problems = []
    with transaction.atomic():
        for line, item in ready:
            try:
                # A savepoint per row, so that one refusal does not end the check of the rest.
                with transaction.atomic():
                    save_row(*item)
            except ValidationError as error:
                problems.extend(Problem(line, m) for m in error.messages)
        if problems:
            raise ImportRefused(problems)  # leaving the block undoes every row
    return len(ready)


def progress_import(*, plan, by, upload, may_report, progress=None) -> int:
    """Submit one update per row; raise ImportRefused with every problem, saving nothing."""
    problems, ready = _check(plan, _rows(upload), may_report, progress)
    if problems:
        raise ImportRefused(problems)

    def save(indicator, period, value, row):
        services.progress_report(
            indicator=indicator,
            period=period,
            by=by,
            value=value,
            narrative=row.get("narrative", ""),
            submit=True,
        )

    return _save_all(ready, save)


def _indicator_fields(line, row, periods, *, is_new):
    """The row's fields and targets, or the problems that stop it."""
    problems, fields, targets = [], {}, {}
    for column in INDICATOR_NEW if is_new else ():
        if not row.get(column):
            problems.append(Problem(line, _("A new indicator needs a %(c)s.") % {"c": column}))
    for column in ("code", *INDICATOR_TEXT):
        limit = Indicator._meta.get_field(column).max_length
        if limit and len(row.get(column, "")) > limit:
            message = _("%(c)s is longer than %(n)s characters.") % {"c": column, "n": limit}
            problems.append(Problem(line, message))
        elif row.get(column) and column != "code":
            fields[column] = row[column]
    if row.get("baseline"):
        fields["baseline_value"] = _number(row["baseline"])
        if fields["baseline_value"] is None:
            problems.append(Problem(line, _("The baseline is not a number.")))
    if row.get("weight"):
        fields["weight"] = _number(row["weight"])
        if fields["weight"] is None or fields["weight"] < 0 or fields["weight"] >= 10000:
            problems.append(Problem(line, _("The weight is not a number from 0 to 9999.")))
    if row.get("baseline_on"):
        try:
            fields["baseline_on"] = datetime.date.fromisoformat(row["baseline_on"])
        except ValueError:
            problems.append(Problem(line, _("The baseline date is not a date like 2020-06-30.")))
    if row.get("direction"):
        fields["direction"] = row["direction"].lower()
        if fields["direction"] not in Indicator.Direction.values:
            problems.append(Problem(line, _("The direction is neither up nor down.")))
    for label, period in periods.items():
        text = row.get(TARGET + label.lower(), "")
        if text:
            targets[period] = _number(text)
            if targets[period] is None:
                problems.append(
                    Problem(line, _("The target for %(p)s is not a number.") % {"p": label})
                )
    return problems, fields, targets


def _check_indicators(plan, rows, progress=None):
    objectives = {
        o.number: o
        for o in Objective.objects.filter(focus_area__plan=plan).select_related(
            "focus_area__plan__region"
        )
    }
    indicators = {i.code: i for i in Indicator.objects.filter(objective__focus_area__plan=plan)}
    periods = {p.label: p for p in plan.periods.all()}
    problems, ready, seen = [], [], set()
    for line, row in _counted(rows, progress):
        code, number = row.get("code", ""), row.get("objective", "")
        if not code:
            problems.append(Problem(line, _("The code is empty.")))
            continue
        if code in seen:
            problems.append(Problem(line, _("The code %(c)s appears twice.") % {"c": code}))
            continue
        seen.add(code)
        objective = objectives.get(number)
        if objective is None:
            problems.append(Problem(line, _("The plan has no objective “%(o)s”.") % {"o": number}))
            continue
        indicator = indicators.get(code)
        row_problems, fields, targets = _indicator_fields(
            line, row, periods, is_new=indicator is None
        )
        if row_problems:
            problems.extend(row_problems)
            continue
        ready.append((line, (objective, indicator, code, fields, targets)))
    return problems, ready


def indicators_import(*, plan, by, upload, progress=None) -> int:
    """Create or update one indicator per row, by its code; raise ImportRefused, saving nothing."""
    problems, ready = _check_indicators(plan, _rows(upload, INDICATOR_REQUIRED), progress)
    if problems:
        raise ImportRefused(problems)

    def save(objective, indicator, code, fields, targets):
        if indicator is None:
            indicator = services.indicator_add(objective=objective, by=by, code=code, **fields)
        else:
            services.indicator_update(indicator=indicator, by=by, objective=objective, **fields)
        for period, value in targets.items():
            services.target_set(indicator=indicator, period=period, value=value, by=by)

    return _save_all(ready, save)


def run_start(*, plan, by, kind, upload, language) -> ImportRun:
    """Refuse a file of the wrong kind or size at once; keep the rest and queue its import."""
    try:
        check_upload(upload, kinds={"csv", "xlsx"}, max_bytes=MAX_BYTES)
    except ValidationError as error:
        raise ImportRefused([Problem(None, m) for m in error.messages]) from None
    upload.seek(0)
    run = ImportRun.objects.create(
        plan=plan,
        by=by,
        kind=kind,
        language=language,
        file_name=upload.name[-255:],
        content=upload.read(),
    )
    transaction.on_commit(lambda: import_run.enqueue(run.pk))
    return run


@task()
def import_run(run_id: int) -> str:
    """Import a queued file, writing how far it has got on its run for the status page."""
    run = ImportRun.objects.select_related("plan__region", "by").get(pk=run_id)
    if run.status != ImportRun.Status.WAITING:
        return run.status
    upload = SimpleUploadedFile(run.file_name, bytes(run.content))

    def progress(checked, total):
        # An update of its own, outside the import's transaction, so the page sees it now.
        status = ImportRun.Status.SAVING if checked == total else ImportRun.Status.CHECKING
        ImportRun.objects.filter(pk=run.pk).update(
            status=status, rows_checked=checked, rows_total=total
        )

    with translation.override(run.language):
        try:
            if run.kind == ImportRun.Kind.INDICATORS:
                run.saved = indicators_import(
                    plan=run.plan, by=run.by, upload=upload, progress=progress
                )
            else:
                run.saved = progress_import(
                    plan=run.plan,
                    by=run.by,
                    upload=upload,
                    may_report=lambda i: run.by.has_perm("plans.report_progress", i),
                    progress=progress,
                )
        except ImportRefused as refused:
            run.status = ImportRun.Status.REFUSED
            run.problems = [[p.line, str(p.message)] for p in refused.problems]
        except Exception:
            # Its page must not wait for ever; the task queue records the error itself.
            run.status = ImportRun.Status.REFUSED
            run.problems = [[None, _("The import stopped on an error; nothing was saved.")]]
            _finish(run)
            raise
        else:
            run.status = ImportRun.Status.DONE
    _finish(run)
    return run.status


def _finish(run):
    run.refresh_from_db(fields=["rows_checked", "rows_total"])
    run.content, run.finished_at = b"", timezone.now()
    run.save()

"""The register as CSV, XLSX and PDF: the same rows, the same columns, in the viewer's language."""

import csv
import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from secretariat.core.pdf import render_pdf


def columns():
    return [
        _("Reference"),
        _("Title"),
        _("Meeting"),
        _("Agenda item"),
        _("Date"),
        _("Method"),
        _("Outcome"),
        _("Result"),
    ]


def row(decision) -> list[str]:
    return [
        decision.reference,
        decision.title,
        decision.meeting.full_title if decision.meeting else _("in writing"),
        decision.agenda_item.title if decision.agenda_item else "",
        decision.decided_on.isoformat(),
        decision.get_method_display(),
        decision.get_outcome_display(),
        decision.result,
    ]


def _safe(value: str) -> str:
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def as_csv(decisions) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns())
    for decision in decisions:
        writer.writerow([_safe(v) for v in row(decision)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def as_xlsx(decisions) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Decisions")[:31]
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for decision in decisions:
        sheet.append([_safe(v) for v in row(decision)])
    for letter, width in zip("ABCDEFGH", (16, 60, 40, 40, 12, 18, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_pdf(decisions, *, region, request=None) -> bytes:
    return render_pdf(
        "decisions/register_print.html",
        {
            "decisions": decisions,
            "region": region,
            "columns": columns(),
            "date_format": date_format,
        },
        request=request,
    )

"""The register as CSV, XLSX and PDF: the same rows, the same columns, in the viewer's language."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from secretariat.core.pdf import render_pdf
from secretariat.core.tables import Table


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


def table(decisions) -> Table:
    return Table(
        _("Decisions"), columns(), [row(d) for d in decisions], (16, 60, 40, 40, 12, 18, 12, 40)
    )


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

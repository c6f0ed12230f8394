"""A report as PDF (through core.pdf) and as Word, with the same content as its page."""

import io

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from secretariat.core.pdf import render_pdf
from secretariat.core.text import printable
from secretariat.core.word import add_markdown


def as_pdf(report, *, request=None) -> bytes:
    return render_pdf("activity_reports/report_print.html", {"report": report}, request=request)


def presented_at(report) -> str:
    """The session, its date and the agenda item at which the report was presented."""
    item = report.agenda_item
    session = item.session
    when = f", {date_format(localtime(session.starts_at), 'j F Y')}" if session.starts_at else ""
    return f"{session.title}{when} · {item.title}"


def as_docx(report) -> bytes:
    from docx import Document

    document = Document()
    # Stored text may hold control characters, which a Word file cannot (core.text).
    title = printable(report.title)
    document.core_properties.title = title
    document.add_heading(title, level=0)
    period = f"{date_format(report.starts_on, 'j F Y')} – {date_format(report.ends_on, 'j F Y')}"
    document.add_paragraph(
        printable(f"{report.entity.name} · {period} · {report.get_status_display()}")
    )
    if report.agenda_item:
        colon = pgettext("punctuation before an explanation", ":")
        document.add_paragraph(printable(f"{_('Presented at')}{colon} {presented_at(report)}"))
    for section in report.sections.all():
        document.add_heading(printable(section.heading), level=1)
        if section.body.strip():
            add_markdown(document, section.body)
        else:
            document.add_paragraph("—")
    links = [*report.activities.all(), *report.indicators.all()]
    if links:
        document.add_heading(_("Linked to the Regional Strategic Plan"), level=1)
        for item in links:
            number = getattr(item, "code", None) or item.objective.number
            plan = item.objective.focus_area.plan.title
            line = printable(f"{number} · {item.title} ({plan})")
            document.add_paragraph(line, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

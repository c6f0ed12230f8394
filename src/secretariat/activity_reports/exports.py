"""A report as PDF (through core.pdf) and as Word, with the same content as its page."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from secretariat.core.pdf import render_pdf
from secretariat.core.word import add_markdown


def as_pdf(report, *, request=None) -> bytes:
    return render_pdf("activity_reports/report_print.html", {"report": report}, request=request)


def as_docx(report) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = report.title
    document.add_heading(report.title, level=0)
    document.add_paragraph(
        f"{report.entity.name} · {report.starts_on.isoformat()} – {report.ends_on.isoformat()}"
    )
    if report.agenda_item:
        document.add_paragraph(
            _("Presented at")
            + pgettext("punctuation before an explanation", ":")
            + " "
            + report.agenda_item.title
        )
    for section in report.sections.all():
        document.add_heading(section.heading, level=1)
        if section.body.strip():
            add_markdown(document, section.body)
        else:
            document.add_paragraph("—")
    links = [*report.activities.all(), *report.indicators.all()]
    if links:
        document.add_heading(_("Linked to the Regional Strategic Plan"), level=1)
        for item in links:
            document.add_paragraph(f"{item.objective.number} · {item.title}", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

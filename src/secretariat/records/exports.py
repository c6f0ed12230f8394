"""A summary record as Word (python-docx) and PDF (WeasyPrint), in the active language.

Both carry the meetings' reference (RHCAC21 / RCP30) at the top of every page and the page
number at the foot; paragraphs keep the numbers the record page shows.
"""

import io
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from secretariat.core.pdf import render_pdf
from secretariat.core.text import printable

from .models import SummaryRecord
from .selectors import record_for_export

PARAGRAPH_STYLE = "Record Paragraph"
BLUE = RGBColor(0x0B, 0x4F, 0x8A)


def status_line(record) -> str:
    """ "Draft", "Circulated for comments until ...", or "Adopted on ...", with the edition."""
    zone = zoneinfo.ZoneInfo(record.session.time_zone)
    if record.status == SummaryRecord.Status.ADOPTED:
        text = _("Adopted on %(day)s") % {
            "day": date_format(record.adopted_at.astimezone(zone), "j F Y")
        }
    elif record.status == SummaryRecord.Status.CIRCULATED:
        text = _("Draft circulated for comments until %(day)s") % {
            "day": date_format(record.comments_due.astimezone(zone), "j F Y")
        }
    else:
        text = _("Draft")
    if record.edition > 1:
        text += " · " + _("edition %(n)d") % {"n": record.edition}
    return text


def heading(section) -> str:
    return f"{section.heading} ({section.part})" if section.part else section.heading


# --- Word ---------------------------------------------------------------------------------


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) that Word fills in on every page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styles(document):
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    style = styles.add_style(PARAGRAPH_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = normal
    style.quick_style = True
    layout = style.paragraph_format
    layout.left_indent = Cm(1)
    layout.first_line_indent = Cm(-1)
    layout.tab_stops.add_tab_stop(Cm(1))
    layout.space_after = Pt(8)
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].font.color.rgb = BLUE


def _page_frame(document, record):
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2.2)
    header = section.header.paragraphs[0]
    header.text = printable(record.reference)
    header.runs[0].bold = True
    header.add_run("\t\t" + printable(str(record.session.region.name)))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _add(document, text, style_id):
    """A paragraph in the style `style_id`, set directly: python-docx would look the style
    up by name in the whole styles part for each paragraph, most of an export's time."""
    paragraph = document.add_paragraph()
    paragraph._p.style = style_id
    paragraph.add_run(printable(text))  # a Word file cannot hold control characters
    return paragraph


def record_docx(record) -> bytes:
    record = record_for_export(record)
    document = Document()
    _styles(document)
    _page_frame(document, record)
    document.core_properties.title = str(_("Summary record")) + " " + record.reference
    document.core_properties.language = get_language() or "en"
    ids = {
        name: document.styles[name].style_id
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", PARAGRAPH_STYLE)
    }
    _add(document, record.session.title, ids["Title"])
    _add(document, _("Summary record") + " · " + status_line(record), ids["Subtitle"])
    for section in record.section_list:
        _add(document, heading(section), ids[f"Heading {min(section.level, 2)}"])
        for paragraph in section.paragraphs.all():
            _add(document, f"{paragraph.number}.\t{paragraph.text}", ids[PARAGRAPH_STYLE])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def record_pdf(record, *, request=None) -> bytes:
    record = record_for_export(record)
    context = {"record": record, "status_line": status_line(record)}
    with timezone.override(zoneinfo.ZoneInfo(record.session.time_zone)):
        return render_pdf("records/record_pdf.html", context, request=request)


def filename(record, extension) -> str:
    references = "-".join(m.reference for m in record.session.meetings.all())
    return f"summary-record-{references}-e{record.edition}.{extension}"

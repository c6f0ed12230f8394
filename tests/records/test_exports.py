"""The record as Word and PDF: re-opened with python-docx and pypdf, their text checked."""

import io

import docx
import pypdf
from django.utils import translation

from secretariat.core.permissions import SYSTEM
from secretariat.records import exports, selectors, services
from secretariat.records.models import RecordParagraph


def _numbered(record):
    record = selectors.record_for_export(record)
    return [f"{p.number}. {p.text}" for s in record.section_list for p in s.paragraphs.all()]


def test_the_docx_has_styles_numbered_paragraphs_a_header_and_page_numbers(record):
    document = docx.Document(io.BytesIO(exports.record_docx(record)))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", record.session.title)
    assert styled[1][0] == "Subtitle" and styled[1][1].startswith("Summary record · Draft")
    headings = [text for style, text in styled if style.startswith("Heading")]
    assert headings == [
        "Attendance",
        "I. Opening remarks",
        "II. Address",
        "II.1 Free Zones",
        "II.2 E-Commerce",
        "III. Activity report of ROCB A/P (RCP30)",
        "IV. COVID-19 exchange",
    ]
    paragraphs = [text.replace("\t", " ") for style, text in styled if style == "Record Paragraph"]
    assert paragraphs == _numbered(record)
    assert paragraphs[3].startswith("4. Mr Heru Pambudi (")
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith("RHCAC21 / RCP30")
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    style = document.styles["Record Paragraph"]
    assert style.paragraph_format.first_line_indent < 0  # a hanging number


def test_the_pdf_holds_the_numbered_paragraphs_and_the_reference_on_each_page(record):
    services.paragraph_add(
        section=record.sections.get(position=2), by=SYSTEM, text_en="Long paragraph. " * 400
    )
    reader = pypdf.PdfReader(io.BytesIO(exports.record_pdf(record)))
    assert len(reader.pages) > 1
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    for paragraph in _numbered(record)[:5]:
        assert " ".join(paragraph.split())[:60] in text
    assert all("RHCAC21 / RCP30" in page for page in pages)
    assert all(f"{n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_a_french_export_has_french_headings(record):
    with translation.override("fr"):
        document = docx.Document(io.BytesIO(exports.record_docx(record)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "I. Allocution d'ouverture" in headings


THAI = "ที่ประชุมรับทราบรายงาน"
CHINESE = "会议注意到该报告"


def test_thai_and_chinese_render_with_noto_fonts(record):
    paragraph = RecordParagraph.objects.filter(section__record=record).first()
    services.paragraph_update(
        paragraph=paragraph,
        by=SYSTEM,
        expected_version=paragraph.version,
        text_en=f"Thailand: {THAI}. China: {CHINESE}.",
    )
    reader = pypdf.PdfReader(io.BytesIO(exports.record_pdf(record)))
    text = reader.pages[0].extract_text()
    assert THAI in text.replace(" ", "")
    assert CHINESE in text.replace(" ", "")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).replace("-", ""))
    assert any("NotoSansThai" in f for f in fonts), fonts
    assert any("NotoSansCJK" in f for f in fonts), fonts

"""Markdown that users write, as Word paragraphs and runs instead of its marks.

The text goes through `core.markdown.render` first, so Word receives exactly what the
page shows: the same sanitised elements, mapped to Word's built-in styles.
"""

from lxml import html as lxml_html

from .markdown import render
from .text import printable

_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4}
_LISTS = {"ul": "List Bullet", "ol": "List Number"}
_BLOCKS = {"p", "blockquote", "pre", "table", "hr", *_HEADINGS, *_LISTS}


def add_markdown(document, text: str) -> None:
    """Append `text` (Markdown) to `document` (python-docx) as styled paragraphs."""
    rendered = str(render(printable(text))).strip()  # Word cannot hold control characters
    if not rendered:
        return
    for element in lxml_html.fragments_fromstring(rendered):
        if isinstance(element, str):  # text outside any element
            if element.strip():
                document.add_paragraph(element.strip())
            continue
        _block(document, element, depth=0)


def _block(document, element, *, depth, style=None):
    tag = element.tag
    if tag in _HEADINGS:
        _inline(document.add_heading(level=_HEADINGS[tag]), element)
    elif tag in _LISTS:
        for item in element.iterchildren("li"):
            _list_item(document, item, style=_LISTS[tag], depth=depth)
    elif tag == "blockquote":
        for child in element:
            _block(document, child, depth=depth, style="Quote")
        if not len(element) and (element.text or "").strip():
            document.add_paragraph(element.text.strip(), style="Quote")
    elif tag == "pre":
        paragraph = document.add_paragraph(style=style)
        paragraph.add_run(element.text_content().rstrip("\n")).font.name = "Courier New"
    elif tag == "table":
        _table(document, element)
    elif tag == "hr":
        document.add_paragraph("—")
    else:
        _inline(document.add_paragraph(style=style), element)


def _list_item(document, item, *, style, depth):
    """A list item's own text as one paragraph; a list inside it one level deeper."""
    level_style = style if depth == 0 else f"{style} {min(depth + 1, 3)}"
    paragraph = document.add_paragraph(style=level_style)
    nested = []
    if item.text:
        paragraph.add_run(item.text)
    for child in item:
        if child.tag in _BLOCKS and child.tag != "p":
            nested.append(child)
        elif child.tag == "p":  # a loose list: its paragraphs are the item's text
            _inline(paragraph, child)
        else:
            _run(paragraph, child, bold=False, italic=False, code=False)
        if child.tail and child.tag not in _BLOCKS:
            paragraph.add_run(child.tail)
    for child in nested:
        _block(document, child, depth=depth + 1)


def _table(document, element):
    rows = element.xpath(".//tr")
    width = max((len(row.xpath("./th|./td")) for row in rows), default=0)
    if not width:
        return
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, source in zip(cells, row.xpath("./th|./td"), strict=False):
            paragraph = cell.paragraphs[0]
            _inline(paragraph, source, bold=source.tag == "th")


def _inline(paragraph, element, *, bold=False, italic=False, code=False):
    if element.text:
        _styled(paragraph.add_run(element.text), bold, italic, code)
    for child in element:
        _run(paragraph, child, bold=bold, italic=italic, code=code)
        if child.tail:
            _styled(paragraph.add_run(child.tail), bold, italic, code)


def _run(paragraph, element, *, bold, italic, code):
    tag = element.tag
    if tag == "br":
        paragraph.add_run().add_break()
        return
    bold = bold or tag in ("strong", "b")
    italic = italic or tag in ("em", "i")
    code = code or tag == "code"
    _inline(paragraph, element, bold=bold, italic=italic, code=code)
    href = element.get("href") if tag == "a" else None
    if href and href != element.text_content():
        _styled(paragraph.add_run(f" ({href})"), bold, italic, code)


def _styled(run, bold, italic, code):
    run.bold = bold or None
    run.italic = italic or None
    if code:
        run.font.name = "Courier New"

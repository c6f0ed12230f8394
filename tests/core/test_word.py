"""Markdown in Word: styles and runs in place of its marks, nothing unsafe carried over."""

import io

import docx

from secretariat.core.word import add_markdown


def _written(text):
    document = docx.Document()
    add_markdown(document, text)
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def test_nested_lists_quotes_code_and_links():
    document = _written(
        "- one\n    - one point one\n- two `code`\n\n> quoted **bold**\n\n"
        "[the register](https://example.org/d)"
    )
    rows = [(p.text, p.style.name) for p in document.paragraphs]
    assert rows == [
        ("one", "List Bullet"),
        ("one point one", "List Bullet 2"),
        ("two code", "List Bullet"),
        ("quoted bold", "Quote"),
        ("the register (https://example.org/d)", "Normal"),
    ]
    code = document.paragraphs[2].runs[-1]
    assert code.text == "code" and code.font.name == "Courier New"
    assert document.paragraphs[3].runs[-1].bold


def test_a_table_becomes_a_word_table():
    document = _written("| Member | Courses |\n| --- | --- |\n| Fiji | 3 |")
    table = document.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Member", "Courses"],
        ["Fiji", "3"],
    ]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_script_is_dropped_as_on_the_page():
    document = _written("Hello <script>alert(1)</script> world")
    assert "alert" not in " ".join(p.text for p in document.paragraphs)
    assert "Hello" in document.paragraphs[0].text


def test_empty_text_adds_nothing():
    assert _written("  ").paragraphs == []

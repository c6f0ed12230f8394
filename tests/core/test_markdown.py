import pytest

from secretariat.core.markdown import render


def test_ordinary_markdown_is_kept():
    html = render("## Agenda\n\n- **Opening** by the [Chair](https://www.wcoomd.org/)\n")
    assert "<h2>Agenda</h2>" in html
    assert "<strong>Opening</strong>" in html
    assert 'href="https://www.wcoomd.org/"' in html
    assert 'rel="noopener nofollow"' in html


@pytest.mark.parametrize(
    "text",
    [
        "Hello <script>alert('x')</script> world",
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">click</p>',
        "[click me](javascript:alert(1))",
        '<a href="javascript:alert(1)">click me</a>',
        '<a href="JaVaScRiPt:alert(1)">click me</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
        "<style>body{display:none}</style>",
    ],
)
def test_script_is_stripped(text):
    html = render(text).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "<iframe",
        "<style",
        "<img",
    ):
        assert bad not in html


def test_nothing_renders_as_nothing():
    assert render("") == "" and render(None) == ""

"""Markdown that users write, rendered and sanitised so it cannot carry script."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


def render(text: str) -> SafeString:
    html = md.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener nofollow"
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just sanitised it

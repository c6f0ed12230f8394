"""A result's snippet: its text as a reader sees it, a few dozen words around the first match.

Made here rather than by the engines (FTS5 `snippet`, PostgreSQL `ts_headline`): both
engines then show the same snippet, no query runs for it, and Markdown marks (`**`, `#`,
links) are taken out first instead of showing raw.
"""

import re
import unicodedata

from secretariat.core.text import printable

from .backends import START, STOP

BEFORE, AFTER = 80, 200  # characters of text kept around the first match
PLAIN = 240  # characters shown when nothing matches

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LINE_MARK = re.compile(r"^[ \t]{0,3}(?:#{1,6}|>+|[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
_INLINE_MARK = re.compile(r"\*\*|__|~~|`+|(?<!\w)[*_]+|[*_]+(?!\w)")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_CODE_TERM = re.compile(r"\d{6}")


def _folding():
    """Accented Latin letters to their base letter, one character each (offsets are kept),
    as the FTS5 tokenizer folds them (remove_diacritics)."""
    table = {}
    for point in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(point))[0]
        if base != chr(point) and base.isascii():
            table[point] = base
    return table


_FOLD = _folding()


def plain(text: str) -> str:
    """`text` without Markdown marks, HTML tags or control characters (so it never holds the
    snippet's marks, START and STOP), on one line."""
    text = _LINK.sub(r"\1", printable(text))
    text = _LINE_MARK.sub("", text)
    text = _TAG.sub(" ", text)
    text = _INLINE_MARK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _pattern(terms):
    """Words starting with a term; a joined code term (382200) also as written (3822.00)."""
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        parts.append(re.escape(term))
        if _CODE_TERM.fullmatch(term):
            parts.append(rf"{term[:4]}\.{term[4:]}")
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(parts)})[^\W_]*")


def snippet(text: str, terms) -> str:
    """The snippet of `text` for `terms`, matches between START and STOP (not yet escaped)."""
    text = plain(text)
    folded = text.lower().translate(_FOLD)
    if not terms or len(folded) != len(text):
        return text[:PLAIN]
    pattern = _pattern(terms)
    first = pattern.search(folded)
    if first is None:
        return text[:PLAIN]
    start = max(0, first.start() - BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), first.start() + AFTER)
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > 0 else end
    out, at = ["…" if start else ""], start
    for found in pattern.finditer(folded, start, end):
        out += [text[at : found.start()], START, text[found.start() : found.end()], STOP]
        at = found.end()
    out += [text[at:end], "…" if end < len(text) else ""]
    return "".join(out)

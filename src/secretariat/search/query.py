"""The user's words, parsed by the app: only letters and digits ever reach the engine."""

import re
import unicodedata

MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# A code such as 3822.00 or 3002.15: found by its parts and as one code.
CODE = re.compile(r"\b(\d{4})\.(\d{2})\b")


def parse(text: str) -> list[str]:
    """The search terms in `text`: words lower-cased, codes joined, at most MAX_TERMS."""
    text = CODE.sub(r"\1\2", (text or "")[:1000])
    terms = []
    for word in _words(text.lower()):
        word = word[:MAX_TERM_LENGTH]
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _words(text):
    """Runs of letters, digits and marks (Thai and Devanagari vowels are marks); all else splits."""
    word = []
    for char in text:
        if unicodedata.category(char)[0] in "LNM":
            word.append(char)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def joined_codes(text: str) -> str:
    """What the index adds to `text`: each code 3822.00 also as 382200, so "3822.00" finds it."""
    return "".join(f" {a}{b}" for a, b in CODE.findall(text))


def facet_token(name: str, value: str) -> str:
    """A facet value as one word of the text index: letters and digits only, kept whole by
    both tokenizers. The migration that added facets writes the same in SQL."""
    return f"{name}x{value.encode().hex()}"

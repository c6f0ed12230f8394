"""Ordinals and item numbers as the secretariat writes them, in English and French."""

from django.utils.translation import get_language

ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def ordinal(n: int, language: str | None = None) -> str:
    """21 -> "21st" in English, "21e" in French ("1er" for the first)."""
    language = language or get_language() or "en"
    if language.startswith("fr"):
        return "1er" if n == 1 else f"{n}e"
    teens = 10 <= n % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

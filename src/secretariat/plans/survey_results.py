"""A survey's answers summed up per question: plain Python, no Django.

Answers arrive as the stored text; a question's kind says how to read and count them.
"""

from collections import Counter
from dataclasses import dataclass, field

YES_NO, SCALE, NUMBER, CHOICE, TEXT = "yes_no", "scale", "number", "choice", "text"


@dataclass
class Summary:
    kind: str
    answered: int
    counts: list = field(default_factory=list)  # (option, count) in the options' order
    mean: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    texts: list = field(default_factory=list)


def summarise(kind: str, answers: list[str], *, options: list[str] = (), scale_max: int = 5):
    """`answers` are the non-empty stored values of one question."""
    answers = [a for a in answers if a != ""]
    summary = Summary(kind=kind, answered=len(answers))
    if kind == YES_NO:
        counted = Counter(answers)
        summary.counts = [("yes", counted["yes"]), ("no", counted["no"])]
    elif kind == CHOICE:
        counted = Counter(answers)
        summary.counts = [(option, counted[option]) for option in options]
    elif kind == SCALE:
        counted = Counter(int(a) for a in answers)
        summary.counts = [(str(n), counted[n]) for n in range(1, scale_max + 1)]
        summary.mean = sum(int(a) for a in answers) / len(answers) if answers else None
    elif kind == NUMBER:
        numbers = [float(a) for a in answers]
        if numbers:
            summary.mean = sum(numbers) / len(numbers)
            summary.minimum, summary.maximum = min(numbers), max(numbers)
    else:
        summary.texts = answers
    return summary


def response_rate(responded: int, invited: int) -> float | None:
    return None if invited == 0 else responded / invited

"""Progress figures, traffic lights and roll-ups: plain arithmetic, no Django.

An indicator's progress is how far its latest approved value has gone from the
baseline towards the target of that value's period: 0 at the baseline, 1 at the
target, clamped to [0, 1] (overshooting a target does not hide a late sibling in a
roll-up). The direction only matters where target and baseline coincide: then
meeting the target means not falling below it (up) or not rising above it (down).

A level above (objective, focus area, plan) takes the weighted average of the
progress of those of its children that have one; children without figures are left
out, not counted as zero, and a level whose weights are all zero falls back to the
plain average. The status compares progress with the rule's margins.
"""

from dataclasses import dataclass
from enum import StrEnum

UP, DOWN = "up", "down"


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "none"


@dataclass(frozen=True)
class Rule:
    """On track within `on_track` of the target; at risk within `at_risk`; else off track."""

    on_track: float = 0.15
    at_risk: float = 0.30

    def __post_init__(self):
        if not 0 <= self.on_track <= self.at_risk <= 1:
            raise ValueError("margins must satisfy 0 <= on_track <= at_risk <= 1")

    def status(self, progress: float | None) -> Status:
        if progress is None:
            return Status.NO_DATA
        gap = 1 - progress
        # A float epsilon so that exactly "within 15%" counts as within.
        if gap <= self.on_track + 1e-9:
            return Status.GREEN
        if gap <= self.at_risk + 1e-9:
            return Status.AMBER
        return Status.RED


def progress(
    *, baseline: float, target: float, actual: float | None, direction: str
) -> float | None:
    """How far `actual` has gone from `baseline` towards `target`, in [0, 1]; None without data."""
    if actual is None:
        return None
    if target == baseline:
        met = actual >= target if direction == UP else actual <= target
        return 1.0 if met else 0.0
    share = (actual - baseline) / (target - baseline)
    return min(1.0, max(0.0, share))


def roll_up(children: list[tuple[float | None, float]]) -> float | None:
    """The weighted average of (progress, weight) pairs that have a progress; None if none do."""
    known = [(p, w) for p, w in children if p is not None]
    if not known:
        return None
    total = sum(w for _, w in known)
    if total <= 0:
        return sum(p for p, _ in known) / len(known)
    # Each weight's share first: tiny weights must not underflow the products to zero.
    return sum(p * (w / total) for p, w in known)


@dataclass(frozen=True)
class Observation:
    """A period's target and, where one is approved, its actual value; in period order."""

    target: float | None
    actual: float | None


def latest_progress(
    *, baseline: float, direction: str, observations: list[Observation]
) -> float | None:
    """Progress of the latest period with both an approved value and a target; None if none."""
    for obs in reversed(observations):
        if obs.actual is not None and obs.target is not None:
            return progress(
                baseline=baseline, target=obs.target, actual=obs.actual, direction=direction
            )
    return None

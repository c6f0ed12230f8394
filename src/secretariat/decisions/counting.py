"""Vote counting: pure functions, no Django, no database.

A vote gives each Member of the electorate one ballot: yes, no or abstain. The rules
(quorum, majority, its base, the tie rule) are data chosen when the vote opens. An
election fills seats in order of votes, ties settled by the order of nomination.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Majority(StrEnum):
    SIMPLE = "simple"  # more than half
    TWO_THIRDS = "two_thirds"  # at least two thirds


class Base(StrEnum):
    CAST = "cast"  # of the yes and no votes (abstentions are not votes cast)
    MEMBERS = "members"  # of every Member entitled to vote


class TieRule(StrEnum):
    FAILS = "fails"  # a tie is not a majority: the proposal is not adopted
    CHAIR = "chair"  # the chair's casting vote settles it


@dataclass(frozen=True)
class Rules:
    quorum: int = 0  # the fewest Members who must take part (abstaining counts)
    majority: Majority = Majority.SIMPLE
    base: Base = Base.CAST
    tie_rule: TieRule = TieRule.FAILS


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    electorate: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def cast(self) -> int:
        return self.yes + self.no


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Result:
    tally: Tally
    outcome: Outcome
    tie: bool = False
    casting_vote: Choice | None = None

    @property
    def adopted(self) -> bool:
        return self.outcome == Outcome.ADOPTED


class CountingError(ValueError):
    """The ballots or the rules cannot be counted as given."""


def tally(choices: Iterable[str], *, electorate: int) -> Tally:
    counts = Counter(Choice(c) for c in choices)
    result = Tally(counts[Choice.YES], counts[Choice.NO], counts[Choice.ABSTAIN], electorate)
    if result.total > electorate:
        raise CountingError("more ballots than Members entitled to vote")
    return result


def _base(t: Tally, rules: Rules) -> int:
    return t.cast if rules.base == Base.CAST else t.electorate


def _compare(t: Tally, rules: Rules) -> int:
    """+1 when yes reaches the majority, 0 on an exact tie, -1 otherwise (integers only)."""
    base = _base(t, rules)
    if rules.majority == Majority.TWO_THIRDS:
        # Two thirds is a threshold, not a split: there is no tie to settle.
        return 1 if t.yes > 0 and 3 * t.yes >= 2 * base else -1
    twice = 2 * t.yes
    return (twice > base) - (twice < base)


def decide(t: Tally, rules: Rules, *, casting_vote: str | None = None) -> Result:
    """The result of a vote under `rules`; `casting_vote` is the chair's, used only on a tie."""
    if t.total < rules.quorum:
        return Result(t, Outcome.NO_QUORUM)
    compared = _compare(t, rules)
    if compared != 0:
        return Result(t, Outcome.ADOPTED if compared > 0 else Outcome.REJECTED)
    if t.yes == 0:  # nobody voted yes: nothing to settle
        return Result(t, Outcome.REJECTED)
    if rules.tie_rule == TieRule.CHAIR:
        if casting_vote not in (Choice.YES, Choice.NO):
            raise CountingError("the tie rule needs the chair's casting vote (yes or no)")
        vote = Choice(casting_vote)
        outcome = Outcome.ADOPTED if vote == Choice.YES else Outcome.REJECTED
        return Result(t, outcome, tie=True, casting_vote=vote)
    return Result(t, Outcome.REJECTED, tie=True)


def silence(objections: int) -> Outcome:
    """A silence procedure: adopted unless at least one Member objects."""
    return Outcome.ADOPTED if objections == 0 else Outcome.REJECTED


@dataclass(frozen=True)
class Election:
    votes: dict  # candidate -> votes received
    elected: tuple  # in order of votes, then of nomination
    tied_at_the_last_seat: bool


def elect(ballots: Iterable[Sequence], *, candidates: Sequence, seats: int) -> Election:
    """Fill `seats` from `candidates` (in order of nomination) by the votes on `ballots`.

    Each ballot names at most `seats` different candidates. Seats go in order of votes;
    between equal votes, the candidate nominated first comes first (the stated tie rule).
    """
    if seats < 1:
        raise CountingError("an election fills at least one seat")
    known = set(candidates)
    if len(known) != len(candidates):
        raise CountingError("a candidate is named twice")
    votes = dict.fromkeys(candidates, 0)
    for ballot in ballots:
        if len(set(ballot)) != len(ballot) or len(ballot) > seats:
            raise CountingError("a ballot names a candidate twice or too many candidates")
        for name in ballot:
            if name not in known:
                raise CountingError("a ballot names someone who is not a candidate")
            votes[name] += 1
    order = {c: i for i, c in enumerate(candidates)}
    ranked = sorted(candidates, key=lambda c: (-votes[c], order[c]))
    elected = tuple(ranked[:seats])
    tied = len(ranked) > seats and votes[ranked[seats - 1]] == votes[ranked[seats]]
    return Election(votes, elected, tied)

"""Property tests of the pure counting module: no database, every generated case."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretariat.decisions.counting import (
    Base,
    Choice,
    CountingError,
    Majority,
    Outcome,
    Rules,
    TieRule,
    decide,
    elect,
    silence,
    tally,
)

choices = st.lists(st.sampled_from(list(Choice)), max_size=60)
rules = st.builds(
    Rules,
    quorum=st.integers(0, 70),
    majority=st.sampled_from(list(Majority)),
    base=st.sampled_from(list(Base)),
    tie_rule=st.sampled_from(list(TieRule)),
)


@st.composite
def vote(draw):
    ballots = draw(choices)
    electorate = len(ballots) + draw(st.integers(0, 20))
    return ballots, electorate


@settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # a shared, loaded machine must not fail a pure test
@given(vote())
def test_totals_always_equal_the_ballots(case):
    ballots, electorate = case
    t = tally(ballots, electorate=electorate)
    assert t.total == len(ballots)
    assert (t.yes, t.no, t.abstain) == tuple(ballots.count(c) for c in Choice)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vote(), rules, st.sampled_from([Choice.YES, Choice.NO]))
def test_quorum_and_majority_hold(case, rules, casting):
    ballots, electorate = case
    t = tally(ballots, electorate=electorate)
    result = decide(t, rules, casting_vote=casting)
    if t.total < rules.quorum:
        assert result.outcome == Outcome.NO_QUORUM
        return
    base = t.cast if rules.base == Base.CAST else electorate
    share = Fraction(t.yes, base) if base else Fraction(0)
    if rules.majority == Majority.TWO_THIRDS:
        assert result.adopted == (t.yes > 0 and share >= Fraction(2, 3))
        assert not result.tie
    elif share != Fraction(1, 2) or t.yes == 0:
        assert result.adopted == (share > Fraction(1, 2))
        assert not result.tie
    else:  # an exact half: the stated tie rule decides
        assert result.tie
        expected = rules.tie_rule == TieRule.CHAIR and casting == Choice.YES
        assert result.adopted == expected


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vote())
def test_abstentions_never_help_a_proposal_pass_of_votes_cast(case):
    ballots, electorate = case
    with_abstentions = tally(ballots, electorate=electorate)
    without = tally([c for c in ballots if c != Choice.ABSTAIN], electorate=electorate)
    rules = Rules(base=Base.CAST)
    assert decide(with_abstentions, rules).adopted == decide(without, rules).adopted


def test_a_tie_fails_under_the_default_rule():
    result = decide(tally(["yes", "no"], electorate=5), Rules())
    assert result.tie and result.outcome == Outcome.REJECTED


def test_the_chair_rule_needs_a_casting_vote():
    with pytest.raises(CountingError):
        decide(tally(["yes", "no"], electorate=5), Rules(tie_rule=TieRule.CHAIR))


def test_more_ballots_than_members_is_refused():
    with pytest.raises(CountingError):
        tally(["yes", "yes"], electorate=1)


def test_two_thirds_of_members_counts_absent_members():
    # 20 of 33 voted yes, 0 against: two thirds of votes cast, not of Members.
    t = tally(["yes"] * 20, electorate=33)
    assert decide(t, Rules(majority=Majority.TWO_THIRDS)).adopted
    assert not decide(t, Rules(majority=Majority.TWO_THIRDS, base=Base.MEMBERS)).adopted


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 40))
def test_silence_is_broken_by_a_single_objection(objections):
    assert (silence(objections) == Outcome.ADOPTED) == (objections == 0)


@st.composite
def election(draw):
    candidates = draw(
        st.lists(st.text("ABCDEFGHIJ", min_size=1, max_size=3), unique=True, min_size=1, max_size=8)
    )
    seats = draw(st.integers(1, 6))
    ballot = st.lists(st.sampled_from(candidates), unique=True, max_size=seats)
    return candidates, seats, draw(st.lists(ballot, max_size=40))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election())
def test_an_election_fills_exactly_the_seats_in_order_of_votes(case):
    candidates, seats, ballots = case
    result = elect(ballots, candidates=candidates, seats=seats)
    assert len(result.elected) == min(seats, len(candidates))
    assert sum(result.votes.values()) == sum(len(b) for b in ballots)
    losers = [c for c in candidates if c not in result.elected]
    for winner in result.elected:
        for loser in losers:
            assert result.votes[winner] >= result.votes[loser]
            if result.votes[winner] == result.votes[loser]:  # tie: nominated first wins
                assert candidates.index(winner) < candidates.index(loser)


def test_an_election_refuses_a_ballot_for_too_many_candidates():
    with pytest.raises(CountingError):
        elect([["A", "B"]], candidates=["A", "B"], seats=1)

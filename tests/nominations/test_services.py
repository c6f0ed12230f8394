"""Calls for nominations: eligibility as data, proposals by Members, the slate, the holdings."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from secretariat.decisions import services as decisions
from secretariat.nominations import services
from secretariat.nominations.models import Call, EligibilityRule, Nomination
from secretariat.regions.models import Holding

from ..factories import HoldingFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def post(region):
    post = PostFactory(region=region, name_en="Vice-Chair", seat_count=1, term_months=24)
    EligibilityRule.objects.create(post=post, kind=EligibilityRule.Kind.CURRENT_MEMBER)
    EligibilityRule.objects.create(
        post=post, kind=EligibilityRule.Kind.MAX_CONSECUTIVE_TERMS, number=2
    )
    return post


@pytest.fixture
def call(post, cast):
    return services.call_open(
        post=post,
        by=cast.sam,
        deadline=timezone.now() + datetime.timedelta(days=20),
        term_starts_on=D(2030, 7, 1),
        term_ends_on=D(2032, 6, 30),
        subject_to_confirmation=True,
    )


def propose(call, by, proposer, nominee, statement="Experienced and committed."):
    return services.nomination_propose(
        call=call, by=by, proposed_by=proposer, nominee=nominee, statement=statement
    )


def test_a_contact_point_proposes_for_its_own_member(call, cast, member, other_member):
    nomination = propose(call, cast.alice, member, other_member)
    assert nomination.status == Nomination.Status.ELIGIBLE
    with pytest.raises(PermissionDenied):
        propose(call, cast.alice, other_member, member)
    assert call.nominations.count() == 1


def test_a_former_member_is_refused_with_the_reason(call, cast, member, region):
    gone = MemberFactory(region=region, short_name_en="Gone", left_on=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="not a Member of the region when the term starts"):
        propose(call, cast.alice, member, gone)
    assert not Nomination.objects.exists()


def test_too_many_consecutive_terms_is_refused(call, post, cast, member, other_member):
    HoldingFactory(post=post, member=other_member, starts_on=D(2026, 7, 1), ends_on=D(2028, 6, 30))
    HoldingFactory(post=post, member=other_member, starts_on=D(2028, 7, 1), ends_on=D(2030, 6, 30))
    with pytest.raises(ValidationError, match="2 consecutive terms; the rule allows 2"):
        propose(call, cast.alice, member, other_member)
    # A gap breaks the run: one consecutive term only.
    Holding.objects.filter(starts_on=D(2028, 7, 1)).update(starts_on=D(2029, 1, 1))
    Holding.objects.filter(starts_on=D(2026, 7, 1)).update(ends_on=D(2027, 6, 30))
    assert propose(call, cast.alice, member, other_member).status == Nomination.Status.ELIGIBLE


def test_the_same_nominee_twice_is_refused(call, cast, member, other_member):
    propose(call, cast.alice, member, other_member)
    with pytest.raises(ValidationError, match="already nominated"):
        propose(call, cast.charlie, other_member, other_member)


def test_after_the_deadline_nominations_are_closed(call, cast, member):
    with pytest.raises(ValidationError, match="closed"):
        services.nomination_propose(
            call=call,
            by=cast.alice,
            proposed_by=member,
            nominee=member,
            statement="x",
            now=call.deadline + datetime.timedelta(seconds=1),
        )


def test_endorsed_slate_starts_the_holding_subject_to_confirmation(
    call,
    cast,
    member,
    meeting,
    item,
):
    propose(call, cast.alice, member, member)
    services.call_table_slate(
        call=call, by=cast.sam, series=meeting.series, meeting=meeting, agenda_item=item
    )
    call.refresh_from_db()
    assert call.status == Call.Status.SLATE
    assert "**Indonesia**, proposed by Indonesia" in call.proposal.text_en
    assert "proposée par" in call.proposal.text_fr
    with pytest.raises(ValidationError, match="not been decided"):
        services.call_appoint(call=call, by=cast.sam)
    decision = decisions.proposal_decide(proposal=call.proposal, by=cast.sam, outcome="endorsed")
    [nomination] = services.call_appoint(call=call, by=cast.sam)
    holding = nomination.holding
    assert holding.member == member and holding.starts_on == D(2030, 7, 1)
    assert holding.confirmed is False and holding.get_status_display() == "subject to confirmation"
    assert holding.note == f"Decision {decision.reference}"


def test_more_nominees_than_seats_needs_an_election(
    call, cast, member, other_member, meeting, item
):
    propose(call, cast.alice, member, member)
    propose(call, cast.charlie, other_member, other_member)
    services.call_table_slate(
        call=call, by=cast.sam, series=meeting.series, meeting=meeting, agenda_item=item
    )
    call.refresh_from_db()
    decisions.proposal_decide(proposal=call.proposal, by=cast.sam, outcome="endorsed")
    with pytest.raises(ValidationError, match="2 nominees for 1 seats"):
        services.call_appoint(call=call, by=cast.sam)
    assert not Holding.objects.exists()


def test_only_the_secretariat_opens_a_call(post, cast):
    with pytest.raises(PermissionDenied):
        services.call_open(
            post=post, by=cast.alice, deadline=timezone.now(), term_starts_on=D(2030, 7, 1)
        )
    assert not Call.objects.exists()

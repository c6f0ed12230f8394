"""Call pages: who sees and proposes, the secretariat's steps, and refusals that change nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from secretariat.core.visibility import Visibility
from secretariat.nominations import services
from secretariat.nominations.models import Call, EligibilityRule, Nomination
from secretariat.regions.models import Holding

from ..factories import MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(region, cast):
    post = PostFactory(region=region, name_en="Policy Commission seat", seat_count=5)
    EligibilityRule.objects.create(post=post, kind=EligibilityRule.Kind.CURRENT_MEMBER)
    return services.call_open(
        post=post,
        by=cast.sam,
        deadline=timezone.now() + datetime.timedelta(days=5),
        term_starts_on=datetime.date(2030, 7, 1),
    )


def url(name, call):
    return reverse(f"nominations:{name}", args=[call.region.slug, call.pk])


@pytest.mark.parametrize("who", [None, "alice", "dana", "sam"])
def test_calls_of_public_posts_are_public(client, cast, call, who):
    if who:
        client.force_login(getattr(cast, who))
    assert (
        "Policy Commission seat"
        in client.get(reverse("nominations:call-list", args=[call.region.slug])).text
    )
    assert client.get(url("call-detail", call)).status_code == 200


@pytest.mark.parametrize(("who", "status"), [(None, 404), ("dana", 404), ("charlie", 200)])
def test_calls_of_members_only_posts(client, cast, call, who, status):
    call.post.visibility = Visibility.MEMBERS
    call.post.save()
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(url("call-detail", call)).status_code == status


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("alice", 403), ("sam", 200)])
def test_only_the_secretariat_opens_a_call(client, cast, region, who, status):
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(reverse("nominations:call-add", args=[region.slug])).status_code == status


def test_a_contact_point_nominates_with_a_statement(client, cast, call, member, other_member):
    client.force_login(cast.alice)
    response = client.post(
        url("nomination-add", call),
        {"proposed_by": member.pk, "nominee": other_member.pk, "statement": "A strong record."},
    )
    assert response.status_code == 302
    page = client.get(url("call-detail", call))
    assert "A strong record." in page.text and "Australia" in page.text


def test_for_another_member_the_choice_is_refused(client, cast, call, other_member):
    client.force_login(cast.alice)
    response = client.post(
        url("nomination-add", call),
        {"proposed_by": other_member.pk, "nominee": other_member.pk, "statement": "x"},
    )
    assert response.status_code == 400 and "Select a valid choice" in response.text
    assert not Nomination.objects.exists()


def test_an_ineligible_nominee_is_refused_with_the_reason(client, cast, call, region, member):
    gone = MemberFactory(region=region, short_name_en="Gone", left_on=datetime.date(2025, 1, 1))
    client.force_login(cast.alice)
    response = client.post(
        url("nomination-add", call),
        {"proposed_by": member.pk, "nominee": gone.pk, "statement": "x"},
    )
    assert response.status_code == 400
    assert "Gone is not a Member of the region when the term starts." in response.text
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("who", [None, "alice"])
def test_others_cannot_table_or_appoint(client, cast, call, item, who):
    if who:
        client.force_login(getattr(cast, who))
    assert client.post(url("call-slate", call), {"agenda_item": item.pk}).status_code in (302, 403)
    assert client.post(url("call-appoint", call)).status_code in (302, 403)
    call.refresh_from_db()
    assert call.status == Call.Status.OPEN


def test_secretariat_tables_the_slate_and_appoints_after_the_endorsement(
    client,
    cast,
    call,
    member,
    item,
):
    services.nomination_propose(
        call=call, by=cast.alice, proposed_by=member, nominee=member, statement="Ready."
    )
    client.force_login(cast.sam)
    assert client.post(url("call-slate", call), {"agenda_item": item.pk}).status_code == 302
    call.refresh_from_db()
    client.post(
        reverse("decisions:proposal-decide", args=[call.region.slug, call.proposal.pk]),
        {"outcome": "endorsed"},
    )
    assert client.post(url("call-appoint", call)).status_code == 302
    holding = Holding.objects.get()
    assert holding.member == member and holding.note == "Decision RHCAC21/D1"
    post_page = client.get(call.post.get_absolute_url())
    assert "Indonesia" in post_page.text

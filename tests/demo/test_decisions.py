"""The demo's decisions: the joint session's, a silence procedure under way, an open call."""

import pytest
from django.urls import reverse

from secretariat.decisions.models import Action, Decision, Proposal, Vote
from secretariat.demo import asia_pacific
from secretariat.nominations.models import Call


@pytest.fixture
def demo(db):
    return asia_pacific.load()


def test_the_joint_session_endorsed_the_nominations(demo):
    decision = Decision.objects.get(reference="RHCAC21/D1")
    assert decision.outcome == Decision.Outcome.ENDORSED
    assert decision.method == Decision.Method.CONSENSUS
    assert decision.decided_on.isoformat() == "2020-11-12"
    assert "proposals by several Members" in decision.text_en
    assert decision.visibility == "public"
    noted = Decision.objects.filter(reference__startswith="RCP30/").order_by("number")
    # The three reports noted, then the 2020–2022 plan endorsed (its endorsing decision).
    assert [d.outcome for d in noted] == ["noted"] * 3 + ["endorsed"]


def test_a_silence_procedure_and_a_call_are_under_way(demo):
    vote = Vote.objects.get(mode=Vote.Mode.SILENCE)
    # Every Member today: the 33 of 2020, Solomon Islands (2023) and Palau (2024).
    assert vote.is_open and vote.electorate.count() == 35
    call = Call.objects.get(post__slug="policy-commission")
    assert call.status == Call.Status.OPEN and call.nominations.count() == 3


def test_loading_again_adds_nothing(demo):
    counts = [m.objects.count() for m in (Proposal, Decision, Vote, Call, Action)]
    asia_pacific.load()
    assert [m.objects.count() for m in (Proposal, Decision, Vote, Call, Action)] == counts


def test_the_public_sees_the_register(demo, client):
    page = client.get(reverse("decisions:register", args=[demo.slug]))
    assert "RHCAC21/D1" in page.text and "RCP30/D3" in page.text


def test_a_closed_vote_shows_its_result(demo, client):
    decision = Decision.objects.get(title_en__startswith="Regional priorities for 2021")
    assert (decision.method, decision.outcome) == ("vote", "adopted")
    assert decision.result == "2 yes, 0 no, 1 abstention, of 3 Members entitled"
    page = client.get(decision.proposal.get_absolute_url()).text
    assert "2 yes, 0 no, 1 abstention" in page and "Japan: abstain" in page


def test_the_priorities_have_follow_up_actions_one_in_progress(demo, client):
    actions = {a.text_en: (a.status, a.owner) for a in Action.objects.all()}
    assert actions == {
        "Circulate the adopted priorities to the Members": ("done", "the secretariat"),
        "Propose a capacity-building programme on e-commerce": (
            "in_progress",
            "Regional Office for Capacity Building Asia/Pacific",
        ),
    }
    page = client.get(reverse("decisions:matters-arising", args=[demo.slug])).text
    assert "Propose a capacity-building programme" in page and "in progress" in page
    assert "Circulate the adopted priorities" not in page  # done

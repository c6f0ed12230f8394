"""The decisions API: the register, a proposal with its vote (own ballots only), nominations."""

import datetime

import pytest
from django.utils import timezone

from secretariat.accounts.models import AccessToken
from secretariat.core.visibility import Visibility
from secretariat.decisions import services
from secretariat.decisions.models import Vote
from secretariat.nominations import services as nominations

from ..factories import PostFactory

pytestmark = pytest.mark.django_db

API = "/api/regions/ap"


@pytest.fixture
def call(client):
    """Call the API as somebody: None (anonymous), a user (session), or ("token", user)."""

    def get(url, as_=None, **params):
        headers = {}
        if isinstance(as_, tuple):
            _token, secret = AccessToken.issue(user=as_[1], name="script")
            headers["Authorization"] = f"Bearer {secret}"
        elif as_ is not None:
            client.force_login(as_)
        return client.get(url, params, headers=headers)

    return get


@pytest.fixture
def decided(make_proposal, cast):
    def decide(title, visibility=Visibility.PUBLIC):
        proposal = make_proposal(title=title, by=cast.sam, visibility=visibility)
        services.proposal_table(proposal=proposal, by=cast.sam)
        return services.proposal_decide(proposal=proposal, by=cast.sam, outcome="endorsed")

    return decide


@pytest.mark.parametrize(
    ("who", "sees"), [(None, False), ("dana", False), ("charlie", True), ("token", True)]
)
def test_register_follows_visibility(call, cast, decided, who, sees):
    decided("Open matter")
    closed = decided("Closed matter", visibility=Visibility.MEMBERS)
    as_ = ("token", cast.alice) if who == "token" else (getattr(cast, who) if who else None)
    body = call(f"{API}/decisions", as_).json()
    assert body[0]["reference"] == "RHCAC21/D1"
    assert ("Closed matter" in str(body)) is sees
    response = call(f"{API}/decisions/{closed.pk}", as_)
    assert response.status_code == (200 if sees else 404)


def test_register_filters_and_refuses_bad_ones(call, decided):
    decided("Open matter")
    assert len(call(f"{API}/decisions", outcome="endorsed").json()) == 1
    assert call(f"{API}/decisions", outcome="noted").json() == []
    assert call(f"{API}/decisions", year="soon").status_code == 422


def test_a_caller_sees_its_own_ballots_only_and_no_secret_choice(
    call,
    cast,
    tabled,
    present,
    member,
    other_member,
):
    vote = services.vote_open(
        proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, ballot=Vote.Ballot.SECRET
    )
    services.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
    services.vote_cast(vote=vote, member=other_member, choice="no", by=cast.charlie)
    for who in (cast.alice, cast.sam, cast.charlie):
        body = call(f"{API}/proposals/{tabled.pk}", who).json()
        assert body["vote"]["yes"] is None  # not before the close
        assert all(b["choice"] is None for b in body["vote"]["my_ballots"])
    assert [
        b["member"]
        for b in call(f"{API}/proposals/{tabled.pk}", cast.alice).json()["vote"]["my_ballots"]
    ] == ["Indonesia"]
    assert call(f"{API}/proposals/{tabled.pk}", cast.sam).json()["vote"]["my_ballots"] == []
    services.vote_close(vote=vote, by=cast.sam)
    body = call(f"{API}/proposals/{tabled.pk}").json()
    assert (body["vote"]["yes"], body["vote"]["no"]) == (1, 1)
    assert body["decision"] == "RHCAC21/D1"


def test_drafts_are_not_public(call, cast, make_proposal):
    draft = make_proposal()
    assert call(f"{API}/proposals/{draft.pk}").status_code == 404
    assert call(f"{API}/proposals/{draft.pk}", cast.alice).status_code == 200


def test_nominations_reasons_for_the_secretariat_only(call, cast, region, member):
    post = PostFactory(region=region, slug="policy-commission", seat_count=5)
    c = nominations.call_open(
        post=post,
        by=cast.sam,
        deadline=timezone.now() + datetime.timedelta(days=3),
        term_starts_on=datetime.date(2030, 7, 1),
    )
    nominations.nomination_propose(
        call=c, by=cast.alice, proposed_by=member, nominee=member, statement="Ready."
    )
    public = call(f"{API}/nominations").json()
    assert public[0]["post"] == "policy-commission"
    assert public[0]["nominations"][0]["reasons"] is None
    assert call(f"{API}/nominations", cast.sam).json()[0]["nominations"][0]["reasons"] == []

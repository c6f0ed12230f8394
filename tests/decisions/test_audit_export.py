"""The secretariat's audit page and export show that Members voted in secret, never how."""

import pytest

from secretariat.decisions import services
from secretariat.decisions.models import Vote


@pytest.mark.django_db
def test_a_secret_ballot_shows_who_voted_and_never_the_choice(
    client, tabled, present, cast, member, other_member
):
    vote = services.vote_open(
        proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, ballot=Vote.Ballot.SECRET
    )
    services.vote_cast(vote=vote, member=member, choice="abstain", by=cast.alice)
    services.vote_cast(vote=vote, member=other_member, choice="abstain", by=cast.charlie)
    client.force_login(cast.sam)
    page = client.get("/ap/manage/audit/", {"action": "vote cast"})
    export = client.get("/ap/manage/audit/export.csv", {"action": "vote cast"}).content.decode(
        "utf-8-sig"
    )
    assert [e.actor for e in page.context["page"]] == [cast.charlie, cast.alice]
    assert export.count("vote cast") == 2
    for text in (page.text, export):
        assert "abstain" not in text.lower()

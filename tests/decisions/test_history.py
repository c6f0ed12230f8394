"""Issue 16, item 7, for proposals: readers see the history from its tabling on, without
the draft's text; its tablers and the secretariat see it all, only the secretariat with
who made each change."""

from secretariat.decisions import services
from secretariat.decisions.models import Proposal


def history(client, url) -> str:
    """The page's history section only (the header names the signed-in person)."""
    return client.get(url).content.decode().split('class="history"', 1)[1]


def test_a_proposals_history_hides_its_draft_from_readers(client, cast, make_proposal):
    draft = make_proposal(text_en="INTERNAL-ONLY: not yet agreed")
    services.proposal_update(
        proposal=draft,
        by=cast.alice,
        expected_version=draft.version,
        shared_with=[],
        text_en="The region nominates its representatives.",
    )
    tabled = services.proposal_table(proposal=Proposal.objects.get(pk=draft.pk), by=cast.alice)
    url = tabled.get_absolute_url()
    client.force_login(cast.charlie)  # a Member of the region, not a tabler
    page = history(client, url)
    assert "proposal tabled" in page
    assert "INTERNAL-ONLY" not in page and "alice@example.org" not in page
    assert "Status: draft → tabled" in page
    client.force_login(cast.alice)  # a tabler: the draft too, no addresses
    page = history(client, url)
    assert "INTERNAL-ONLY" in page and "alice@example.org" not in page
    client.force_login(cast.sam)
    assert "alice@example.org" in history(client, url)

"""A decision shared with named Members: they see it everywhere; a Member not named, nowhere."""

import pytest
from django.urls import reverse

from secretariat.core.visibility import Visibility
from secretariat.decisions import services
from secretariat.regions.selectors import viewer_for
from secretariat.search.selectors import search

pytestmark = pytest.mark.django_db

TITLE = "Confidential nomination matter"


@pytest.fixture
def named(make_proposal, cast, member):
    """Shared with `member` (alice's and bob's); not with `other_member` (charlie's)."""
    proposal = make_proposal(
        title=TITLE, by=cast.sam, visibility=Visibility.NAMED, shared_with=[member]
    )
    services.proposal_table(proposal=proposal, by=cast.sam)
    decision = services.proposal_decide(proposal=proposal, by=cast.sam, outcome="endorsed")
    services.action_add(
        decision=decision, by=cast.sam, text_en="Named follow-up", due_on="2030-01-01"
    )
    return decision


WHO_SEES = [
    ("alice", True),
    ("bob", True),
    ("sam", True),
    ("charlie", False),
    ("dana", False),
    (None, False),
]


@pytest.mark.parametrize(("who", "sees"), WHO_SEES)
def test_pages_exports_api_and_search(client, cast, region, named, who, sees):
    user = getattr(cast, who) if who else None
    if user:
        client.force_login(user)
    slug = region.slug
    assert named.shared_with.get().short_name_en == "Indonesia"
    pages = {
        "register": client.get(reverse("decisions:register", args=[slug])).text,
        "matters arising": client.get(reverse("decisions:matters-arising", args=[slug])).text,
        "csv": client.get(reverse("decisions:register-export", args=[slug, "csv"])).text,
        "api list": client.get(f"/api/regions/{slug}/decisions").text,
        "api actions": client.get(f"/api/regions/{slug}/actions").text,
    }
    for name, text in pages.items():
        assert (TITLE in text or "Named follow-up" in text) is sees, name
    status = 200 if sees else 404
    assert client.get(named.get_absolute_url()).status_code == status
    assert client.get(named.proposal.get_absolute_url()).status_code == status
    assert client.get(f"/api/regions/{slug}/decisions/{named.pk}").status_code == status
    assert client.get(f"/api/regions/{slug}/proposals/{named.proposal_id}").status_code == status
    results = search(region=region, viewer=viewer_for(user), q="Confidential", selected={})
    assert ([e.title for e in results.page] == [f"RHCAC21/D1 {TITLE}"]) is sees


def test_the_meeting_page_lists_it_only_for_the_named(client, cast, named):
    session_url = named.meeting.session.get_absolute_url()
    client.force_login(cast.alice)
    assert TITLE in client.get(session_url).text
    client.force_login(cast.charlie)
    assert TITLE not in client.get(session_url).text


def test_the_decision_keeps_the_proposals_named_members(named, member):
    assert list(named.proposal.shared_with.all()) == [member]


def test_a_named_proposal_needs_a_member_of_the_region(make_proposal, cast, region):
    from django.core.exceptions import ValidationError

    from ..factories import MemberFactory

    with pytest.raises(ValidationError, match="Name at least one Member"):
        make_proposal(by=cast.sam, visibility=Visibility.NAMED, shared_with=[])
    far = MemberFactory(region=cast.dana.person.region)
    with pytest.raises(ValidationError, match="Only the region's Members"):
        make_proposal(by=cast.sam, visibility=Visibility.NAMED, shared_with=[far])


def test_the_form_offers_named_members(client, cast, region, item, member):
    client.force_login(cast.sam)
    url = reverse("decisions:proposal-add", args=[region.slug])
    assert "Named Members" in client.get(url).text
    response = client.post(
        url,
        {
            "agenda_item": item.pk,
            "title_en": TITLE,
            "text_en": "Text",
            "secretariat": "on",
            "visibility": "named",
            "shared_with": [member.pk],
        },
    )
    assert response.status_code == 302
    client.force_login(cast.charlie)
    assert TITLE not in client.get(reverse("decisions:proposal-list", args=[region.slug])).text

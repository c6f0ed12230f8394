"""The demo's COVID-19 practices and HS reference list, found by the search."""

import pytest
from django.urls import reverse

from secretariat.demo import asia_pacific
from secretariat.practices.models import Practice, ReferenceRow
from secretariat.regions.selectors import viewer_for
from secretariat.search.selectors import search


def _contact_point():
    from secretariat.accounts.models import User

    return User.objects.get(email="cp.australia@demo.example.org")


@pytest.fixture
def demo(db):
    return asia_pacific.load()


def test_practices_of_several_members_in_the_four_categories(demo):
    practices = Practice.objects.filter(region=demo, is_demo=True, submitted_at__isnull=False)
    assert practices.values("member").distinct().count() >= 5
    categories = {t.name_en for p in practices for t in p.themes.all()}
    assert "Protecting staff" in categories and len(categories) == 4
    assert {p.visibility for p in practices} == {"public", "members"}
    assert Practice.objects.filter(region=demo, submitted_at__isnull=True).count() == 1
    asia_pacific.load()  # twice: same data
    assert Practice.objects.filter(region=demo).count() == practices.count() + 1


def test_the_public_finds_public_practices_and_hs_codes_only(demo, client):
    results = search(region=demo, viewer=viewer_for(None), q="masks")
    # Both mask practices are Members-only: the public finds the HS row alone.
    assert [e.title for e in results.page] == ["6307.90 Face masks of textile materials"]
    member = search(region=demo, viewer=viewer_for(_contact_point()), q="masks")
    assert member.count == 3
    titles = [e.title for e in search(region=demo, viewer=viewer_for(None), q="3822").page]
    assert titles == ["3822.00 PCR reagents (diagnostic reagents)"]
    assert ReferenceRow.objects.filter(hs_code="3002.15").exists()
    page = client.get(reverse("search:search", args=[demo.slug]), {"q": "relief"})
    assert "Green lane for COVID-19 relief consignments" in page.text

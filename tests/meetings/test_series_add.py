"""The region's secretariat adds a meeting series on its own pages (issue 21)."""

import pytest

from secretariat.meetings.models import Series
from secretariat.regions.models import Role

from ..factories import MemberFactory, RegionFactory, user_with_role

pytestmark = pytest.mark.django_db
URL = "/ap/meetings/series/new/"
DATA = {
    "name_en": "Conference of Directors General of Customs",
    "name_fr": "Conférence des directeurs généraux des douanes",
    "reference": "CDG",
    "agenda_numbering": "roman",
    "order": 0,
}


def test_the_secretariat_adds_a_series_then_its_first_meeting(client, cast, region):
    client.force_login(cast.sam)
    assert "New series" in client.get("/ap/meetings/").content.decode()
    response = client.post(URL, DATA)
    assert response.status_code == 302
    assert response["Location"] == "/ap/meetings/new/"
    series = Series.objects.get(reference="CDG")
    assert series.region == region and series.name_fr.startswith("Conférence")
    assert series.name_en in client.get("/ap/meetings/new/").content.decode()


def test_a_duplicate_reference_is_refused_and_what_was_typed_kept(client, cast, region):
    client.force_login(cast.sam)
    client.post(URL, DATA)
    response = client.post(URL, DATA | {"name_en": "Typed again"})
    assert response.status_code == 400
    assert "Typed again" in response.content.decode()
    assert Series.objects.filter(reference="CDG").count() == 1


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "dana"])
def test_others_are_refused_and_nothing_changes(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.post(URL, DATA).status_code == 403
    assert not Series.objects.exists()


def test_another_regions_secretariat_is_refused(client, region):
    wca = RegionFactory(slug="wca")
    erin = user_with_role(Role.Kind.SECRETARIAT, region=wca, member=MemberFactory(region=wca))
    client.force_login(erin)
    assert client.post(URL, DATA).status_code == 403
    assert not Series.objects.exists()

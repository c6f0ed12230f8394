"""A post nobody holds says since when it is vacant (issue 21)."""

import datetime

import pytest

from secretariat.demo import asia_pacific
from secretariat.regions.models import Holding

from ..factories import HoldingFactory, PostFactory

D = datetime.date


@pytest.fixture
def ended_post(region):
    post = PostFactory(region=region, slug="vice-chair", name_en="Vice-Chair")
    HoldingFactory(post=post, starts_on=D(2022, 7, 1), ends_on=D(2024, 6, 30))
    HoldingFactory(post=post, starts_on=D(2024, 7, 1), ends_on=D(2026, 6, 30))
    return post


def test_a_post_whose_last_term_ended_says_vacant_since_the_next_day(client, ended_post):
    # Today /ap/posts/ showed an empty "Now held by" and the post's page only ended terms.
    listing = client.get("/ap/posts/").content.decode()
    assert "Vacant since 1 July 2026" in listing
    page = client.get("/ap/posts/vice-chair/").content.decode()
    assert "Vacant since 1 July 2026" in page


def test_a_held_post_is_not_vacant_and_a_never_held_one_says_vacant(client, region, member):
    held = PostFactory(region=region, slug="host", name_en="Host")
    HoldingFactory(post=held, member=member, starts_on=D(2020, 1, 1))
    PostFactory(region=region, slug="seat", name_en="Seat")
    assert held.vacant_since() is None
    assert "Vacant" not in client.get("/ap/posts/host/").content.decode()
    page = client.get("/ap/posts/seat/").content.decode()
    assert "Vacant" in page and "Vacant since" not in page


def test_vacancy_in_french(client, ended_post):
    client.cookies["django_language"] = "fr"
    page = client.get("/ap/posts/vice-chair/").content.decode()
    assert "Vacant depuis le 1 juillet 2026" in page


def test_the_demo_invents_no_later_vice_chair(db, client):
    asia_pacific.load()
    last = Holding.objects.filter(post__slug="vice-chair").order_by("-starts_on").first()
    assert last.ends_on == D(2026, 6, 30)
    assert "Vacant since 1 July 2026" in client.get("/ap/posts/").content.decode()

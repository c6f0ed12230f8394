"""The news API: published items for everyone who may see them, drafts for the secretariat."""

import pytest

from secretariat.core.visibility import Visibility
from secretariat.publishing.models import NewsItem

from ..publishing.conftest import make_item  # noqa: F401 - the fixture

API = "/api/regions/ap/news"
CALLERS = {
    "anonymous": lambda cast: None,
    "participant": lambda cast: cast.alice,
    "other_member": lambda cast: cast.charlie,
    "other_region": lambda cast: cast.dana,
    "secretariat": lambda cast: cast.sam,
    "token": lambda cast: ("token", cast.alice),
}


@pytest.fixture
def items(make_item):  # noqa: F811
    return {
        "public": make_item(1),
        "members": make_item(2, visibility=Visibility.MEMBERS),
        "draft": make_item(3, status=NewsItem.Status.DRAFT),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "listed"),
    [
        ("anonymous", ["item-1"]),
        ("other_region", ["item-1"]),
        ("participant", ["item-2", "item-1"]),
        ("other_member", ["item-2", "item-1"]),
        ("token", ["item-2", "item-1"]),
        ("secretariat", ["item-3", "item-2", "item-1"]),
    ],
)
def test_each_caller_gets_what_the_pages_show_them(call, cast, items, who, listed):
    response = call(API, CALLERS[who](cast))
    assert response.status_code == 200
    assert [i["slug"] for i in response.json()] == listed
    for slug, item in items.items():
        detail = call(f"{API}/{item.slug}", CALLERS[who](cast))
        assert detail.status_code == (200 if item.slug in listed else 404), slug


@pytest.mark.django_db
def test_an_item_gives_both_languages_its_date_and_its_page(call, items):
    body = call(f"{API}/item-1").json()
    assert body["title_fr"] == "Les chefs des douanes se réunissent, partie 1"
    assert body["body_en"] == "The **text** of item 1."
    assert body["published_on"] == "2020-11-13" and body["status"] == "published"
    assert body["url"] == "/ap/news/item-1/"


@pytest.mark.django_db
def test_a_hidden_item_is_a_json_404(call, items):
    response = call(f"{API}/item-3")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no news item “item-3” that you may see."}


@pytest.mark.django_db
def test_a_slug_with_bad_characters_is_a_422(call, items):
    response = call(f"{API}/item%001")
    assert response.status_code == 422

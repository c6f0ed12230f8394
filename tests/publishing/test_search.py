"""Published news is found by the region's search, as visible as its page; drafts are not."""

import datetime

import pytest
from django.urls import reverse

from secretariat.core.visibility import Visibility
from secretariat.publishing import services
from secretariat.publishing.models import NewsItem

pytestmark = pytest.mark.django_db


def found(client, words):
    return client.get(reverse("search:search", args=["ap"]), {"q": words}).text


def test_a_published_item_is_found_and_an_unpublished_one_is_not(client, cast, make_item):
    item = make_item(status=NewsItem.Status.DRAFT, body_en="Heads discussed quarantine lanes.")
    services.news_update(item=item, by=cast.sam, expected_version=1, body_en=item.body_en)
    assert item.title_en not in found(client, "quarantine")
    services.news_publish(
        item=item, by=cast.sam, published_on=datetime.date(2020, 11, 12), lead_en="Heads met."
    )
    assert item.title_en in found(client, "quarantine")
    services.news_unpublish(item=item, by=cast.sam)
    assert item.title_en not in found(client, "quarantine")


def test_a_members_only_item_is_found_by_members_only(client, cast, make_item):
    item = make_item(status=NewsItem.Status.DRAFT, visibility=Visibility.MEMBERS)
    services.news_publish(
        item=item, by=cast.sam, published_on=datetime.date(2020, 11, 12), lead_en="Heads met."
    )
    assert item.title_en not in found(client, "Heads")
    client.force_login(cast.charlie)
    assert item.title_en in found(client, "Heads")


def test_reindex_rebuilds_published_items_only(client, make_item):
    import io

    from django.core.management import call_command

    from secretariat.search.models import Entry

    make_item(1)
    make_item(2, status=NewsItem.Status.DRAFT)
    Entry.objects.all().delete()
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert "news: 1" in out.getvalue()
    assert list(Entry.objects.filter(kind="news").values_list("url", flat=True)) == [
        "/ap/news/item-1/"
    ]
    assert "Heads of Customs meet, part 1" in found(client, "Heads")

"""A post's page lists its holders through the years in a number of queries that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import HoldingFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm the caches (site, region, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("who", [None, "sam", "alice"])
def test_the_post_page_queries_do_not_grow_with_holdings(client, cast, region, who):
    if who:
        client.force_login(getattr(cast, who))
    post = PostFactory(region=region, name_en="Vice-Chair", slug="vice-chair", seat_count=1)
    url = reverse("regions:post-detail", args=[region.slug, post.slug])
    counts = {}
    for n in (1, 10):
        while post.holdings.count() < n:
            year = 2000 + 2 * post.holdings.count()
            HoldingFactory(
                post=post,
                member=MemberFactory(region=region),
                starts_on=datetime.date(year, 7, 1),
                ends_on=datetime.date(year + 2, 6, 30),
            )
        response, counts[n] = _queries(client, url)
        assert response.text.count("<tr") >= n
    assert counts[1] == counts[10]

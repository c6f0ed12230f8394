"""What the search indexes of the news: a published item, as visible as its page."""

import datetime

from django.utils import timezone

from secretariat.search.index import Item, item, year_facet

from .models import NewsItem


def news_items():
    """Published items: a draft is never indexed."""
    return NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED).select_related("region")


def news_item(news) -> Item:
    return item(
        obj=news,
        kind="news",
        region=news.region,
        title=news.title_en,
        text="\n".join([news.lead_en, news.body_en, news.title_fr, news.lead_fr, news.body_fr]),
        url=news.get_absolute_url(),
        visibility=news.visibility,
        updated_at=timezone.make_aware(
            datetime.datetime.combine(news.published_on, datetime.time())
        ),
        facets=year_facet(news.published_on),
    )

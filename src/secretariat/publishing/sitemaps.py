"""sitemap.xml: the public pages only (regions' homes and lists, published public news)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from secretariat.regions.models import Region

from .models import NewsItem
from .selectors import published_news

PUBLIC_LISTS = [
    "regions:region-detail",
    "publishing:news-archive",
    "regions:member-list",
    "regions:entity-list",
    "meetings:session-list",
]


class RegionPages(Sitemap):
    def items(self):
        return [
            (name, slug)
            for slug in Region.objects.values_list("slug", flat=True)
            for name in PUBLIC_LISTS
        ]

    def location(self, item):
        name, slug = item
        return reverse(name, args=[slug])


class NewsPages(Sitemap):
    def items(self):
        return [item for region in Region.objects.all() for item in published_news(region)]

    def lastmod(self, item: NewsItem):
        return item.updated_at


SITEMAPS = {"regions": RegionPages, "news": NewsPages}

"""The region's news as an Atom feed (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.text import PrintableAtom1Feed
from secretariat.regions.models import Region

from .selectors import published_news

FEED_ITEMS = 20


class NewsFeed(Feed):
    feed_type = PrintableAtom1Feed

    def get_object(self, request, region):
        return get_object_or_404(Region, slug=region)

    def title(self, region):
        return _("News of the %(region)s region") % {"region": region.short_name}

    def subtitle(self, region):
        return region.description

    def link(self, region):
        return reverse("publishing:news-archive", args=[region.slug])

    def items(self, region):
        return published_news(region)[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))

    def item_updateddate(self, item):
        return item.updated_at

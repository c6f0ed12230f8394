"""New and updated practices as an Atom feed (Django's syndication framework).

A feed reader is usually not signed in: it then gets the public practices. A signed-in
reader (a browser) gets what the list shows them, drafts left out.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.text import PrintableAtom1Feed
from secretariat.regions.models import Region
from secretariat.regions.selectors import viewer_for

from .selectors import visible_practices

FEED_ITEMS = 50


class PracticeFeed(Feed):
    feed_type = PrintableAtom1Feed

    def get_object(self, request, region):
        # The feed object is shared by every request: what differs per reader travels here.
        return get_object_or_404(Region, slug=region), viewer_for(request.user)

    def title(self, obj):
        return _("Members' practices of the %(region)s region") % {"region": obj[0].short_name}

    def subtitle(self, obj):
        return _("New and updated practices, the latest first.")

    def link(self, obj):
        return reverse("practices:practice-list", args=[obj[0].slug])

    def items(self, obj):
        region, viewer = obj
        practices = visible_practices(region, viewer).filter(submitted_at__isnull=False)
        return practices.order_by("-updated_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return item.member.short_name

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_pubdate(self, item):
        return item.submitted_at

    def item_updateddate(self, item):
        return item.updated_at

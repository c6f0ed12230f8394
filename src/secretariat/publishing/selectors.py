"""Reads worth a name: the news a reader may see, and what the region's home shows."""

from django.db.models import F, Q
from django.utils import timezone

from secretariat.core.visibility import ANONYMOUS, Viewer, visible_q
from secretariat.meetings.selectors import sessions_for

from .models import NewsItem

HOME_NEWS = 3
HOME_MEETINGS = 3


def news_for(region, viewer: Viewer):
    """Published items `viewer` may see, newest first; the secretariat's drafts too."""
    items = NewsItem.objects.filter(region=region).select_related("region")
    if viewer.is_secretariat(region.pk):
        return items
    return items.filter(status=NewsItem.Status.PUBLISHED).filter(visible_q(viewer, named=None))


def published_news(region, viewer: Viewer = ANONYMOUS):
    """What the archive, the home, the feed and the sitemap list: published, visible items."""
    return (
        NewsItem.objects.filter(region=region, status=NewsItem.Status.PUBLISHED)
        .filter(visible_q(viewer, named=None))
        .select_related("region")
        .order_by("-published_on", "-pk")
    )


def news_page(region, slug, viewer: Viewer) -> NewsItem:
    return news_for(region, viewer).select_related("session", "gallery").get(slug=slug)


def upcoming_sessions(region, viewer: Viewer):
    """The next sessions `viewer` may see, soonest first (then those still without a date)."""
    now = timezone.now()
    return list(
        sessions_for(region, viewer)
        .filter(
            Q(ends_at__gte=now)
            | Q(ends_at__isnull=True, starts_at__gte=now)
            | Q(starts_at__isnull=True)
        )
        .select_related("host")
        .order_by(F("starts_at").asc(nulls_last=True), "pk")[:HOME_MEETINGS]
    )


def drafts_and_published(region):
    """The secretariat's list: every item, drafts first."""
    return (
        NewsItem.objects.filter(region=region)
        .select_related("session")
        .order_by("status", "-published_on", "-created_at")
    )

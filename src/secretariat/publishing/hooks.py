"""The news and the coming meetings on the region's home page (core.registry, decision 0012),
and the news in the search."""

from django.template.loader import render_to_string

from secretariat.core.registry import home_section, search_source
from secretariat.regions.selectors import viewer_for

from . import indexing
from .models import NewsItem
from .selectors import HOME_NEWS, published_news, upcoming_sessions


@home_section
def news_and_meetings(request, region):
    viewer = viewer_for(request.user)
    return render_to_string(
        "publishing/_home.html",
        {
            "region": region,
            "news": list(published_news(region, viewer)[:HOME_NEWS]),
            "sessions": upcoming_sessions(region, viewer),
        },
        request,
    )


search_source(
    "news",
    objects=indexing.news_items,
    item=indexing.news_item,
    follows={NewsItem: "pk"},
)

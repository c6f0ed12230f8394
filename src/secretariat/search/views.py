"""The search page: one box for everything the reader may see in the region."""

from django.shortcuts import render

from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import with_region

from .selectors import FACET_TITLES, FACETS, search


@with_region
def search_page(request, region):
    q = request.GET.get("q", "")[:1000]
    selected = {name: request.GET.getlist(name)[:20] for name in FACETS if name in request.GET}
    results = search(
        region=region,
        viewer=viewer_for(request.user),
        q=q,
        selected=selected,
        page=request.GET.get("page", 1),
    )
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "q": q,
            "results": results,
            "facet_groups": [
                (name, FACET_TITLES[name], counts) for name, counts in results.facets.items()
            ],
            "kept_query": kept.urlencode(),
        },
    )

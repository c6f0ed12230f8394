"""Read-only API: the search, with the same results, counts and facets as the page."""

from ninja import Field, Query, Router, Schema

from secretariat.api.common import ERRORS, RegionSlug, region_or_404
from secretariat.regions.selectors import viewer_for
from secretariat.search.selectors import PAGE_SIZE, search

router = Router(tags=["search"])


class HitOut(Schema):
    kind: str = Field(description="practice, reference, session, document or decision.")
    title: str
    url: str
    snippet: str = Field(description="HTML: the text escaped, matches in `<mark>`.")


class FacetOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    count: int = Field(description="Results found, at most 1,000 (see `more`).")
    more: bool = Field(
        description="More than `count` results: the newest `count` are ranked and faceted."
    )
    page: int
    pages: int
    page_size: int = PAGE_SIZE
    results: list[HitOut]
    facets: dict[str, list[FacetOut]]


class SearchQuery(Schema):
    q: str = Field("", max_length=1000, description="Words; operators are read as words.")
    type: list[str] = Field([], max_length=20)
    member: list[str] = Field([], max_length=20)
    theme: list[str] = Field([], max_length=20)
    status: list[str] = Field([], max_length=20)
    year: list[str] = Field([], max_length=20)
    page: int = Field(1, ge=1, le=10_000)


@router.get(
    "/{region}/search",
    response={200: SearchOut} | ERRORS,
    summary="Search everything you may see",
    description="Ranked results with highlighted matches and facet counts; facets combine.",
)
def search_region(request, params: Query[SearchQuery], region: str = RegionSlug):
    region = region_or_404(region)
    data = params.dict()
    q, page = data.pop("q"), data.pop("page")
    results = search(region=region, viewer=viewer_for(request.user), q=q, selected=data, page=page)
    return {
        "count": results.count,
        "more": results.more,
        "page": results.page.number,
        "pages": results.page.paginator.num_pages,
        "results": [
            {"kind": e.kind, "title": e.title, "url": e.url, "snippet": str(e.snippet)}
            for e in results.page.object_list
        ],
        "facets": {name: [vars(f) for f in counts] for name, counts in results.facets.items()},
    }

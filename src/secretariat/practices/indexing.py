"""What the search indexes of practices and reference lists (registered in hooks.py)."""

from secretariat.search.index import FacetValue, Item, item, year_facet

from .models import Practice, ReferenceRow


def practices():
    """Submitted practices: a draft is never indexed."""
    submitted = Practice.objects.filter(submitted_at__isnull=False)
    return submitted.select_related("member", "region").prefetch_related("themes")


def practice_item(practice) -> Item:
    member = practice.member
    themes = list(practice.themes.all())
    return item(
        obj=practice,
        kind="practice",
        region=practice.region,
        title=practice.title,
        text="\n".join(
            [practice.summary, practice.body, practice.tags, member.short_name_en]
            + [t.name_en for t in themes]
        ),
        url=practice.get_absolute_url(),
        visibility=practice.visibility,
        updated_at=practice.updated_at,
        facets=[
            FacetValue("member", str(member.pk), member.short_name_en, member.short_name_fr),
            FacetValue("status", practice.status, str(Practice.Status(practice.status).label)),
            *(FacetValue("theme", str(t.pk), t.name_en, t.name_fr) for t in themes),
            *year_facet(practice.effective_from),
        ],
        language=practice.language,
    )


def reference_rows():
    return ReferenceRow.objects.select_related("reference_list__region")


def reference_row_item(row) -> Item:
    """One row of a reference list (an HS code), as visible as its list."""
    reference_list = row.reference_list
    return item(
        obj=row,
        kind="reference",
        region=reference_list.region,
        title=f"{row.hs_code} {row.description}",
        text="\n".join([row.hs_code, row.category, row.description, row.notes]),
        url=f"{reference_list.get_absolute_url()}#row-{row.pk}",
        visibility=reference_list.visibility,
        updated_at=reference_list.updated_at,
    )

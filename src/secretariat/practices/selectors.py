"""What a reader may see of practices and reference lists."""

from django.db.models import Prefetch, Q

from secretariat.core.visibility import Viewer, visible_q

from .models import Practice, ReferenceList, Theme


def visible_practices(region, viewer: Viewer):
    """Submitted practices the viewer may see, and the drafts of the Members they keep."""
    shown = Q(submitted_at__isnull=False) & visible_q(viewer, named=None)
    if viewer.member_editor_ids:
        shown |= Q(member_id__in=viewer.member_editor_ids)
    return (
        Practice.objects.filter(region=region)
        .filter(shown)
        .select_related("member", "region")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.select_related("parent")))
    )


def practice_page(region, pk, viewer: Viewer) -> Practice:
    return visible_practices(region, viewer).prefetch_related("attachments").get(pk=pk)


def themes_of(region):
    return Theme.objects.filter(region=region).select_related("parent__parent")


def visible_reference_lists(region, viewer: Viewer):
    return ReferenceList.objects.filter(region=region).filter(visible_q(viewer, named=None))

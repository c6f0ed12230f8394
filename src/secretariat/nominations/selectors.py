"""Calls a viewer may see: those of posts they may see."""

from django.db.models import Prefetch

from secretariat.core.visibility import Viewer, visible_q
from secretariat.regions.models import Post

from .models import Call, Nomination


def visible_calls(region, viewer: Viewer):
    posts = Post.objects.filter(region=region).filter(visible_q(viewer, named=None))
    return Call.objects.filter(region=region, post__in=posts).select_related("post", "region")


def call_page(region, pk, viewer: Viewer) -> Call:
    nominations = Nomination.objects.select_related("member", "person", "proposed_by", "holding")
    return (
        visible_calls(region, viewer)
        .select_related("proposal__decision")
        .prefetch_related(Prefetch("nominations", queryset=nominations))
        .get(pk=pk)
    )

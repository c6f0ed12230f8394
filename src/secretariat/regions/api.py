from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Region

router = Router(tags=["regions"])


class RegionOut(Schema):
    slug: str
    name: str
    short_name: str
    abbreviation: str


@router.get("/", response=list[RegionOut])
def region_list(request):
    return Region.objects.all()


@router.get("/{slug}", response=RegionOut)
def region_detail(request, slug: str):
    return get_object_or_404(Region, slug=slug)

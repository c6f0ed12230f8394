"""What every app's pages share about regions: the region a URL names, and who may open it.

A page under `/<region>/` takes the region with `with_region` (the header then knows
it), refuses a caller without a permission with `require`, and keeps a page to the
region's secretariat with `secretariat_only`. Views of every app import these from
here; `regions.views` holds only regions' own pages.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Region


def with_region(view):
    """Resolve the URL's `region` slug, so the page and its header know the region."""

    @wraps(view)
    def wrapper(request, region, *args, **kwargs):
        request.region = get_object_or_404(Region, slug=region)
        return view(request, request.region, *args, **kwargs)

    return wrapper


def require(request, perm, obj):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def secretariat_only(view):
    """Signed in, and secretariat staff of the URL's region."""

    @login_required
    @with_region
    @wraps(view)
    def wrapper(request, region, *args, **kwargs):
        require(request, "regions.manage_region", region)
        return view(request, region, *args, **kwargs)

    return wrapper

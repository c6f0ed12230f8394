"""What every router of the API shares: the region in the path, its lookup, and the error shapes.

A router names its region by the `{region}` path parameter and turns it into a
Region with `region_or_404`, so every operation answers an unknown region with
the same 404 and the same message.
"""

from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.errors import HttpError

from secretariat.regions.models import Region

SLUG = {"pattern": r"^[-a-zA-Z0-9_]+$", "min_length": 1, "max_length": 50}
RegionSlug = Path(..., description="The region's short address, e.g. `ap`.", **SLUG)


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the caller's language.")


class InvalidParameter(Schema):
    type: str
    loc: list[str | int] = Field(description='Where: e.g. `["query", "on"]`.')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[InvalidParameter]


ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


def region_or_404(slug) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise HttpError(404, _("There is no region with the short address “%s”.") % slug)
    return region

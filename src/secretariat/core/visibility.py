"""Who may see a restricted object: one filter for every page, list, export and API."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("The region's Members")
    NAMED = "named", _("Named Members")
    SECRETARIAT = "secretariat", _("Secretariat only")


@dataclass(frozen=True)
class Viewer:
    """What a person's current roles let them see, computed once per request."""

    user_id: int | None = None
    secretariat_regions: frozenset = field(default_factory=frozenset)
    participant_regions: frozenset = field(default_factory=frozenset)
    member_ids: frozenset = field(default_factory=frozenset)
    member_editor_ids: frozenset = field(default_factory=frozenset)

    def is_secretariat(self, region_id) -> bool:
        return region_id in self.secretariat_regions

    def is_participant(self, region_id) -> bool:
        return region_id in self.participant_regions


ANONYMOUS = Viewer()


def visible_q(viewer: Viewer, *, region="region", named="shared_with") -> Q:
    """A filter for rows with a `visibility` field that `viewer` may see.

    Clauses that cannot match this viewer are left out: the SQL stays short, and a
    public reader's filter needs no join.
    """
    q = Q(visibility=Visibility.PUBLIC)
    if viewer.participant_regions:
        q |= Q(visibility=Visibility.MEMBERS, **{f"{region}__in": viewer.participant_regions})
    if named and viewer.member_ids:
        q |= Q(visibility=Visibility.NAMED, **{f"{named}__in": viewer.member_ids})
    if viewer.secretariat_regions:
        q |= Q(**{f"{region}__in": viewer.secretariat_regions})
    return q


def can_see(viewer: Viewer, obj, *, region_id, named_ids=()) -> bool:
    """The same rule as `visible_q`, for one object already loaded."""
    if obj.visibility == Visibility.PUBLIC or viewer.is_secretariat(region_id):
        return True
    if obj.visibility == Visibility.MEMBERS:
        return viewer.is_participant(region_id)
    if obj.visibility == Visibility.NAMED:
        return bool(viewer.member_ids & set(named_ids))
    return False

"""Reads worth a name: directories, pages, and what a viewer may see."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from secretariat.core.i18n import localized_order
from secretariat.core.models import AuditEntry
from secretariat.core.visibility import ANONYMOUS, Viewer, visible_q

from .models import Entity, Holding, Member, Organisation, Person, Post, Region, Role

MEMBER_EDITOR_ROLES = (Role.Kind.CONTACT_POINT, Role.Kind.HEAD_OF_CUSTOMS)


def viewer_for(user) -> Viewer:
    """What `user`'s roles active today let them see; cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_viewer", None)
    if cached is not None:
        return cached
    roles = list(
        Role.objects.active_on(timezone.localdate())
        .filter(person__user=user, person__is_active=True)
        .values_list("region_id", "kind", "member_id")
    )
    viewer = Viewer(
        user_id=user.pk,
        secretariat_regions=frozenset(r for r, k, _ in roles if k == Role.Kind.SECRETARIAT)
        | frozenset(_superuser_regions(user)),
        participant_regions=frozenset(r for r, _, _ in roles),
        member_ids=frozenset(m for _, _, m in roles if m),
        member_editor_ids=frozenset(m for _, k, m in roles if k in MEMBER_EDITOR_ROLES),
    )
    user._viewer = viewer
    return viewer


def _superuser_regions(user):
    return Region.objects.values_list("pk", flat=True) if user.is_superuser else []


def contact_points(members):
    """The people to write to for `members` (a Member, or several): their contact points
    active today, themselves active and with an email."""
    if isinstance(members, Member):
        members = [members]
    roles = Role.objects.active_on().filter(member__in=members, kind=Role.Kind.CONTACT_POINT)
    return (
        Person.objects.filter(pk__in=roles.values("person"), is_active=True)
        .exclude(email="")
        .select_related("user")
    )


def members_on(region, day=None):
    """The region's Members on `day` (today by default), by sub-region."""
    day = day or timezone.localdate()
    return (
        region.members.select_related("sub_region")
        .exclude(joined_on__gt=day)
        .exclude(left_on__lt=day)
        .order_by("sub_region__order", localized_order("short_name"))
    )


DIRECTORY_FIELDS = (
    "region_id",
    "slug",
    "short_name_en",
    "short_name_fr",
    "official_name_en",
    "official_name_fr",
    "joined_on",
    "left_on",
    "sub_region__name_en",
    "sub_region__name_fr",
    "sub_region__order",
)


def directory(region, day):
    """The Members on `day` grouped by sub-region, and those who joined after it: one query."""
    members = (
        region.members.select_related("sub_region")
        .only(*DIRECTORY_FIELDS)
        .exclude(left_on__lt=day)
        .order_by("sub_region__order", localized_order("short_name"))
    )
    groups, later = {}, []
    for member in members:
        if member.joined_on and member.joined_on > day:
            later.append(member)
        else:
            groups.setdefault(member.sub_region, []).append(member)
    return groups, sorted(later, key=lambda m: m.joined_on)


def entities_of(region):
    return region.entities.all()


def organisations_of(region):
    """The region's organisations and the bodies every region shares (the WCO Secretariat)."""
    return Organisation.objects.for_region(region)


def _holdings():
    return Holding.objects.select_related(
        "member__region", "entity__region", "person", "organisation"
    )


def posts_visible(region, viewer: Viewer):
    return (
        Post.objects.filter(region=region)
        .filter(visible_q(viewer, named=None))
        .select_related("region", "entity__region")
        .prefetch_related(Prefetch("holdings", queryset=_holdings().order_by("-starts_on")))
    )


def entity_page(region, slug, viewer: Viewer):
    entity = Entity.objects.get(region=region, slug=slug)
    return entity, posts_visible(region, viewer).filter(entity=entity)


def people_of(region):
    return (
        Person.objects.filter(region=region)
        .select_related("member", "entity", "organisation", "user")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.active_on()))
    )


def member_profile(region, slug, viewer: Viewer):
    """A Member with `visible_holdings`: its terms in the posts `viewer` may see."""
    visible_posts = Post.objects.filter(region=region).filter(visible_q(viewer, named=None))
    return (
        Member.objects.select_related("sub_region")
        .prefetch_related(
            Prefetch(
                "holdings",
                queryset=Holding.objects.filter(post__in=visible_posts)
                .select_related("post")
                .order_by("-starts_on"),
                to_attr="visible_holdings",
            )
        )
        .get(region=region, slug=slug)
    )


def contacts_of(member):
    """The Member's active people, each with the roles they hold today and whether they are
    within its contact points' reach (`member_contact`)."""
    return (
        member.people.filter(is_active=True)
        .annotate(member_contact=~_beyond_contact_roles())
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.active_on(), to_attr="current_roles")
        )
    )


def _beyond_contact_roles():
    """Whether the person holds, today or later, a role other than contact point of their own
    Member: a Head of Customs, the secretariat, an entity officer..."""
    return Exists(
        Role.objects.filter(person=OuterRef("pk"))
        .exclude(ends_on__lt=timezone.localdate())
        .exclude(kind=Role.Kind.CONTACT_POINT, member=OuterRef("member"))
    )


def is_member_contact(person) -> bool:
    """A contact its Member's contact point or Head of Customs may edit and end: every role
    they hold today or later is a contact point of that Member (or they hold none)."""
    return not Person.objects.filter(pk=person.pk).filter(_beyond_contact_roles()).exists()


def audit_entries(region, *, who=None, action="", kind=None, since=None, until=None):
    """The region's audit trail, newest first, narrowed by person, action, kind and days.

    Days are whole days in the viewer's time zone, `until` included.
    """
    entries = AuditEntry.objects.filter(region_id=region.pk).select_related("actor", "target_type")
    if who:
        entries = entries.filter(actor_id=who)
    if action:
        entries = entries.filter(action=action)
    if kind:
        entries = entries.filter(target_type_id=kind)
    zone = timezone.get_current_timezone()
    if since:
        entries = entries.filter(at__gte=datetime.datetime.combine(since, datetime.time(), zone))
    if until:
        after = until + datetime.timedelta(days=1)
        entries = entries.filter(at__lt=datetime.datetime.combine(after, datetime.time(), zone))
    return entries


def audit_filter_choices(region):
    """Who, which actions and which kinds of record appear in the region's trail."""
    entries = AuditEntry.objects.filter(region_id=region.pk)
    people = (
        entries.filter(actor__isnull=False)
        .values_list("actor_id", "actor__email")
        .distinct()
        .order_by("actor__email")
    )
    actions = entries.values_list("action", flat=True).distinct().order_by("action")
    kinds = ContentType.objects.filter(pk__in=entries.values("target_type_id").distinct()).order_by(
        "model"
    )
    return list(people), list(actions), list(kinds)

"""Every write to regions, Members, entities, people, roles, posts and holdings."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import access, audit
from secretariat.core.permissions import service
from secretariat.core.regions import is_shared
from secretariat.core.slugs import unique_slug
from secretariat.core.versions import save_versioned

from .models import Entity, Holding, Member, Organisation, Person, Post, Region, Role, SubRegion


def _create(model, *, by, **fields):
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    audit.record(by=by, action=audit.CREATED, obj=obj)
    return obj


def _update(obj, *, by, expected_version=None, **changes):
    """Apply `changes`, refusing a stale edit when `expected_version` is given."""
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    if expected_version is None:
        expected_version = obj.version
    save_versioned(obj, expected_version=expected_version, fields=list(changes))
    if audit.diff(before, audit.snapshot(obj)):
        audit.record(by=by, action=audit.UPDATED, obj=obj, before=before)
    return obj


# Regions and sub-regions


@service("regions.add_region", on=None)
def region_create(*, by, **fields) -> Region:
    return _create(Region, by=by, **fields)


@service("regions.manage_region", on="region")
def region_update(*, region, by, expected_version=None, **changes) -> Region:
    return _update(region, by=by, expected_version=expected_version, **changes)


@service("regions.manage_region", on="region")
def sub_region_create(*, region, by, **fields) -> SubRegion:
    return _create(SubRegion, by=by, region=region, **fields)


# Members, entities, organisations


@service("regions.manage_region", on="region")
@transaction.atomic
def member_create(*, region, by, **fields) -> Member:
    fields.setdefault("slug", unique_slug(Member, region, fields.get("short_name_en", "")))
    return _create(Member, by=by, region=region, **fields)


@service("regions.change_member", on="member")
@transaction.atomic
def member_update(*, member, by, expected_version=None, **changes) -> Member:
    return _update(member, by=by, expected_version=expected_version, **changes)


@service("regions.manage_region", on="region")
def entity_create(*, region, by, **fields) -> Entity:
    fields.setdefault("slug", unique_slug(Entity, region, fields.get("short_name_en", "")))
    return _create(Entity, by=by, region=region, **fields)


@service("regions.manage_region", on="entity")
def entity_update(*, entity, by, expected_version=None, **changes) -> Entity:
    return _update(entity, by=by, expected_version=expected_version, **changes)


@service("regions.manage_region", on="region")
def organisation_create(*, region, by, **fields) -> Organisation:
    """An organisation of `region`; with `region=None`, a body every region shares (the WCO
    Secretariat), which only the platform administrator makes."""
    fields.setdefault("slug", unique_slug(Organisation, region, fields.get("name_en", "")))
    return _create(Organisation, by=by, region=region, shared=region is None, **fields)


@service("regions.manage_organisation", on="organisation")
def organisation_update(*, organisation, by, expected_version=None, **changes) -> Organisation:
    return _update(organisation, by=by, expected_version=expected_version, **changes)


# People and roles


@service("regions.add_person", on=("region", "member"))
@transaction.atomic
def person_create(*, region, by, **fields) -> Person:
    """A person of `region`; with `region=None`, a person every region shares (the WCO
    Secretary General), whom only the platform administrator adds."""
    return _create(Person, by=by, region=region, shared=region is None, **fields)


@service("regions.change_contact", on="person")
@transaction.atomic
def person_update(*, person, by, expected_version=None, **changes) -> Person:
    return _update(person, by=by, expected_version=expected_version, **changes)


@service("regions.change_contact", on="person")
@transaction.atomic
def person_deactivate(*, person, by, on=None) -> Person:
    """A leaver: their roles end and they can no longer sign in; nothing is deleted."""
    on = on or timezone.localdate()
    for role in person.roles.active_on(on):
        _role_end(role=role, on=on, by=by)  # a contact point may record its colleague leaving
    for role in person.roles.filter(starts_on__gt=on):
        _role_withdraw(role=role, by=by)
    if person.user_id:
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
        access.narrowed("user deactivated")
    return _update(person, by=by, is_active=False)


def _check_role_scope(role: Role):
    wanted = Role.SCOPE[role.kind]
    for field in ("member", "entity", "organisation"):
        value = getattr(role, f"{field}_id")
        label = Role._meta.get_field(field).verbose_name
        if field == wanted and value is None:
            raise ValidationError(
                {field: _("Choose the %(scope)s this role is for.") % {"scope": label}}
            )
        if field != wanted and value is not None:
            raise ValidationError(
                {field: _("This role is not for a particular %(scope)s.") % {"scope": label}}
            )
    scope = role.scope
    # An observer of a shared body (the WCO Secretariat) takes part in any region.
    if scope is not None and not is_shared(scope) and scope.region_id != role.region_id:
        raise ValidationError(_("The role and its scope must be in the same region."))
    if role.person.region_id != role.region_id:
        raise ValidationError(_("The person belongs to another region."))


@service("regions.manage_region", on="person")
@transaction.atomic
def role_assign(*, person, kind, by, starts_on=None, ends_on=None, **scope) -> Role:
    role = Role(
        person=person,
        region=person.region,
        kind=kind,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        **scope,
    )
    if role.ends_on is not None and role.ends_on < role.starts_on:
        raise ValidationError(_("A role cannot end before it starts."))
    _check_role_scope(role)
    role.full_clean()
    role.save()
    audit.record(by=by, action=gettext_noop("role assigned"), obj=role, created=True)
    return role


@service("regions.manage_region", on="role")
@transaction.atomic
def role_end(*, role, on, by) -> Role:
    return _role_end(role=role, on=on, by=by)


def _role_end(*, role, on, by) -> Role:
    if on < role.starts_on:
        raise ValidationError(_("A role cannot end before it starts."))
    before = audit.snapshot(role)
    role.ends_on = on
    role.save(update_fields=["ends_on"])
    access.narrowed("role ended")
    audit.record(by=by, action=gettext_noop("role ended"), obj=role, before=before)
    return role


def _role_withdraw(*, role, by):
    """A role due to begin after its holder leaves never takes effect; the audit keeps it."""
    audit.record(by=by, action=gettext_noop("role withdrawn"), obj=role, created=True)
    role.delete()
    access.narrowed("role withdrawn")


@service("regions.manage_region", on="role")
@transaction.atomic
def role_hand_over(*, role, to, on, by) -> Role:
    """The old holder's role ends the day before `on`; `to` takes it from `on`."""
    if on <= role.starts_on:
        raise ValidationError(_("The hand-over must come after the day the role began."))
    if not role.is_active_on(on):
        raise ValidationError(_("This role has already ended."))
    if to.pk == role.person_id:
        raise ValidationError(_("Choose another person to hand the role over to."))
    role_end(role=role, on=on - datetime.timedelta(days=1), by=by)
    scope_field = Role.SCOPE[role.kind]
    scope = {scope_field: getattr(role, scope_field)} if scope_field else {}
    return role_assign(person=to, kind=role.kind, starts_on=on, by=by, **scope)


# Posts and holdings


@service("regions.manage_region", on="region")
def post_create(*, region, by, **fields) -> Post:
    fields.setdefault("slug", unique_slug(Post, region, fields.get("name_en", "")))
    return _create(Post, by=by, region=region, **fields)


@service("regions.manage_region", on="post")
def post_update(*, post, by, expected_version=None, **changes) -> Post:
    return _update(post, by=by, expected_version=expected_version, **changes)


def _overlapping(post, starts_on, ends_on, exclude=None):
    qs = post.holdings.exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        qs = qs.filter(starts_on__lte=ends_on)
    return qs.exclude(pk=exclude.pk) if exclude and exclude.pk else qs


def holding_validate(holding: Holding):
    """Refuse a holding of the wrong kind of holder, overlapping itself, or over the seats."""
    post = holding.post
    holder = holding.holder
    if holder is None or getattr(holding, post.holder_kind) is None:
        raise ValidationError(
            _("%(post)s is held by %(kind)s.")
            % {"post": post.name, "kind": post.get_holder_kind_display()}
        )
    if not is_shared(holder) and holder.region_id != post.region_id:
        raise ValidationError(_("The holder belongs to another region."))
    others = list(_overlapping(post, holding.starts_on, holding.ends_on, exclude=holding))
    if any(o.holder == holder for o in others):
        raise ValidationError(
            _("%(holder)s already holds this post in that period.") % {"holder": holder}
        )
    # The number of seats taken can only rise on a day some holding starts.
    days = {holding.starts_on} | {o.starts_on for o in others if o.starts_on > holding.starts_on}
    for day in sorted(days):
        taken = sum(1 for o in others if o.starts_on <= day and (o.ends_on or day) >= day)
        if taken >= post.seat_count:
            raise ValidationError(
                _("%(post)s has %(n)s seat(s), all taken on %(day)s.")
                % {"post": post.name, "n": post.seat_count, "day": day.isoformat()}
            )


@service("regions.manage_region", on="post")
@transaction.atomic
def holding_start(*, post, holder, starts_on, by, ends_on=None, confirmed=True, note="") -> Holding:
    """Record that `holder` holds `post` from `starts_on` (to `ends_on`, if known)."""
    field = {Member: "member", Entity: "entity", Person: "person", Organisation: "organisation"}[
        type(holder)
    ]
    holding = Holding(
        post=post,
        starts_on=starts_on,
        ends_on=ends_on,
        confirmed=confirmed,
        note=note,
        **{field: holder},
    )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The end comes before the start."))
    # Lock the post so two terms recorded at once cannot both take its last seat.
    Post.objects.select_for_update().filter(pk=post.pk).first()
    holding.full_clean()
    holding_validate(holding)
    holding.save()
    audit.record(by=by, action=gettext_noop("holding started"), obj=holding, created=True)
    return holding


@service("regions.manage_region", on="holding.post")
@transaction.atomic
def holding_end(*, holding, on, by) -> Holding:
    if on < holding.starts_on:
        raise ValidationError(_("A holding cannot end before it starts."))
    before = audit.snapshot(holding)
    holding.ends_on = on
    holding_validate(holding)  # a later end may run into the next holders' seats
    save_versioned(holding, expected_version=holding.version, fields=["ends_on"])
    audit.record(by=by, action=gettext_noop("holding ended"), obj=holding, before=before)
    return holding


@service("regions.manage_region", on="holding.post")
@transaction.atomic
def holding_confirm(*, holding, by) -> Holding:
    before = audit.snapshot(holding)
    holding.confirmed = True
    save_versioned(holding, expected_version=holding.version, fields=["confirmed"])
    audit.record(by=by, action=gettext_noop("holding confirmed"), obj=holding, before=before)
    return holding

"""Who may do what with regions, Members, people, roles, posts and holdings."""

import rules

from .selectors import is_member_contact, viewer_for


def _region_id(obj):
    return obj.pk if obj.__class__.__name__ == "Region" else obj.region_id


@rules.predicate
def is_secretariat(user, obj):
    """Secretariat staff of the region `obj` is (or belongs to)."""
    return obj is not None and viewer_for(user).is_secretariat(_region_id(obj))


@rules.predicate
def is_secretariat_somewhere(user):
    """Secretariat staff of any region: the role that needs two-factor sign-in."""
    return bool(viewer_for(user).secretariat_regions)


@rules.predicate
def is_participant(user, obj):
    """Anyone with an active role in the region: the people who may see contacts' details."""
    return obj is not None and viewer_for(user).is_participant(_region_id(obj))


@rules.predicate
def represents_member(user, member):
    """The Member's own contact point or Head of Customs."""
    return member is not None and member.pk in viewer_for(user).member_editor_ids


@rules.predicate
def keeps_contact(user, person):
    """The contact's Member's contact point or Head of Customs, for a contact whose roles are
    all contact points of that Member: a Head of Customs and anyone with a regional role
    (secretariat, entity officer) are the secretariat's to edit and end."""
    return (
        person is not None
        and person.member_id in viewer_for(user).member_editor_ids
        and is_member_contact(person)
    )


@rules.predicate
def adds_person(user, target):
    """On (region, member): the secretariat anyone, a Member's contact point its own contacts."""
    region, member = target
    if region is None:
        return False
    if is_secretariat(user, region):
        return True
    return member is not None and member.region_id == region.pk and represents_member(user, member)


# Regions are made by an operator (a superuser, whom Django lets do anything) or the platform.
rules.add_perm("regions.add_region", rules.always_deny)
rules.add_perm("regions.manage_region", is_secretariat)
rules.add_perm("regions.add_person", adds_person)
rules.add_perm("regions.act_as_secretariat", is_secretariat_somewhere)
rules.add_perm("regions.see_contact_details", is_participant)
rules.add_perm("regions.change_member", is_secretariat | represents_member)
rules.add_perm("regions.change_contact", is_secretariat | keeps_contact)
rules.add_perm("regions.view_audit", is_secretariat)
# A body every region shares (no region) is the platform administrator's alone: no region's
# secretariat matches it, and a superuser passes every rule.
rules.add_perm("regions.manage_organisation", is_secretariat)

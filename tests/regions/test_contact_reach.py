"""Whom a Member's contact point or Head of Customs may edit and end (issue 14, item 2).

The demo's shape: the region's secretariat officer (person 3 of the demo, Ratna Sari) is
affiliated with Indonesia, so she appears among Indonesia's contacts; Indonesia's contact
point must not be able to edit her nor mark her as having left (which would also deactivate
her account). Only contacts whose roles are all contact points of that Member are theirs.
"""

import datetime

import pytest
from django.urls import reverse

from secretariat.regions.models import Role

from ..factories import EntityFactory, PersonFactory, RoleFactory, user_with_role

pytestmark = pytest.mark.django_db


def edit_url(person):
    member = person.member
    return reverse("regions:contact-edit", args=[member.region.slug, member.slug, person.pk])


def leave_url(person):
    member = person.member
    return reverse("regions:contact-deactivate", args=[member.region.slug, member.slug, person.pk])


def assert_untouched(client, person):
    """GET and POST of the edit and leave pages are refused, and nothing changed."""
    name = person.name
    assert client.get(edit_url(person)).status_code == 403
    assert client.post(edit_url(person), {"name": "Taken over", "version": 1}).status_code == 403
    assert client.post(leave_url(person)).status_code == 403
    person.refresh_from_db()
    assert person.name == name and person.is_active
    assert person.roles.filter(ends_on__isnull=True).exists()
    if person.user_id:
        person.user.refresh_from_db()
        assert person.user.is_active


class TestOutOfAContactPointsReach:
    def test_the_secretariat_affiliated_with_the_member(self, client, cast):
        sam = cast.sam.person
        assert sam.member.slug == "indonesia"  # listed among Indonesia's contacts
        client.force_login(cast.alice)
        assert_untouched(client, sam)

    def test_the_head_of_customs(self, client, cast):
        client.force_login(cast.alice)
        assert_untouched(client, cast.bob.person)

    def test_an_entity_officer_affiliated_with_the_member(self, client, cast, member):
        entity = EntityFactory(region=member.region)
        officer = user_with_role(
            Role.Kind.ENTITY_OFFICER, region=member.region, entity=entity
        ).person
        officer.member = member
        officer.save()
        client.force_login(cast.alice)
        assert_untouched(client, officer)

    def test_a_regional_role_starting_later(self, client, cast, member):
        contact = PersonFactory(region=member.region, member=member, name="Future officer")
        RoleFactory(
            person=contact,
            kind=Role.Kind.SECRETARIAT,
            member=None,
            starts_on=datetime.date.today() + datetime.timedelta(days=30),
        )
        client.force_login(cast.alice)
        assert_untouched(client, contact)

    def test_nor_a_head_of_customs_reaches_the_secretariat(self, client, cast):
        client.force_login(cast.bob)
        assert_untouched(client, cast.sam.person)


class TestWithinReach:
    def test_a_fellow_contact_point_and_a_former_secretariat_officer(self, client, cast, member):
        fellow = user_with_role(Role.Kind.CONTACT_POINT, region=member.region, member=member)
        former = PersonFactory(region=member.region, member=member, name="Former officer")
        RoleFactory(
            person=former,
            kind=Role.Kind.SECRETARIAT,
            member=None,
            starts_on=datetime.date(2019, 1, 1),
            ends_on=datetime.date(2020, 1, 1),
        )
        client.force_login(cast.alice)
        for person in (fellow.person, former):
            assert client.get(edit_url(person)).status_code == 200
        assert client.post(leave_url(former)).status_code == 302
        former.refresh_from_db()
        assert not former.is_active

    def test_the_secretariat_still_edits_everyone(self, client, cast):
        client.force_login(cast.sam)
        assert client.get(edit_url(cast.bob.person)).status_code == 200
        assert client.get(edit_url(cast.sam.person)).status_code == 200


def test_the_member_page_offers_edit_only_within_reach(client, cast, member):
    client.force_login(cast.alice)
    page = client.get(member.get_absolute_url()).text
    assert edit_url(cast.alice.person) in page
    assert edit_url(cast.sam.person) not in page
    assert edit_url(cast.bob.person) not in page
    client.force_login(cast.sam)
    page = client.get(member.get_absolute_url()).text
    assert edit_url(cast.sam.person) in page and edit_url(cast.bob.person) in page

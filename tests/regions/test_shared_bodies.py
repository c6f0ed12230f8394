"""The bodies every region has (the WCO Secretariat, its Secretary General) are one record
shared by all regions, kept by the platform administrator only (issue 21, decision 0019)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from secretariat.core.permissions import SYSTEM
from secretariat.demo import asia_pacific
from secretariat.meetings import delegations
from secretariat.regions import services
from secretariat.regions.models import Organisation, Person, Role

from ..factories import MemberFactory, PostFactory, RegionFactory, UserFactory, user_with_role
from ..meetings.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wco():
    return services.organisation_create(
        region=None, by=SYSTEM, slug="wco", kind=Organisation.Kind.WCO, name_en="WCO Secretariat"
    )


@pytest.fixture
def wca():
    """West and Central Africa, with its Member and its own secretariat (erin)."""
    region = RegionFactory(slug="wca", short_name_en="WCA")
    senegal = MemberFactory(region=region, short_name_en="Senegal", slug="senegal")
    erin = user_with_role(Role.Kind.SECRETARIAT, region=region, member=senegal)
    return type("WCA", (), {"region": region, "member": senegal, "erin": erin})


def test_the_demo_has_one_wco_secretariat_and_one_secretary_general_shared(db):
    # Today each region had its own copy: A/P's WCO Secretariat and Secretary General.
    asia_pacific.load()
    wco = Organisation.objects.get(kind=Organisation.Kind.WCO)
    assert wco.shared and wco.region is None
    sg = Person.objects.get(name="Kunio Mikuriya")
    assert sg.shared and sg.region is None and sg.organisation == wco


def test_a_second_region_sees_and_invites_the_shared_wco_secretariat(client, wco, wca):
    # Today a second region had to create the WCO Secretariat again.
    assert "WCO Secretariat" in client.get("/wca/entities/").content.decode()
    session = SessionFactory(region=wca.region, starts_at=None, ends_at=None)
    invitations = delegations.session_invite(
        session=session,
        organisations=[wco],
        deadline=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
        by=wca.erin,
    )
    assert invitations[0].organisation == wco
    assert Organisation.objects.filter(kind=Organisation.Kind.WCO).count() == 1


def test_any_region_links_a_shared_body_but_a_shared_body_links_no_region(region, wco, wca):
    post = PostFactory(region=wca.region, holder_kind="organisation")
    services.holding_start(post=post, holder=wco, starts_on=datetime.date(2026, 1, 1), by=SYSTEM)
    observer = services.person_create(region=wca.region, by=SYSTEM, name="Obs", organisation=wco)
    services.role_assign(person=observer, kind=Role.Kind.OBSERVER, organisation=wco, by=SYSTEM)
    with pytest.raises(ValidationError):
        services.person_create(
            region=None, by=SYSTEM, name="Not shared", member=MemberFactory(region=region)
        )
    assert not Person.objects.filter(name="Not shared").exists()


def test_only_the_platform_administrator_makes_or_changes_a_shared_body(cast, wco, wca):
    for secretariat in (cast.sam, wca.erin):
        with pytest.raises(PermissionDenied):
            services.organisation_update(organisation=wco, by=secretariat, name_en="Hacked")
        with pytest.raises(PermissionDenied):
            services.organisation_create(region=None, by=secretariat, name_en="Fake WCO")
        with pytest.raises(PermissionDenied):
            services.person_create(region=None, by=secretariat, name="Fake SG")
    wco.refresh_from_db()
    assert wco.name_en == "WCO Secretariat"
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.organisation_update(organisation=wco, by=admin, name_en="WCO Secretariat (Brussels)")
    wco.refresh_from_db()
    assert wco.name_en == "WCO Secretariat (Brussels)"


def test_the_admin_keeps_shared_bodies_to_the_platform_administrator(client, cast, wco):
    url = f"/admin/regions/organisation/{wco.pk}/change/"
    client.force_login(cast.sam)
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, {"name_en": "Hacked", "kind": "wco", "slug": "wco"})
    assert response.status_code in (302, 403)
    wco.refresh_from_db()
    assert wco.name_en == "WCO Secretariat"
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_no_row_loses_its_region_without_being_shared(region):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(region=None, shared=False, slug="x", kind="partner")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(region=region, shared=True, slug="y", kind="partner")

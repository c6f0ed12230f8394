"""No record links objects of two regions (issue 14, item 5), whoever writes it: a service,
a save, the admin of a second region's secretariat, or a platform administrator."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from secretariat.core.permissions import SYSTEM
from secretariat.meetings.models import AgendaItem
from secretariat.plans import services as plans
from secretariat.plans.models import Indicator, Objective
from secretariat.regions import services as regions
from secretariat.regions.models import Post, Role

from ..factories import EntityFactory, MemberFactory, RegionFactory, UserFactory, user_with_role
from ..meetings.factories import MeetingFactory, SessionFactory
from ..plans.conftest import build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def far():
    """A second region, its Member and its own secretariat (erin)."""
    region = RegionFactory(slug="wca", short_name_en="WCA")
    senegal = MemberFactory(region=region, short_name_en="Senegal", slug="senegal")
    erin = user_with_role(
        Role.Kind.SECRETARIAT, region=region, member=senegal, email="erin@example.org"
    )
    return type("Far", (), {"region": region, "member": senegal, "erin": erin})


@pytest.fixture
def ap(region, member):
    """A/P's plan (focus areas "Focus area 1/2", objectives "Objective 1.1/2.1") and a meeting."""
    plan = build_plan(region, coordinator=member)
    meeting = MeetingFactory(series__region=region, series__name_en="Heads of Customs Zqx")
    return type("AP", (), {"plan": plan, "meeting": meeting})


def test_a_service_refuses_a_coordinator_of_another_region(ap, far):
    area = ap.plan.focus_areas.first()
    with pytest.raises(ValidationError):
        plans.objective_add(
            focus_area=area,
            by=SYSTEM,
            number="9.9",
            title_en="Foreign",
            coordinator_member=far.member,
        )
    assert not Objective.objects.filter(title_en="Foreign").exists()


def test_a_save_refuses_links_across_regions(ap, far):
    entity = EntityFactory(region=far.region, short_name_en="ROCB WCA")
    with pytest.raises(ValidationError) as error:
        Post(region=ap.plan.region, slug="x", name_en="Seat", entity=entity).save()
    assert "entity" in error.value.message_dict
    far_meeting = MeetingFactory(series__region=far.region)
    with pytest.raises(ValidationError):
        AgendaItem(
            session=ap.meeting.session, meeting=far_meeting, position=9, kind="other", title_en="X"
        ).save()
    objective = Objective.objects.filter(focus_area__plan=ap.plan).first()
    objective.coordinator_member = far.member
    with pytest.raises(ValidationError):
        objective.save()


def test_an_update_through_a_service_refuses_another_regions_entity(region, far):
    post = regions.post_create(region=region, by=SYSTEM, name_en="Seat on the Council")
    entity = EntityFactory(region=far.region)
    with pytest.raises(ValidationError):
        regions.post_update(post=post, by=SYSTEM, entity=entity)
    post.refresh_from_db()
    assert post.entity is None


CHOICE = "Select a valid choice. That choice is not one of the available choices."


def errors(response) -> list[str]:
    """The error messages of the admin form in `response`."""
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    return [unescape(m) for each in lists for m in re.findall(r"<li>(.*?)</li>", each)]


ADD_PAGES = {
    # admin page: labels of A/P objects its choice lists could offer
    "admin:plans_objective_add": ["Focus area 1", "Focus area 2", "Indonesia"],
    "admin:plans_indicator_add": ["Objective 1.1", "Objective 2.1", "Indonesia"],
    "admin:meetings_agendaitem_add": ["Heads of Customs Zqx", "Indonesia"],
}


@pytest.mark.parametrize("name", ADD_PAGES)
def test_another_regions_secretariat_sees_no_ap_labels(client, ap, far, name):
    client.force_login(far.erin)
    page = client.get(reverse(name))
    assert page.status_code == 200
    text = page.content.decode()
    for label in ADD_PAGES[name]:
        assert label not in text, f"{label!r} offered to another region's secretariat"
    assert "Senegal" in text  # its own region's objects are offered


def test_another_regions_secretariat_cannot_link_ap_objects(client, ap, far):
    client.force_login(far.erin)
    area = ap.plan.focus_areas.first()
    objective = Objective.objects.filter(focus_area__plan=ap.plan).first()
    before = (Objective.objects.count(), Indicator.objects.count(), AgendaItem.objects.count())
    inline = {"activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0"}
    answers = [
        client.post(
            reverse("admin:plans_objective_add"),
            {
                "focus_area": area.pk,
                "number": "7.1",
                "title_en": "Leak",
                "weight": "1",
                "order": "0",
                **inline,
            },
        ),
        client.post(
            reverse("admin:plans_indicator_add"),
            {
                "objective": objective.pk,
                "code": "L1",
                "title_en": "Leak",
                "unit": "%",
                "baseline_value": "0",
                "baseline_on": "2020-06-30",
                "direction": "up",
                "weight": "1",
                "order": "0",
                "targets-TOTAL_FORMS": "0",
                "targets-INITIAL_FORMS": "0",
            },
        ),
        client.post(
            reverse("admin:meetings_agendaitem_add"),
            {
                "session": SessionFactory(region=far.region).pk,  # erin's own
                "meeting": ap.meeting.pk,
                "position": "9",
                "kind": "other_business",
                "title_en": "Leak",
            },
        ),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]  # the form again, with errors
    for answer in answers:  # refused for the A/P choices only
        assert set(errors(answer)) == {CHOICE}, errors(answer)
    after = (Objective.objects.count(), Indicator.objects.count(), AgendaItem.objects.count())
    assert after == before


def test_a_superuser_cannot_save_a_post_of_another_regions_entity(client, region, far):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    entity = EntityFactory(region=far.region, short_name_en="ROCB WCA")
    client.force_login(admin)
    response = client.post(
        reverse("admin:regions_post_add"),
        {
            "region": region.pk,
            "slug": "council-seat",
            "name_en": "Council seat",
            "entity": entity.pk,
            "holder_kind": Post.HolderKind.MEMBER,
            "seat_count": "1",
            "term_months": "24",
            "visibility": "public",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert errors(response) == ["This belongs to another region."]  # the entity, and only it
    assert not Post.objects.filter(slug="council-seat").exists()

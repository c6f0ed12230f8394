"""The secretariat's pages: who may use them, that refusals change nothing, and no N+1."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.core import audit
from secretariat.core.models import AuditEntry
from secretariat.regions import services
from secretariat.regions.models import Holding, Person, Role

from ..factories import (
    EntityFactory,
    HoldingFactory,
    MemberFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
    RoleFactory,
    UserFactory,
    user_with_role,
)

D = datetime.date
REFUSED = ["alice", "bob", "charlie", "dana"]


@pytest.fixture
def world(cast, region, member, other_member):
    """A post with a holding, a newcomer, and the URLs and valid POSTs of each page."""
    post = PostFactory(region=region, name_en="Vice-Chair", seat_count=1)
    holding = HoldingFactory(
        post=post, member=member, starts_on=D(2020, 7, 1), ends_on=D(2022, 6, 30)
    )
    newcomer = PersonFactory(region=region, member=member, name="Budi Santoso")
    role = cast.alice.person.roles.get()
    slug = region.slug
    pages = {
        "manage": (reverse("regions:manage", args=[slug]), None),
        "person-add": (
            reverse("accounts:person-add", args=[slug]),
            {"name": "Sari Dewi", "email": "", "member": member.pk},
        ),
        "person-detail": (reverse("regions:person-detail", args=[slug, newcomer.pk]), None),
        "role-assign": (
            reverse("regions:role-assign", args=[slug, newcomer.pk]),
            {"kind": Role.Kind.HEAD_OF_CUSTOMS, "member": member.pk, "starts_on": "2024-01-01"},
        ),
        "role-hand-over": (
            reverse("regions:role-hand-over", args=[slug, role.pk]),
            {"to": newcomer.pk, "on": "2024-03-01"},
        ),
        "holding-add": (
            reverse("regions:holding-add", args=[slug]),
            {
                "post": post.pk,
                "member": other_member.pk,
                "starts_on": "2030-07-01",
                "confirmed": "on",
            },
        ),
        "holding-end": (
            reverse("regions:holding-end", args=[slug, holding.pk]),
            {"on": "2021-06-30"},
        ),
        "audit-log": (reverse("regions:audit-log", args=[slug]), None),
    }
    return pages


def state():
    """Everything the pages could change."""
    return (
        AuditEntry.objects.count(),
        list(Person.objects.values_list("pk", "name", "is_active", "version").order_by("pk")),
        list(
            Role.objects.values_list("pk", "kind", "person", "starts_on", "ends_on").order_by("pk")
        ),
        list(Holding.objects.values_list("pk", "member", "starts_on", "ends_on").order_by("pk")),
    )


PAGES = [
    "manage",
    "person-add",
    "person-detail",
    "role-assign",
    "role-hand-over",
    "holding-add",
    "holding-end",
    "audit-log",
]
FORMS = [p for p in PAGES if p not in {"manage", "person-detail", "audit-log"}]


@pytest.mark.django_db
class TestPermissions:
    @pytest.mark.parametrize("page", PAGES)
    def test_secretariat_opens_the_page(self, client, cast, world, page):
        client.force_login(cast.sam)
        assert client.get(world[page][0]).status_code == 200

    @pytest.mark.parametrize("page", FORMS)
    def test_secretariat_post_does_the_work_and_is_audited(self, client, cast, world, page):
        client.force_login(cast.sam)
        before = AuditEntry.objects.count()
        url, data = world[page]
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert AuditEntry.objects.count() > before
        assert set(AuditEntry.objects.values_list("actor", flat=True)) == {cast.sam.pk}

    @pytest.mark.parametrize("who", REFUSED)
    @pytest.mark.parametrize("page", PAGES)
    def test_others_are_refused_and_nothing_changes(self, client, cast, world, page, who):
        client.force_login(getattr(cast, who))
        url, data = world[page]
        before = state()
        assert client.get(url).status_code == 403
        assert client.post(url, data or {}).status_code == 403
        assert state() == before

    @pytest.mark.parametrize("page", PAGES)
    def test_anonymous_is_sent_to_sign_in(self, client, world, page):
        url, data = world[page]
        before = state()
        for response in (client.get(url), client.post(url, data or {})):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login") + "?next=")
        assert state() == before

    def test_secretariat_of_another_region_is_refused(self, client, cast, world):
        RoleFactory(
            person=cast.dana.person,
            kind=Role.Kind.SECRETARIAT,
            member=None,
            region=cast.dana.person.region,
        )
        client.force_login(cast.dana)
        assert client.get(world["manage"][0]).status_code == 403


@pytest.mark.django_db
class TestPagesShowTheWork:
    def test_hand_over_page_result(self, client, cast, world):
        client.force_login(cast.sam)
        url, data = world["role-hand-over"]
        response = client.post(url, data, follow=True)
        assert "The role is handed over to Budi Santoso." in response.text
        old = cast.alice.person.roles.get()
        assert old.ends_on == D(2024, 2, 29)
        # The old holder's page keeps the ended role in its list.
        page = client.get(
            reverse("regions:person-detail", args=[old.region.slug, old.person_id])
        ).text
        assert "Contact point" in page and "Feb. 29, 2024" in page

    def test_holding_add_refusal_is_shown_in_the_form(self, client, cast, world, region):
        client.force_login(cast.sam)
        url, data = world["holding-add"]
        response = client.post(url, data | {"starts_on": "2021-01-01"})
        assert response.status_code == 400
        assert "Vice-Chair has 1 seat(s), all taken on 2021-01-01." in response.text

    def test_audit_log_shows_who_changed_what(self, client, cast, world):
        client.force_login(cast.sam)
        client.post(*world["holding-end"])
        response = client.get(world["audit-log"][0])
        assert "holding ended" in response.text
        assert "sam@example.org" in response.text
        assert "June 30, 2022 → June 30, 2021" in response.text  # as readers read dates

    def test_audit_log_shows_only_its_region(self, client, cast, world):
        far = cast.dana.person
        audit.record(by=cast.dana, action="updated", obj=far, before={"name": "Old name"})
        client.force_login(cast.sam)
        assert "Old name" not in client.get(world["audit-log"][0]).text


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
class TestQueryCounts:
    def test_audit_log_same_queries_for_1_and_10_rows(
        self, client, cast, region, django_assert_num_queries
    ):
        url = reverse("regions:audit-log", args=[region.slug])
        client.force_login(cast.sam)

        def add_entry(n):
            member = MemberFactory(region=region, short_name_en=f"Audited {n}")
            actor = [cast.sam, cast.alice][n % 2]
            audit.record(by=actor, action="created", obj=member)

        add_entry(0)
        once = count_queries(client, url)
        for n in range(1, 10):
            add_entry(n)
        with django_assert_num_queries(once):
            response = client.get(url)
        assert response.text.count("<td>created</td>") == 10

    def test_manage_same_queries_for_1_and_10_people(self, client, db, django_assert_num_queries):
        region = RegionFactory(slug="pacific")
        staff = user_with_role(Role.Kind.SECRETARIAT, region=region)
        url = reverse("regions:manage", args=[region.slug])
        client.force_login(staff)
        baseline = count_queries(client, url)
        assert Person.objects.filter(region=region).count() == 1
        post = PostFactory(region=region, seat_count=20)
        entity = EntityFactory(region=region)
        for n in range(9):
            member = MemberFactory(region=region)
            if n % 2:
                person = services.person_create(
                    region=region, by=staff, name=f"Person {n}", member=member
                )
                services.role_assign(
                    person=person,
                    kind=Role.Kind.HEAD_OF_CUSTOMS,
                    member=member,
                    starts_on=D(2020, 1, 1),
                    by=staff,
                )
            else:
                person = services.person_create(
                    region=region, by=staff, name=f"Person {n}", entity=entity
                )
                services.role_assign(
                    person=person,
                    kind=Role.Kind.ENTITY_OFFICER,
                    entity=entity,
                    starts_on=D(2020, 1, 1),
                    by=staff,
                )
                person.user = UserFactory()
                person.save()
            HoldingFactory(post=post, member=member, starts_on=D(2020, 1, 1))
        with django_assert_num_queries(baseline):
            response = client.get(url)
        for n in range(9):
            assert f"Person {n}" in response.text
        assert response.text.count("Head of Customs") == 4

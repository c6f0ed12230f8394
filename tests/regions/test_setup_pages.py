"""Setting up a region on the site, with no admin page and no command (issue 21): the
platform administrator opens it and invites its first secretariat person; the region's
secretariat adds sub-regions, Members (one at a time or by importing a file), entities,
organisations and posts."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.models import AuditEntry, OutboxMessage
from secretariat.core.permissions import SYSTEM
from secretariat.regions import importing
from secretariat.regions.models import (
    Entity,
    Member,
    Organisation,
    Person,
    Post,
    Region,
    Role,
    SubRegion,
)

from ..factories import MemberFactory, RegionFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db
WHO = ["alice", "bob", "charlie", "dana", "sam"]


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True, email="platform@example.org")


@pytest.fixture
def wca():
    region = RegionFactory(slug="wca", short_name_en="WCA")
    senegal = MemberFactory(region=region, short_name_en="Senegal", slug="senegal")
    erin = user_with_role(Role.Kind.SECRETARIAT, region=region, member=senegal)
    return type("WCA", (), {"region": region, "erin": erin})


OPEN = {
    "name_en": "West and Central Africa",
    "name_fr": "Afrique occidentale et centrale",
    "short_name_en": "West and Central Africa",
    "short_name_fr": "Afrique occidentale et centrale",
    "abbreviation": "AOC",
    "slug": "aoc",
    "time_zone": "Africa/Abidjan",
    "person_name": "Awa Diop",
    "person_email": "awa.diop@example.org",
    "person_position": "Chargée du secrétariat régional",
}


class TestOpenARegion:
    def test_the_platform_administrator_opens_a_region_and_invites_its_secretariat(
        self, client, admin, settings
    ):
        settings.SITE_URL = "https://secretariat.example.org"
        client.force_login(admin)
        assert "Open a region" in client.get("/me/").content.decode()
        response = client.post("/platform/regions/add/", OPEN)
        assert response.status_code == 302
        region = Region.objects.get(slug="aoc")
        assert response["Location"] == "/aoc/manage/"
        awa = Person.objects.get(email="awa.diop@example.org")
        assert awa.region == region
        assert awa.roles.get().kind == Role.Kind.SECRETARIAT
        mail = OutboxMessage.objects.get(to="awa.diop@example.org").body
        assert re.search(r"https://secretariat\.example\.org/me/invitation/\S+", mail)
        assert AuditEntry.objects.filter(region_id=region.pk, action="invited").exists()

    @pytest.mark.parametrize("who", WHO)
    def test_nobody_else_opens_a_region(self, client, cast, who):
        client.force_login(getattr(cast, who))
        assert "Open a region" not in client.get("/me/").content.decode()
        assert client.get("/platform/regions/add/").status_code == 403
        assert client.post("/platform/regions/add/", OPEN).status_code == 403
        assert not Region.objects.filter(slug="aoc").exists()

    def test_a_bad_form_keeps_what_was_typed(self, client, admin):
        client.force_login(admin)
        response = client.post("/platform/regions/add/", OPEN | {"slug": "platform"})
        assert response.status_code == 400
        assert "Afrique occidentale et centrale" in response.content.decode()
        assert not Region.objects.filter(name_en=OPEN["name_en"]).exists()


PAGES = {
    "sub-regions": (
        "/{r}/manage/sub-regions/add/",
        {"name_en": "Sahel", "name_fr": "Sahel", "order": 1},
        lambda: SubRegion.objects.filter(name_en="Sahel"),
    ),
    "members": (
        "/{r}/manage/members/add/",
        {
            "short_name_en": "Mali",
            "short_name_fr": "Mali",
            "official_name_en": "Republic of Mali",
            "official_name_fr": "République du Mali",
            "administration_fr": "Direction générale des douanes",
        },
        lambda: Member.objects.filter(short_name_en="Mali"),
    ),
    "entities": (
        "/{r}/manage/entities/add/",
        {"kind": "rocb", "name_en": "ROCB WCA", "short_name_en": "ROCB"},
        lambda: Entity.objects.filter(name_en="ROCB WCA"),
    ),
    "organisations": (
        "/{r}/manage/organisations/add/",
        {"kind": "partner", "name_en": "ECOWAS Commission"},
        lambda: Organisation.objects.filter(name_en="ECOWAS Commission"),
    ),
    "posts": (
        "/{r}/manage/posts/add/",
        {
            "name_en": "Vice-Chair",
            "holder_kind": "member",
            "seat_count": 1,
            "term_months": 24,
            "term_start_month": 7,
            "visibility": "public",
        },
        lambda: Post.objects.filter(name_en="Vice-Chair"),
    ),
}


class TestTheSecretariatSetsUpItsRegion:
    @pytest.mark.parametrize("page", PAGES)
    def test_its_secretariat_adds_and_it_is_audited(self, client, cast, region, page):
        url, data, rows = PAGES[page]
        client.force_login(cast.sam)
        assert client.get(url.format(r=region.slug)).status_code == 200
        response = client.post(url.format(r=region.slug), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        made = rows().get()
        assert AuditEntry.objects.filter(region_id=region.pk, action="created").exists()
        assert getattr(made, "region_id", region.pk) == region.pk

    @pytest.mark.parametrize("page", PAGES)
    @pytest.mark.parametrize("who", ["alice", "bob", "charlie", "dana"])
    def test_others_are_refused_and_nothing_changes(self, client, cast, region, page, who):
        url, data, rows = PAGES[page]
        client.force_login(getattr(cast, who))
        assert client.post(url.format(r=region.slug), data).status_code == 403
        assert not rows().exists()

    @pytest.mark.parametrize("page", PAGES)
    def test_another_regions_secretariat_is_refused(self, client, region, wca, page):
        url, data, rows = PAGES[page]
        client.force_login(wca.erin)
        assert client.post(url.format(r=region.slug), data).status_code == 403
        assert not rows().exists()

    def test_a_refused_member_keeps_what_was_typed(self, client, cast, region, member):
        client.force_login(cast.sam)
        response = client.post(
            f"/{region.slug}/manage/members/add/",
            {"short_name_en": "Indonesia", "official_name_en": "Typed again, Republic of"},
        )
        assert response.status_code == 400
        assert "Typed again, Republic of" in response.content.decode()
        assert Member.objects.filter(short_name_en="Indonesia").count() == 1


CSV = (
    "short_name_en,short_name_fr,official_name_en,official_name_fr,administration_en,"
    "administration_fr,contact_name,contact_position,contact_position_fr,contact_email\n"
    "Senegal,Sénégal,Republic of Senegal,République du Sénégal,Customs,"
    "Direction générale des douanes,Moussa Ba,Regional contact point,"
    "Point de contact régional,moussa.ba@example.org\n"
)


def test_the_import_reads_the_french_administration_and_position(region):
    # Today the import refused administration_fr (an unknown column) and had no French
    # position: a French-speaking region's texts were wrong.
    result = importing.import_members(
        ContentFile(CSV.encode(), name="members.csv"), region=region, by=SYSTEM
    )
    assert result.ok, result.errors
    senegal = Member.objects.get(short_name_en="Senegal")
    assert senegal.administration_fr == "Direction générale des douanes"
    assert senegal.people.get().position_fr == "Point de contact régional"


class TestImportOnTheSite:
    URL = "/ap/manage/members/import/"

    def upload(self, text=CSV):
        return SimpleUploadedFile("members.csv", text.encode(), content_type="text/csv")

    def test_a_dry_run_reports_each_row_and_writes_nothing(self, client, cast):
        client.force_login(cast.sam)
        response = client.post(self.URL, {"file": self.upload(), "dry_run": "on"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "would be created" in page and "Senegal" in page
        assert "Dry run, nothing written: 2 would be created" in page
        assert not Member.objects.filter(short_name_en="Senegal").exists()

    def test_the_import_writes_and_reports(self, client, cast):
        client.force_login(cast.sam)
        response = client.post(self.URL, {"file": self.upload()})
        assert response.status_code == 200
        assert "2 created, 0 updated, 0 unchanged." in response.content.decode()
        assert Member.objects.get(short_name_en="Senegal").region.slug == "ap"

    def test_a_bad_file_lists_every_problem_by_line_and_writes_nothing(self, client, cast):
        client.force_login(cast.sam)
        bad = "short_name_en,official_name_en,joined_on\nSenegal,,2020-13-01\n"
        response = client.post(self.URL, {"file": self.upload(bad)})
        page = response.content.decode()
        assert response.status_code == 400
        assert "nothing was imported" in page
        assert "A new Member needs an official name." in page and "joined_on" in page
        assert not Member.objects.filter(short_name_en="Senegal").exists()

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana"])
    def test_others_are_refused(self, client, cast, who):
        client.force_login(getattr(cast, who))
        assert client.post(self.URL, {"file": self.upload()}).status_code == 403
        assert not Member.objects.filter(short_name_en="Senegal").exists()

"""The secretariat's audit page: filters, pages, CSV export, permissions, queries."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType

from secretariat.core import audit
from secretariat.core.models import AuditEntry
from secretariat.regions.models import Person

from ..factories import PersonFactory

PAGE = "/ap/manage/audit/"
EXPORT = "/ap/manage/audit/export.csv"
UTC = datetime.UTC


def entry(*, by, action, obj, at=None, note=""):
    made = audit.record(by=by, action=action, obj=obj, note=note)
    if at:
        AuditEntry.objects.filter(pk=made.pk).update(at=at)
    return made


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def trail(cast, region):
    """Sam updated a person in 2024, Bob a region in 2025; Dana's region has its own trail."""
    person = PersonFactory(region=region, name="Mere Vula")
    entry(by=cast.sam, action="updated", obj=person, at=datetime.datetime(2024, 3, 1, tzinfo=UTC))
    entry(
        by=cast.bob,
        action="role assigned",
        obj=region,
        at=datetime.datetime(2025, 5, 1, tzinfo=UTC),
    )
    entry(by=cast.dana, action="updated", obj=cast.dana.person, note="far away")
    return person


@pytest.mark.django_db
class TestPermissions:
    @pytest.mark.parametrize("url", [PAGE, EXPORT])
    def test_secretariat_of_the_region_only(self, client, cast, trail, url):
        client.force_login(cast.sam)
        assert client.get(url).status_code == 200
        for someone in (cast.alice, cast.bob, cast.charlie, cast.dana):
            client.force_login(someone)
            assert client.get(url).status_code == 403, someone.email

    @pytest.mark.parametrize("url", [PAGE, EXPORT])
    def test_anonymous_is_sent_to_sign_in(self, client, region, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
class TestFilters:
    @pytest.fixture(autouse=True)
    def signed_in(self, client, cast):
        client.force_login(cast.sam)

    def shown(self, client, **query):
        response = client.get(PAGE, query)
        assert response.status_code == 200
        return [e.target_repr for e in response.context["page"]]

    def test_everything_of_the_region_and_nothing_else(self, client, trail, region):
        assert self.shown(client) == [str(region), "Mere Vula"]

    def test_by_person(self, client, cast, trail):
        assert self.shown(client, who=cast.sam.pk) == ["Mere Vula"]

    def test_by_action(self, client, trail, region):
        assert self.shown(client, action="role assigned") == [str(region)]

    def test_by_kind_of_record(self, client, trail):
        kind = ContentType.objects.get_for_model(Person).pk
        assert self.shown(client, kind=kind) == ["Mere Vula"]

    def test_by_days_both_included(self, client, trail, region):
        assert self.shown(client, since="2024-03-01", until="2024-03-01") == ["Mere Vula"]
        assert self.shown(client, since="2024-03-02") == [str(region)]
        assert self.shown(client, until="2025-04-30") == ["Mere Vula"]

    def test_days_are_the_viewers(self, client, cast, trail):
        cast.sam.time_zone = "Pacific/Auckland"  # 1 March 2024 00:00 UTC is 13:00 there
        cast.sam.save()
        assert self.shown(client, since="2024-03-01", until="2024-03-01") == ["Mere Vula"]
        assert self.shown(client, until="2024-02-29") == []

    def test_a_reversed_range_is_explained(self, client, trail):
        response = client.get(PAGE, {"since": "2025-01-01", "until": "2024-01-01"})
        assert response.status_code == 400
        assert "The first day comes after the last." in response.text
        assert list(response.context["page"]) == []

    def test_a_person_of_another_region_is_not_a_choice(self, client, cast, trail):
        response = client.get(PAGE, {"who": cast.dana.pk})
        assert response.status_code == 400
        choices = dict(response.context["form"].fields["who"].choices)
        assert set(choices) == {"", cast.sam.pk, cast.bob.pk}

    def test_pages_keep_the_filters(self, client, cast, trail, region):
        for _ in range(55):
            entry(by=cast.sam, action="updated", obj=trail)
        first = client.get(PAGE, {"who": cast.sam.pk})
        assert len(first.context["page"]) == 50
        assert f"?who={cast.sam.pk}&amp;page=2" in first.text
        second = client.get(PAGE, {"who": cast.sam.pk, "page": 2})
        assert len(second.context["page"]) == 6
        assert str(region) not in [e.target_repr for e in second.context["page"]]

    def test_in_french(self, client, cast, trail):
        cast.sam.language = "fr"
        cast.sam.save()
        response = client.get(PAGE)
        assert "Exporter ces entrées en CSV" in response.text
        assert "Type de fiche" in response.text


@pytest.mark.django_db
class TestExport:
    def test_the_filtered_entries_as_csv(self, client, cast, trail):
        client.force_login(cast.sam)
        response = client.get(EXPORT, {"who": cast.sam.pk})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="ap-audit.csv"'
        header, *rows = rows_of(response)
        assert header == [
            "When (UTC)",
            "Who",
            "Action",
            "Kind of record",
            "Record",
            "Changes",
            "Note",
        ]
        assert rows == [
            [
                "2024-03-01T00:00:00+00:00",
                "sam@example.org",
                "updated",
                "person",
                "Mere Vula",
                "{}",
                "",
            ]
        ]

    def test_formulas_are_not_run_by_spreadsheets(self, client, cast, region):
        person = PersonFactory(region=region, name='=HYPERLINK("http://evil.example")')
        entry(by=cast.sam, action="updated", obj=person, note="+1")
        client.force_login(cast.sam)
        [row] = rows_of(client.get(EXPORT))[1:]
        assert row[4].startswith("'=HYPERLINK")
        assert row[6] == "'+1"

    def test_a_bad_filter_goes_back_to_the_page(self, client, cast, trail):
        client.force_login(cast.sam)
        response = client.get(EXPORT, {"since": "2025-01-01", "until": "2024-01-01"})
        assert response.status_code == 302
        assert response["Location"].startswith(PAGE)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 10])
def test_queries_do_not_grow_with_rows(client, cast, region, rows, django_assert_num_queries):
    person = PersonFactory(region=region)
    for _ in range(rows):
        entry(by=cast.sam, action="updated", obj=person)
    client.force_login(cast.sam)
    client.get(PAGE)  # warm the content-type cache
    # session, user, roles, region, 3 filter choices, count, rows
    with django_assert_num_queries(9):
        assert client.get(PAGE).status_code == 200
    with django_assert_num_queries(8):
        assert len(rows_of(client.get(EXPORT))) == rows + 1

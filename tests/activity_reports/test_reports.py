"""Activity reports: sections by entity kind, drafts private, presented at an agenda item,
exported to PDF and Word (both re-opened here)."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from secretariat.activity_reports import services
from secretariat.activity_reports.models import ActivityReport
from secretariat.regions.models import Entity, Role
from tests.factories import PASSWORD, EntityFactory, RegionFactory, user_with_role
from tests.meetings.factories import AgendaItemFactory, SessionFactory

D = datetime.date


@pytest.fixture
def rocb(region):
    return EntityFactory(region=region, kind=Entity.Kind.ROCB, slug="rocb", name_en="ROCB A/P")


@pytest.fixture
def officer(region, rocb):
    return user_with_role(
        Role.Kind.ENTITY_OFFICER, region=region, entity=rocb, email="officer@example.org"
    )


@pytest.fixture
def rilo_officer(region):
    rilo = EntityFactory(region=region, kind=Entity.Kind.RILO, slug="rilo")
    return user_with_role(Role.Kind.ENTITY_OFFICER, region=region, entity=rilo)


@pytest.fixture
def report(rocb, officer):
    return services.report_create(
        entity=rocb,
        by=officer,
        title_en="ROCB A/P report 2019–20",
        starts_on=D(2019, 7, 1),
        ends_on=D(2020, 6, 30),
    )


def _written(report, officer):
    first = report.sections.first()
    services.report_write(
        report=report, by=officer, sections={first: ("**Twelve** workshops held.", "")}
    )
    return services.report_submit(report=report, by=officer)


def _login(client, user):
    if user is not None:
        client.login(username=user.email, password=PASSWORD)


def _users(cast, officer, rilo_officer):
    return {
        "officer": officer,
        "rilo": rilo_officer,
        "sam": cast.sam,
        "charlie": cast.charlie,
        "dana": cast.dana,
        "anonymous": None,
    }


def test_a_new_report_has_its_kinds_sections(report):
    assert [s.heading_en for s in report.sections.all()] == [
        "Capacity-building activities",
        "Work plan implementation",
        "Partnerships and donors",
        "Challenges and next steps",
    ]
    assert report.status == ActivityReport.Status.DRAFT


@pytest.mark.parametrize(
    ("who", "draft", "submitted"),
    [
        ("officer", 200, 200),
        ("rilo", 404, 200),
        ("sam", 404, 200),
        ("charlie", 404, 200),
        ("dana", 404, 404),
        ("anonymous", 302, 302),
    ],
)
def test_drafts_are_the_entitys_until_submitted(
    client, cast, report, officer, rilo_officer, who, draft, submitted
):
    _login(client, _users(cast, officer, rilo_officer)[who])
    url = report.get_absolute_url()
    assert client.get(url).status_code == draft
    listed = (
        report.title_en
        in client.get(reverse("activity_reports:report-list", args=["ap"])).content.decode()
    )
    assert listed == (draft == 200)
    _written(report, officer)
    assert client.get(url).status_code == submitted


@pytest.mark.parametrize(
    ("who", "expected"), [("officer", 200), ("rilo", 404), ("sam", 404), ("anonymous", 302)]
)
def test_only_the_entity_writes(client, cast, report, officer, rilo_officer, who, expected):
    _login(client, _users(cast, officer, rilo_officer)[who])
    url = reverse("activity_reports:report-edit", args=["ap", report.pk])
    assert client.get(url).status_code == expected
    section = report.sections.first()
    client.post(url, {f"s{section.pk}_en": "Changed", f"s{section.pk}_fr": ""})
    section.refresh_from_db()
    assert (section.body_en == "Changed") == (expected == 200)


def test_submitting_an_empty_report_is_refused(client, report, officer):
    _login(client, officer)
    response = client.post(
        reverse("activity_reports:report-submit", args=["ap", report.pk]), follow=True
    )
    assert "Write at least one section before submitting." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.DRAFT


def test_a_submitted_report_is_no_longer_edited(client, report, officer):
    _written(report, officer)
    _login(client, officer)
    url = reverse("activity_reports:report-edit", args=["ap", report.pk])
    assert client.get(url).status_code == 403


def test_the_secretariat_records_where_it_was_presented(client, region, cast, report, officer):
    _written(report, officer)
    item = AgendaItemFactory(
        session=SessionFactory(region=region), title_en="Activity report of ROCB A/P"
    )
    foreign = AgendaItemFactory(session=SessionFactory(region=RegionFactory(slug="far")))
    url = reverse("activity_reports:report-present", args=["ap", report.pk])
    _login(client, officer)
    assert client.post(url, {"agenda_item": item.pk}).status_code == 403
    _login(client, cast.sam)
    client.post(url, {"agenda_item": foreign.pk})
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.SUBMITTED  # another region's item: refused
    client.post(url, {"agenda_item": item.pk})
    report.refresh_from_db()
    assert report.status == ActivityReport.Status.PRESENTED and report.agenda_item == item
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Presented at:" in page and "Activity report of ROCB A/P" in page
    assert "<strong>Twelve</strong> workshops held." in page
    # The exports say at which session, and on what day, it was presented.
    pdf = client.get(reverse("activity_reports:report-pdf", args=["ap", report.pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    where = f"Presented at: {item.session.title}"
    assert " ".join(where.split()) in " ".join(text.split())
    word = client.get(reverse("activity_reports:report-docx", args=["ap", report.pk]))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert any(
        p.startswith(where) and p.endswith("· Activity report of ROCB A/P") for p in paragraphs
    )


def test_pdf_and_word_exports_reopen(client, cast, report, officer):
    _written(report, officer)
    _login(client, cast.charlie)
    pdf = client.get(reverse("activity_reports:report-pdf", args=["ap", report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "ROCB A/P report 2019–20" in text and "Capacity-building activities" in text
    assert "Twelve workshops held." in text
    word = client.get(reverse("activity_reports:report-docx", args=["ap", report.pk]))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert "ROCB A/P report 2019–20" in paragraphs
    assert "Twelve workshops held." in paragraphs  # no Markdown marks left
    assert "**" not in " ".join(paragraphs)


def test_word_carries_the_markdowns_bold_italic_lists_and_headings(client, cast, report, officer):
    first = report.sections.first()
    body = (
        "### Workshops\n\n**Twelve** held, *two* online.\n\n- Bangkok\n- Suva\n\n1. Plan\n2. Hold"
    )
    services.report_write(report=report, by=officer, sections={first: (body, "")})
    services.report_submit(report=report, by=officer)
    _login(client, cast.charlie)
    word = client.get(reverse("activity_reports:report-docx", args=["ap", report.pk]))
    paragraphs = docx.Document(io.BytesIO(word.content)).paragraphs
    by_text = {p.text: p for p in paragraphs}
    assert by_text["Workshops"].style.name == "Heading 3"
    held = by_text["Twelve held, two online."]
    assert [(r.text, r.bold, r.italic) for r in held.runs] == [
        ("Twelve", True, None),
        (" held, ", None, None),
        ("two", None, True),
        (" online.", None, None),
    ]
    assert by_text["Bangkok"].style.name == by_text["Suva"].style.name == "List Bullet"
    assert by_text["Plan"].style.name == by_text["Hold"].style.name == "List Number"
    assert not any("*" in p.text or p.text.startswith(("-", "#")) for p in paragraphs)


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_does_not_grow_in_queries(
    client, cast, rocb, officer, rows, django_assert_num_queries
):
    for n in range(rows):
        report = services.report_create(
            entity=rocb,
            by=officer,
            title_en=f"Report {n}",
            starts_on=D(2019, 7, 1),
            ends_on=D(2020, 6, 30),
        )
        _written(report, officer)
    _login(client, cast.charlie)
    url = reverse("activity_reports:report-list", args=["ap"])
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count('class="badge submitted"') == rows


def test_control_characters_stored_in_a_title_do_not_break_the_word_file(
    client, cast, report, officer
):
    """Issue 16, item 2: a title holding \\x0b (stored before input was cleaned) made the
    report's Word file answer 500."""
    _written(report, officer)
    type(report).objects.filter(pk=report.pk).update(title_en="ROCB\x0b report\x02 2019–20")
    _login(client, cast.charlie)
    word = client.get(reverse("activity_reports:report-docx", args=["ap", report.pk]))
    assert word.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert "ROCB report 2019–20" in paragraphs

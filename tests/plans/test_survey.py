"""The implementation survey: one answer per Member, editable until it closes; results
aggregated (checked against hand counts), charted, exported."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from secretariat.plans import services
from secretariat.plans.models import Answer, Question, Response
from secretariat.plans.survey_results import summarise
from tests.factories import PASSWORD, MemberFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def survey(region, cast):
    survey = services.survey_create(region=region, by=cast.sam, title_en="RSP implementation 2020")
    services.question_add(
        survey=survey,
        by=cast.sam,
        kind="yes_no",
        required=True,
        text_en="Has your administration a single window?",
    )
    services.question_add(
        survey=survey,
        by=cast.sam,
        kind="scale",
        scale_max=5,
        text_en="How useful were the regional workshops?",
    )
    services.question_add(
        survey=survey, by=cast.sam, kind="number", text_en="How many officials were trained?"
    )
    services.question_add(
        survey=survey,
        by=cast.sam,
        kind="choice",
        options="Fully\nPartly\nNot yet",
        text_en="Is the AEO programme in place?",
    )
    services.question_add(survey=survey, by=cast.sam, kind="text", text_en="Comments")
    return survey


def _answers(survey, *values):
    return dict(zip(survey.questions.order_by("order"), values, strict=True))


def _login(client, user):
    if user is not None:
        client.login(username=user.email, password=PASSWORD)


def test_summaries_by_hand():
    assert summarise("yes_no", ["yes", "no", "yes", ""]).counts == [("yes", 2), ("no", 1)]
    scale = summarise("scale", ["4", "5", "3"], scale_max=5)
    assert scale.counts == [("1", 0), ("2", 0), ("3", 1), ("4", 1), ("5", 1)]
    assert scale.mean == 4
    number = summarise("number", ["10", "30.5"])
    assert (number.mean, number.minimum, number.maximum) == (20.25, 10, 30.5)
    choice = summarise("choice", ["Partly", "Partly"], options=["Fully", "Partly"])
    assert choice.counts == [("Fully", 0), ("Partly", 2)]


def test_one_answer_per_member_editable_until_close(survey, member, cast):
    services.survey_open(survey=survey, by=cast.sam)
    services.response_save(
        survey=survey,
        member=member,
        by=cast.alice,
        answers=_answers(survey, "yes", "4", "120", "Partly", ""),
    )
    services.response_save(
        survey=survey,
        member=member,
        by=cast.bob,
        answers=_answers(survey, "no", "5", "130", "Fully", "Done"),
    )
    assert Response.objects.count() == 1
    assert sorted(Answer.objects.values_list("value", flat=True)) == [
        "130",
        "5",
        "Done",
        "Fully",
        "no",
    ]
    services.survey_close(survey=survey, by=cast.sam)
    with pytest.raises(ValidationError, match="not open"):
        services.response_save(
            survey=survey,
            member=member,
            by=cast.alice,
            answers=_answers(survey, "yes", "1", "1", "Fully", ""),
        )
    assert Answer.objects.filter(value="no").exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (("", "4", "1", "Fully", ""), "needs an answer"),
        (("maybe", "4", "1", "Fully", ""), "not valid"),
        (("yes", "6", "1", "Fully", ""), "not valid"),
        (("yes", "4", "many", "Fully", ""), "not valid"),
        (("yes", "4", "1", "Sometimes", ""), "not valid"),
    ],
)
def test_bad_answers_change_nothing(survey, member, cast, values, message):
    services.survey_open(survey=survey, by=cast.sam)
    with pytest.raises(ValidationError, match=message):
        services.response_save(
            survey=survey, member=member, by=cast.alice, answers=_answers(survey, *values)
        )
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_questions_are_fixed_once_open(survey, cast):
    services.survey_open(survey=survey, by=cast.sam)
    with pytest.raises(ValidationError, match="opened"):
        services.question_add(survey=survey, by=cast.sam, kind="text", text_en="Late")
    assert Question.objects.count() == 5


@pytest.mark.parametrize(
    ("who", "open_page", "can_answer", "results_open", "results_closed"),
    [
        ("alice", 200, True, 404, 200),
        ("charlie", 200, True, 404, 200),
        ("sam", 200, False, 200, 200),
        ("dana", 404, False, 404, 404),
        ("anonymous", 302, False, 302, 302),
    ],
)
def test_who_answers_and_who_sees_results(
    client, survey, cast, who, open_page, can_answer, results_open, results_closed
):
    services.survey_open(survey=survey, by=cast.sam)
    _login(client, None if who == "anonymous" else getattr(cast, who))
    url = survey.get_absolute_url()
    response = client.get(url)
    assert response.status_code == open_page
    assert ("Save the answers" in response.content.decode()) == can_answer
    results = reverse("plans:survey-results", args=["ap", survey.pk])
    assert client.get(results).status_code == results_open
    services.survey_close(survey=survey, by=cast.sam)
    assert client.get(results).status_code == results_closed


def test_answering_through_the_page_and_results(client, region, survey, member, cast):
    MemberFactory.create_batch(2, region=region)  # four Members in all
    services.survey_open(survey=survey, by=cast.sam)
    _login(client, cast.alice)
    bad = client.post(survey.get_absolute_url(), {f"q{q.pk}": "" for q in survey.questions.all()})
    assert "needs an answer" in bad.content.decode()
    assert not Response.objects.exists()
    questions = list(survey.questions.order_by("order"))
    client.post(
        survey.get_absolute_url(),
        {
            f"q{questions[0].pk}": "yes",
            f"q{questions[1].pk}": "4",
            f"q{questions[2].pk}": "120",
            f"q{questions[3].pk}": "Partly",
            f"q{questions[4].pk}": "Going well",
        },
    )
    _login(client, cast.sam)
    assert "1 of 4 Members have answered." in client.get(survey.get_absolute_url()).content.decode()
    page = client.get(reverse("plans:survey-results", args=["ap", survey.pk]))
    text = page.content.decode()
    assert "1 of 4 Members answered. (25%)" in text
    charts = [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", text, re.S)]
    assert len(charts) == 3  # yes/no, scale, choice
    yes_no = charts[0]
    assert [t.text for t in yes_no.iter(f"{SVG}text") if "answer" in (t.text or "")] == [
        "100% · 1 answer",
        "0% · 0 answers",
    ]
    assert "Going well" in text
    exported = client.get(reverse("plans:survey-results-csv", args=["ap", survey.pk]))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert ["Is the AEO programme in place?", "Partly", "1", "", "", ""] in rows
    assert ["Response rate", "1/4", "1", "", "", ""] in rows
    assert "Indonesia" not in exported.content.decode()  # aggregates name no Member


def test_a_member_of_another_region_cannot_answer(survey, cast, region):
    far = cast.dana.person.member  # dana answers for her own Member, of another region
    services.survey_open(survey=survey, by=cast.sam)
    with pytest.raises(ValidationError, match="region's Members"):
        services.response_save(
            survey=survey, member=far, by=cast.dana, answers=_answers(survey, "yes", "", "", "", "")
        )


def test_open_status_follows_dates(survey):
    now = timezone.now()
    survey.opens_at = now - datetime.timedelta(days=1)
    survey.closes_at = now + datetime.timedelta(days=1)
    assert survey.is_open(now) and not survey.is_closed(now)
    assert survey.is_closed(now + datetime.timedelta(days=2))

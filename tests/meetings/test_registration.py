"""Registration that gathers what the secretariat needs (issue 19): a new person added
inline, the secretariat's questions with answers kept to the secretariat, registration on a
Member's behalf, bulk approval, and the deadline shown, changed and never already past."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secretariat.meetings import delegations as services
from secretariat.meetings.models import (
    Delegate,
    Delegation,
    MeetingInvitation,
    RegistrationAnswer,
    RegistrationQuestion,
)
from secretariat.regions.models import Person

from ..factories import MemberFactory, PersonFactory
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

SECRET = "Gluten-free, no peanuts"


@pytest.fixture
def session(region):
    starts = timezone.now() + datetime.timedelta(days=30)
    meeting = MeetingFactory(
        series__region=region,
        series__name_en="Heads Conference",
        number=23,
        session__starts_at=starts,
        session__ends_at=starts + datetime.timedelta(hours=4),
        session__mode="hybrid",
    )
    return meeting.session


@pytest.fixture
def invited(session, cast, member, other_member):
    services.session_invite(
        session=session,
        members=[member, other_member],
        deadline=timezone.now() + datetime.timedelta(days=10),
        by=cast.sam,
    )
    return session


@pytest.fixture
def questions(invited, cast):
    return [
        services.registration_question_add(
            session=invited, kind="text", text_en="Dietary needs", by=cast.sam
        ),
        services.registration_question_add(
            session=invited, kind="yes_no", text_en="Do you need a visa letter?", by=cast.sam
        ),
    ]


def url(name, session, *args):
    return reverse(f"meetings:{name}", args=[session.region.slug, session.pk, *args])


def ours(session, member):
    return Delegation.objects.get(invitation__session=session, invitation__member=member)


class TestTheForm:
    def test_a_new_person_is_added_inline_and_registered(self, client, invited, cast, member):
        # Today the contact point must add the person on the Member's page first.
        delegation = ours(invited, member)
        client.force_login(cast.alice)
        response = client.post(
            url("delegation-register", invited, delegation.pk),
            {
                f"role_{cast.alice.person.pk}": "head",
                "new_name": "Dewi Lestari",
                "new_position": "Deputy Director",
                "new_email": "dewi@example.org",
                "new_role": "delegate",
                "new_mode": "online",
            },
        )
        assert response.status_code == 302
        dewi = Person.objects.get(name="Dewi Lestari")
        assert (dewi.member, dewi.region, dewi.position_en) == (
            member,
            invited.region,
            "Deputy Director",
        )
        seat = Delegate.objects.get(delegation=delegation, person=dewi)
        assert (seat.role, seat.mode) == ("delegate", "online")

    def test_a_refused_form_keeps_what_was_typed(self, client, invited, cast, member, questions):
        delegation = ours(invited, member)
        client.force_login(cast.alice)
        response = client.post(
            url("delegation-register", invited, delegation.pk),
            {
                f"role_{cast.alice.person.pk}": "head",
                f"q{questions[0].pk}_{cast.alice.person.pk}": SECRET,
                "new_name": "Dewi Lestari",
                "new_role": "head",  # a second head: refused
            },
        )
        assert response.status_code == 400
        assert "A delegation has one head of delegation." in response.text
        assert SECRET in response.text and "Dewi Lestari" in response.text
        assert not Person.objects.filter(name="Dewi Lestari").exists()

    def test_questions_are_asked_per_person_and_answers_kept(
        self, client, invited, cast, member, questions
    ):
        delegation = ours(invited, member)
        client.force_login(cast.alice)
        page = client.get(url("delegation-register", invited, delegation.pk)).text
        assert "Dietary needs" in page and "Do you need a visa letter?" in page
        alice = cast.alice.person.pk
        client.post(
            url("delegation-register", invited, delegation.pk),
            {
                f"role_{alice}": "head",
                f"mode_{alice}": "in_person",
                f"q{questions[0].pk}_{alice}": SECRET,
                f"q{questions[1].pk}_{alice}": "yes",
            },
        )
        answers = {
            a.question.text_en: a.answer
            for a in RegistrationAnswer.objects.filter(delegate__delegation=delegation)
        }
        assert answers == {"Dietary needs": SECRET, "Do you need a visa letter?": "yes"}
        # The registrant sees back their own answers.
        assert SECRET in client.get(url("delegation-register", invited, delegation.pk)).text


class TestAnswersStayWithTheSecretariat:
    @pytest.fixture
    def answered(self, invited, cast, member, questions):
        delegation = ours(invited, member)
        services.delegation_register(
            delegation=delegation,
            delegates=[(cast.alice.person, Delegate.Role.HEAD, False)],
            answers={cast.alice.person.pk: {questions[0].pk: SECRET}},
            by=cast.alice,
        )
        services.delegation_approve(delegation=delegation, by=cast.sam)
        return invited

    def test_the_secretariat_downloads_them_for_logistics(self, client, answered, cast):
        client.force_login(cast.sam)
        response = client.get(url("registration-csv", answered))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][-2:] == ["Dietary needs", "Do you need a visa letter?"]
        assert rows[1][0] == "Indonesia" and rows[1][-2] == SECRET

    @pytest.mark.parametrize("who", [None, "bob", "charlie", "dana"])
    def test_never_reach_a_visitor_or_another_member(self, client, answered, cast, who):
        if who:
            client.force_login(getattr(cast, who))
        pages = [
            url("participant-list", answered),
            url("participant-csv", answered),
            answered.get_absolute_url(),
            f"/api/regions/{answered.region.slug}/meetings/{answered.pk}/participants",
        ]
        for page in pages:
            response = client.get(page)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert SECRET.encode() not in body, page
        assert client.get(url("registration-csv", answered)).status_code in (302, 403, 404)
        delegation = Delegation.objects.get(invitation__session=answered, status="approved")
        register = client.get(url("delegation-register", answered, delegation.pk))
        if who != "bob":  # bob is alice's Head of Customs: he registers for the same Member
            assert SECRET not in register.content.decode()


class TestOnBehalfAndBulk:
    def test_the_secretariat_registers_on_a_members_behalf_and_approves_in_bulk(
        self, client, invited, cast, member, other_member
    ):
        client.force_login(cast.sam)
        for m, person in ((member, cast.alice.person), (other_member, cast.charlie.person)):
            delegation = ours(invited, m)
            page = client.get(url("delegation-register", invited, delegation.pk)).text
            assert "You register on behalf of" in page
            client.post(
                url("delegation-register", invited, delegation.pk), {f"role_{person.pk}": "head"}
            )
        chosen = [ours(invited, m).pk for m in (member, other_member)]
        response = client.post(url("delegations-approve", invited), {"delegation": chosen})
        assert response.status_code == 302
        statuses = set(
            Delegation.objects.filter(invitation__session=invited).values_list("status", flat=True)
        )
        assert statuses == {"approved"}

    def test_bulk_approval_is_the_secretariats(self, client, invited, cast, member):
        services.delegation_register(
            delegation=ours(invited, member),
            delegates=[(cast.alice.person, Delegate.Role.HEAD, False)],
            by=cast.alice,
        )
        client.force_login(cast.alice)
        response = client.post(
            url("delegations-approve", invited), {"delegation": [ours(invited, member).pk]}
        )
        assert response.status_code == 403
        assert ours(invited, member).status == "submitted"


class TestDeadline:
    def test_the_session_page_shows_the_deadline(self, client, invited):
        # Today the session page does not say until when one may register.
        page = client.get(invited.get_absolute_url()).text
        assert "Registration deadline" in page

    def test_a_changed_deadline_is_mailed_to_those_not_registered(
        self, invited, cast, member, smtp, django_capture_on_commit_callbacks
    ):
        services.delegation_register(
            delegation=ours(invited, member),
            delegates=[(cast.alice.person, Delegate.Role.HEAD, False)],
            by=cast.alice,
        )
        new = timezone.now() + datetime.timedelta(days=20)
        with django_capture_on_commit_callbacks(execute=True):
            told = services.registration_deadline_change(session=invited, deadline=new, by=cast.sam)
        assert told == 1
        assert [e.rcpt_tos[0] for e in smtp] == ["charlie@example.org"]
        assert set(
            MeetingInvitation.objects.filter(session=invited).values_list(
                "registration_deadline", flat=True
            )
        ) == {new}

    def test_a_deadline_already_past_is_refused_on_the_page(self, client, invited, cast):
        client.force_login(cast.sam)
        before = set(
            MeetingInvitation.objects.filter(session=invited).values_list(
                "registration_deadline", flat=True
            )
        )
        response = client.post(
            url("registration-edit", invited),
            {
                "action": "deadline",
                "deadline": (timezone.localtime() - datetime.timedelta(days=1)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
            },
        )
        assert response.status_code == 400
        assert "This deadline has already passed." in response.text
        after = set(
            MeetingInvitation.objects.filter(session=invited).values_list(
                "registration_deadline", flat=True
            )
        )
        assert after == before
        with pytest.raises(ValidationError):
            services.registration_deadline_change(
                session=invited, deadline=timezone.now() - datetime.timedelta(days=1), by=cast.sam
            )

    def test_questions_are_chosen_from_the_usual_ones_or_written(self, client, invited, cast):
        client.force_login(cast.sam)
        client.post(url("registration-edit", invited), {"action": "question", "preset": "visa"})
        client.post(
            url("registration-edit", invited),
            {"action": "question", "text_en": "Which workshop?", "kind": "text"},
        )
        texts = list(
            RegistrationQuestion.objects.filter(session=invited).values_list("text_en", "kind")
        )
        assert texts == [
            ("Do you need a letter for your visa?", "yes_no"),
            ("Which workshop?", "text"),
        ]
        question = RegistrationQuestion.objects.get(text_en="Which workshop?")
        client.post(url("registration-question-delete", invited, question.pk))
        assert not RegistrationQuestion.objects.filter(pk=question.pk).exists()


def test_the_answers_file_takes_the_same_queries_for_one_or_three_delegations(
    client, invited, cast, member, other_member, questions, region
):
    third = MemberFactory(region=region, short_name_en="Japan", slug="japan")
    services.session_invite(
        session=invited,
        members=[third],
        deadline=timezone.now() + datetime.timedelta(days=10),
        by=cast.sam,
    )
    client.force_login(cast.sam)

    def register(m, person):
        services.delegation_register(
            delegation=ours(invited, m),
            delegates=[(person, Delegate.Role.HEAD, False)],
            answers={person.pk: {questions[0].pk: SECRET}},
            by=cast.sam,
        )

    register(member, cast.alice.person)
    client.get(url("registration-csv", invited))  # warm the caches (session, user)
    with CaptureQueriesContext(connection) as one:
        client.get(url("registration-csv", invited))
    register(other_member, cast.charlie.person)
    register(third, PersonFactory(region=region, member=third))
    with CaptureQueriesContext(connection) as three:
        response = client.get(url("registration-csv", invited))
    assert response.content.decode().count(SECRET) == 3
    assert len(three) == len(one)

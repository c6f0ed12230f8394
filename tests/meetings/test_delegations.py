"""Invitations, delegation registration, the participant list and attendance."""

import csv
import datetime
import io
import re
from email import message_from_bytes
from email.policy import default

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.core.visibility import Visibility
from secretariat.meetings import delegations as services
from secretariat.meetings.models import Delegate, Delegation, MeetingInvitation

from ..factories import MemberFactory, OrganisationFactory, PersonFactory
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(days=30)


@pytest.fixture
def session(region):
    starts = timezone.now() + SOON
    meeting = MeetingFactory(
        series__region=region,
        series__name_en="Heads Conference",
        series__name_fr="Conférence des chefs",
        number=21,
        session__starts_at=starts,
        session__ends_at=starts + datetime.timedelta(hours=4),
    )
    return meeting.session


@pytest.fixture
def invited(session, cast, member, other_member):
    """Both Members invited by the secretariat, registration open for ten more days."""
    services.session_invite(
        session=session,
        members=[member, other_member],
        deadline=timezone.now() + datetime.timedelta(days=10),
        by=cast.sam,
    )
    return session


@pytest.fixture
def ours(invited, member):
    return Delegation.objects.get(invitation__session=invited, invitation__member=member)


@pytest.fixture
def heads(region, member):
    """Two people of alice's Member: one shows her email, one hides his."""
    return (
        PersonFactory(region=region, member=member, name="Ani Open", email="ani@example.org"),
        PersonFactory(region=region, member=member, name="Bayu Hidden", email="bayu@example.org"),
    )


def register(delegation, heads, by):
    return services.delegation_register(
        delegation=delegation,
        delegates=[(heads[0], Delegate.Role.HEAD, False), (heads[1], Delegate.Role.ADVISER, True)],
        by=by,
    )


def url(name, session, *args):
    return reverse(f"meetings:{name}", args=[session.region.slug, session.pk, *args])


def close_registration(delegation):
    MeetingInvitation.objects.filter(pk=delegation.invitation_id).update(
        registration_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    delegation.refresh_from_db()


class TestInvite:
    def test_mail_goes_to_each_invited_members_contact_points_in_their_language(
        self, session, cast, member, other_member, smtp, django_capture_on_commit_callbacks
    ):
        cast.alice.language = "fr"
        cast.alice.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.session_invite(
                session=session,
                members=[member, other_member],
                deadline=timezone.now() + datetime.timedelta(days=10),
                by=cast.sam,
            )
        by_recipient = {envelope.rcpt_tos[0]: envelope for envelope in smtp}
        # Contact points only: bob (Head of Customs) and sam (secretariat) get nothing.
        assert set(by_recipient) == {"alice@example.org", "charlie@example.org"}
        french = message_from_bytes(by_recipient["alice@example.org"].content, policy=default)
        english = message_from_bytes(by_recipient["charlie@example.org"].content, policy=default)
        assert "21e Conférence des chefs" in french["Subject"]
        assert "21st Heads Conference" in english["Subject"]
        french = french.get_content()
        ours = Delegation.objects.get(invitation__member=member)
        assert url("delegation-register", session, ours.pk) in french
        assert AuditEntry.objects.filter(action="invited to the session").count() == 2

    def test_inviting_twice_sends_nothing_twice(self, invited, cast, member):
        again = services.session_invite(
            session=invited,
            members=[member],
            deadline=timezone.now() + datetime.timedelta(days=10),
            by=cast.sam,
        )
        assert again == []
        assert invited.invitations.count() == 2

    def test_deadline_after_the_start_is_refused(self, session, cast, member):
        with pytest.raises(ValidationError, match="after the session starts"):
            services.session_invite(
                session=session, members=[member], deadline=session.starts_at + SOON, by=cast.sam
            )
        assert not MeetingInvitation.objects.exists()

    def test_observer_organisation_is_invited(self, session, cast, region):
        wco = OrganisationFactory(region=region, name_en="WCO Secretariat")
        services.session_invite(
            session=session, organisations=[wco], deadline=session.starts_at, by=cast.sam
        )
        assert Delegation.objects.get(invitation__organisation=wco).status == "draft"

    @pytest.mark.parametrize(("who", "status"), [(None, 302), ("alice", 403), ("dana", 403)])
    def test_invite_page_is_for_the_secretariat(self, client, cast, session, member, who, status):
        if who:
            client.force_login(getattr(cast, who))
        deadline = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
        response = client.post(
            url("session-invite", session), {"members": [member.pk], "deadline": deadline}
        )
        assert response.status_code == status
        assert not MeetingInvitation.objects.exists()

    def test_secretariat_invites_through_the_page(self, client, cast, session, member):
        client.force_login(cast.sam)
        page = client.get(url("session-invite", session))
        assert page.status_code == 200
        assert "Indonesia" in page.text
        deadline = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
        response = client.post(
            url("session-invite", session), {"members": [member.pk], "deadline": deadline}
        )
        assert response.status_code == 302
        assert MeetingInvitation.objects.get().member == member


class TestRegister:
    def test_contact_point_registers_and_the_secretariat_approves(self, client, cast, ours, heads):
        client.force_login(cast.alice)
        page = client.get(url("delegation-register", ours.invitation.session, ours.pk))
        assert page.status_code == 200
        assert "Ani Open" in page.text
        response = client.post(
            url("delegation-register", ours.invitation.session, ours.pk),
            {
                f"role_{heads[0].pk}": "head",
                f"role_{heads[1].pk}": "adviser",
                f"hide_{heads[1].pk}": "on",
            },
        )
        assert response.status_code == 302
        ours.refresh_from_db()
        assert ours.status == Delegation.Status.SUBMITTED
        assert [(d.person.name, d.role, d.hide_email) for d in ours.delegates.all()] == [
            ("Ani Open", "head", False),
            ("Bayu Hidden", "adviser", True),
        ]
        assert AuditEntry.objects.filter(action="delegation registered", actor=cast.alice).exists()
        client.force_login(cast.sam)
        client.post(url("delegation-decide", ours.invitation.session, ours.pk, "approve"))
        ours.refresh_from_db()
        assert ours.status == Delegation.Status.APPROVED
        assert ours.approved_at is not None

    def test_the_participant_list_links_to_our_registration_only(self, client, cast, ours):
        link = url("delegation-register", ours.invitation.session, ours.pk)
        client.force_login(cast.alice)
        assert link in client.get(url("participant-list", ours.invitation.session)).text
        client.force_login(cast.charlie)
        assert link not in client.get(url("participant-list", ours.invitation.session)).text

    def test_registration_is_confirmed_by_mail(
        self, cast, ours, heads, smtp, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            register(ours, heads, cast.bob)
        mails = {e.rcpt_tos[0]: message_from_bytes(e.content, policy=default) for e in smtp}
        # The contact point, and bob who registered.
        assert set(mails) == {"alice@example.org", "bob@example.org"}
        body = mails["alice@example.org"].get_content()
        assert "Ani Open, head of delegation" in body
        assert "Bayu Hidden, adviser" in body
        assert "Delegation of Indonesia registered" in mails["alice@example.org"]["Subject"]

    def test_head_of_customs_of_the_same_member_may_register(self, cast, ours, heads):
        register(ours, heads, cast.bob)
        assert ours.delegates.count() == 2

    def test_after_the_deadline_is_refused_and_changes_nothing(self, client, cast, ours, heads):
        close_registration(ours)
        with pytest.raises(ValidationError, match="Registration closed"):
            register(ours, heads, cast.alice)
        client.force_login(cast.alice)
        page = client.get(url("delegation-register", ours.invitation.session, ours.pk))
        assert "Registration is closed" in page.text
        response = client.post(
            url("delegation-register", ours.invitation.session, ours.pk),
            {f"role_{heads[0].pk}": "head"},
        )
        assert response.status_code == 400
        assert "Registration is closed" in response.text
        ours.refresh_from_db()
        assert ours.status == Delegation.Status.DRAFT
        assert not ours.delegates.exists()

    def test_the_secretariat_may_register_late(self, cast, ours, heads):
        close_registration(ours)
        register(ours, heads, cast.sam)
        assert ours.delegates.count() == 2

    def test_for_another_member_is_refused_and_changes_nothing(self, client, cast, ours, heads):
        with pytest.raises(PermissionDenied):
            register(ours, heads, cast.charlie)
        client.force_login(cast.charlie)
        page = url("delegation-register", ours.invitation.session, ours.pk)
        assert client.get(page).status_code == 403
        assert client.post(page, {f"role_{heads[0].pk}": "head"}).status_code == 403
        ours.refresh_from_db()
        assert ours.status == Delegation.Status.DRAFT
        assert not ours.delegates.exists()
        assert not AuditEntry.objects.filter(action="delegation registered").exists()

    def test_anonymous_is_sent_to_sign_in(self, client, ours):
        response = client.get(url("delegation-register", ours.invitation.session, ours.pk))
        assert response.status_code == 302
        assert "/login" in response.url or "login" in response.url

    def test_people_of_another_member_are_refused(self, cast, ours, region, other_member):
        stranger = PersonFactory(region=region, member=other_member, name="Stranger")
        with pytest.raises(ValidationError, match="not one of"):
            services.delegation_register(
                delegation=ours, delegates=[(stranger, "head", False)], by=cast.alice
            )
        assert not ours.delegates.exists()

    def test_one_head_of_delegation(self, cast, ours, heads):
        with pytest.raises(ValidationError, match="one head"):
            services.delegation_register(
                delegation=ours,
                delegates=[(heads[0], "head", False), (heads[1], "head", False)],
                by=cast.alice,
            )

    @pytest.mark.parametrize("who", ["alice", "charlie"])
    def test_only_the_secretariat_approves(self, client, cast, ours, heads, who):
        register(ours, heads, cast.alice)
        client.force_login(getattr(cast, who))
        response = client.post(
            url("delegation-decide", ours.invitation.session, ours.pk, "approve")
        )
        assert response.status_code == 403
        ours.refresh_from_db()
        assert ours.status == Delegation.Status.SUBMITTED

    def test_the_todo_is_on_the_contact_points_home_page_until_registered(
        self, client, cast, ours, heads
    ):
        client.force_login(cast.alice)
        home = client.get(reverse("accounts:home")).text
        assert "Register your delegation for 21st Heads Conference" in home
        assert url("delegation-register", ours.invitation.session, ours.pk) in home
        client.force_login(cast.charlie)
        assert "Register your delegation" in client.get(reverse("accounts:home")).text
        client.force_login(cast.dana)
        assert "Register your delegation" not in client.get(reverse("accounts:home")).text
        register(ours, heads, cast.alice)
        client.force_login(cast.alice)
        assert "Register your delegation" not in client.get(reverse("accounts:home")).text


@pytest.fixture
def approved(ours, heads, cast):
    register(ours, heads, cast.alice)
    services.delegation_approve(delegation=ours, by=cast.sam)
    return ours


class TestParticipantList:
    @pytest.mark.parametrize(
        ("who", "names", "emails"),
        [
            (None, False, False),
            ("dana", False, False),
            ("charlie", True, True),
            ("sam", True, True),
        ],
    )
    def test_what_each_viewer_sees(self, client, cast, approved, who, names, emails):
        if who:
            client.force_login(getattr(cast, who))
        text = client.get(url("participant-list", approved.invitation.session)).text
        assert "Indonesia" in text
        assert ("Ani Open" in text) is names
        assert ("ani@example.org" in text) is emails
        assert "bayu@example.org" not in text  # he hid it: never shown

    def test_a_members_only_meeting_hides_the_list_from_the_public(self, client, cast, approved):
        approved.invitation.session.meetings.update(visibility=Visibility.MEMBERS)
        page = url("participant-list", approved.invitation.session)
        assert client.get(page).status_code == 404
        client.force_login(cast.dana)
        assert client.get(page).status_code == 404
        client.force_login(cast.charlie)
        assert "Ani Open" in client.get(page).text

    def test_unapproved_delegations_are_for_participants_only(self, client, cast, ours, heads):
        register(ours, heads, cast.alice)
        page = url("participant-list", ours.invitation.session)
        assert "Indonesia" not in client.get(page).text
        client.force_login(cast.charlie)
        assert "Ani Open" in client.get(page).text

    def test_each_decision_button_names_its_member(self, client, cast, ours, heads):
        """A screen reader lists buttons out of their rows: "Approve" alone says not whose."""
        register(ours, heads, cast.alice)
        client.force_login(cast.sam)
        text = client.get(url("participant-list", ours.invitation.session)).text
        found = re.findall(r"<button[^>]*>(.*?)</button>", text)
        buttons = [re.sub(r"<[^>]+>", "", b) for b in found]
        assert "Approve Indonesia" in buttons
        assert "Return for changes Indonesia" in buttons

    def test_each_hide_email_box_names_its_person(self, client, cast, ours, heads):
        client.force_login(cast.alice)
        text = client.get(url("delegation-register", ours.invitation.session, ours.pk)).text
        labels = [
            re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r"<label>(.*?)</label>", text)
        ]
        assert "hide email (Ani Open)" in labels

    def test_members_come_before_observers(self, client, cast, approved, region):
        wco = OrganisationFactory(region=region, name_en="WCO Secretariat")
        services.session_invite(
            session=approved.invitation.session,
            organisations=[wco],
            deadline=approved.invitation.registration_deadline,
            by=cast.sam,
        )
        client.force_login(cast.sam)
        text = client.get(url("participant-list", approved.invitation.session)).text
        assert text.index("Australia") < text.index("Indonesia") < text.index("WCO Secretariat")

    def test_csv_for_a_participant(self, client, cast, approved):
        client.force_login(cast.charlie)
        response = client.get(url("participant-csv", approved.invitation.session))
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == [
            [
                "Member or organisation",
                "Delegation",
                "Name",
                "Position",
                "Role in the delegation",
                "Email",
            ],
            ["Indonesia", "approved", "Ani Open", "", "head of delegation", "ani@example.org"],
            ["Indonesia", "approved", "Bayu Hidden", "", "adviser", ""],
        ]

    def test_csv_for_the_public_names_members_only(self, client, approved):
        response = client.get(url("participant-csv", approved.invitation.session))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == [["Member or organisation", "Delegation"], ["Indonesia", "approved"]]

    def test_same_number_of_queries_for_1_and_30_delegations(self, client, cast, region, session):
        client.force_login(cast.charlie)
        deadline = timezone.now() + datetime.timedelta(days=10)

        def add_delegations(n):
            for _ in range(n):
                member = MemberFactory(region=region)
                services.session_invite(
                    session=session, members=[member], deadline=deadline, by=cast.sam
                )
                people = [PersonFactory(region=region, member=member) for _ in range(2)]
                delegation = Delegation.objects.get(invitation__member=member)
                services.delegation_register(
                    delegation=delegation,
                    delegates=[(people[0], "head", False), (people[1], "delegate", True)],
                    by=cast.sam,
                )

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url("participant-list", session)).status_code == 200
            return len(queries)

        add_delegations(1)
        one = count()
        add_delegations(29)
        assert count() == one
        assert client.get(url("participant-list", session)).text.count("head of delegation") == 30


class TestAttendance:
    @pytest.mark.parametrize(("who", "status"), [(None, 302), ("alice", 403), ("charlie", 403)])
    def test_only_the_secretariat_marks(self, client, cast, approved, who, status):
        if who:
            client.force_login(getattr(cast, who))
        head = approved.delegates.get(role="head")
        response = client.post(
            url("attendance", approved.invitation.session), {f"att_{head.pk}": "yes"}
        )
        assert response.status_code == status
        head.refresh_from_db()
        assert head.attended is None

    def test_secretariat_marks_who_attended(self, client, cast, approved):
        client.force_login(cast.sam)
        head, adviser = approved.delegates.all()
        page = url("attendance", approved.invitation.session)
        assert "Ani Open" in client.get(page).text
        client.post(page, {f"att_{head.pk}": "yes", f"att_{adviser.pk}": "no"})
        head.refresh_from_db()
        adviser.refresh_from_db()
        assert (head.attended, adviser.attended) == (True, False)
        assert AuditEntry.objects.filter(action="attendance marked").count() == 2


def test_demo_joint_session_invites_33_members_and_two_observers(client):
    from secretariat.accounts.models import User
    from secretariat.demo import asia_pacific

    asia_pacific.load()
    session = Delegation.objects.get(
        invitation__member__short_name_en="Indonesia"
    ).invitation.session
    invitations = session.invitations.all()
    assert sum(1 for i in invitations if i.member_id) == 33
    assert sorted(i.organisation.slug for i in invitations if i.organisation_id) == ["oco", "wco"]
    approved = Delegation.objects.filter(status=Delegation.Status.APPROVED)
    assert sorted(d.invitation.member.short_name_en for d in approved) == [
        "Australia",
        "Indonesia",
        "Japan",
    ]
    head = Delegate.objects.get(
        delegation__invitation__member__short_name_en="Indonesia", role=Delegate.Role.HEAD
    )
    assert head.person.name == "Heru Pambudi"
    client.force_login(User.objects.get(email="cp.australia@demo.example.org"))
    page = client.get(url("participant-list", session)).text
    assert "Heru Pambudi" in page
    assert "Kenji Sato" in page

"""Participants of every kind: Members, regional entities, observer organisations and invited
individuals are invited, register (observers and entities through their own accounts), are
approved and are marked present, in person or online (issue 19)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from secretariat.meetings import delegations as services
from secretariat.meetings import participation
from secretariat.meetings.models import Delegate, Delegation, MeetingInvitation
from secretariat.regions.models import Role

from ..factories import (
    EntityFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(days=10)


@pytest.fixture
def session(region):
    starts = timezone.now() + datetime.timedelta(days=30)
    meeting = MeetingFactory(
        series__region=region,
        series__name_en="Heads Conference",
        number=22,
        session__starts_at=starts,
        session__ends_at=starts + datetime.timedelta(hours=4),
        session__mode="hybrid",
    )
    return meeting.session


@pytest.fixture
def wco(region):
    return OrganisationFactory(region=region, slug="wco", name_en="WCO Secretariat", kind="wco")


@pytest.fixture
def rocb(region):
    return EntityFactory(region=region, slug="rocb", short_name_en="ROCB A/P")


@pytest.fixture
def observer(region, wco):
    """observer.wco: an observer of the WCO Secretariat, with an account."""
    return user_with_role(
        Role.Kind.OBSERVER, region=region, organisation=wco, email="observer.wco@example.org"
    )


@pytest.fixture
def officer(region, rocb):
    return user_with_role(
        Role.Kind.ENTITY_OFFICER, region=region, entity=rocb, email="rocb@example.org"
    )


@pytest.fixture
def minister(region):
    """An invited individual: a host-government minister, with an account."""
    user = UserFactory(email="minister@example.org")
    return PersonFactory(region=region, user=user, email=user.email, name="Sri Mulyani")


def url(name, session, *args):
    return reverse(f"meetings:{name}", args=[session.region.slug, session.pk, *args])


def delegation_of(session, **invitee):
    return Delegation.objects.get(
        invitation__session=session, **{f"invitation__{k}": v for k, v in invitee.items()}
    )


@pytest.fixture
def registered(session, cast, wco, rocb, minister, member, observer, officer):
    services.session_invite(
        session=session,
        members=[member],
        entities=[rocb],
        organisations=[wco],
        people=[minister],
        deadline=LATER,
        by=cast.sam,
    )
    for invitee, person in [
        ({"member": member}, cast.alice.person),
        ({"entity": rocb}, officer.person),
        ({"organisation": wco}, observer.person),
        ({"person": minister}, minister),
    ]:
        services.delegation_register(
            delegation=delegation_of(session, **invitee),
            delegates=[(person, Delegate.Role.HEAD, False)],
            by=cast.sam,
        )
    return session


class TestEveryKindIsInvited:
    def test_regional_entities_and_individuals_are_invited_from_the_invite_page(
        self, client, cast, session, member, rocb, wco, minister
    ):
        # Today only Members and observer organisations can be invited.
        client.force_login(cast.sam)
        response = client.post(
            url("session-invite", session),
            {
                "members": [member.pk],
                "entities": [rocb.pk],
                "organisations": [wco.pk],
                "people": [minister.pk],
                "deadline": (timezone.localtime() + datetime.timedelta(days=10)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
            },
        )
        assert response.status_code == 302
        invitees = {str(i.invitee) for i in MeetingInvitation.objects.filter(session=session)}
        assert invitees == {"Indonesia", "ROCB A/P", "WCO Secretariat", "Sri Mulyani"}
        assert Delegation.objects.filter(invitation__session=session).count() == 4

    def test_entity_officers_receive_the_invitation(
        self, session, cast, rocb, officer, smtp, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.session_invite(session=session, entities=[rocb], deadline=LATER, by=cast.sam)
        assert [envelope.rcpt_tos[0] for envelope in smtp] == ["rocb@example.org"]

    def test_a_deadline_already_past_is_refused(self, session, cast, member):
        # Today an invitation whose deadline has passed is accepted: nobody can register.
        with pytest.raises(ValidationError, match="already passed"):
            services.session_invite(
                session=session,
                members=[member],
                deadline=timezone.now() - datetime.timedelta(hours=1),
                by=cast.sam,
            )
        assert not MeetingInvitation.objects.filter(session=session).exists()


class TestObserversRegisterThemselves:
    @pytest.fixture
    def invited(self, session, cast, wco, rocb, minister, member):
        services.session_invite(
            session=session,
            members=[member],
            entities=[rocb],
            organisations=[wco],
            people=[minister],
            deadline=LATER,
            by=cast.sam,
        )
        return session

    def test_the_observers_link_opens_and_registers_its_delegation(
        self, client, session, cast, observer, wco
    ):
        # Today observer.wco's link answers 403: only the secretariat registered for an
        # organisation.
        services.session_invite(session=session, organisations=[wco], deadline=LATER, by=cast.sam)
        invited = session
        delegation = delegation_of(invited, organisation=wco)
        colleague = PersonFactory(region=invited.region, organisation=wco, name="Ana Colleague")
        client.force_login(observer)
        page = client.get(url("delegation-register", invited, delegation.pk))
        assert page.status_code == 200
        assert "Ana Colleague" in page.text
        response = client.post(
            url("delegation-register", invited, delegation.pk),
            {f"role_{observer.person.pk}": "head", f"role_{colleague.pk}": "delegate"},
        )
        assert response.status_code == 302
        delegation.refresh_from_db()
        assert delegation.status == Delegation.Status.SUBMITTED
        assert {d.person_id for d in delegation.delegates.all()} == {
            observer.person.pk,
            colleague.pk,
        }

    def test_an_entity_officer_registers_the_entitys_delegation(
        self, client, invited, officer, rocb
    ):
        delegation = delegation_of(invited, entity=rocb)
        client.force_login(officer)
        response = client.post(
            url("delegation-register", invited, delegation.pk),
            {f"role_{officer.person.pk}": "head"},
        )
        assert response.status_code == 302
        delegation.refresh_from_db()
        assert delegation.status == Delegation.Status.SUBMITTED

    def test_an_invited_individual_registers_themself_only(self, client, invited, minister):
        delegation = delegation_of(invited, person=minister)
        client.force_login(minister.user)
        page = client.get(url("delegation-register", invited, delegation.pk))
        assert page.status_code == 200
        response = client.post(
            url("delegation-register", invited, delegation.pk), {f"role_{minister.pk}": "head"}
        )
        assert response.status_code == 302
        assert delegation_of(invited, person=minister).status == Delegation.Status.SUBMITTED

    def test_nobody_registers_for_another_invitee(
        self, client, invited, observer, officer, cast, wco, rocb
    ):
        entity_delegation = delegation_of(invited, entity=rocb)
        wco_delegation = delegation_of(invited, organisation=wco)
        for user, delegation in [
            (observer, entity_delegation),
            (officer, wco_delegation),
            (cast.alice, wco_delegation),
            (observer, delegation_of(invited, member=cast.alice.person.member)),
        ]:
            client.force_login(user)
            response = client.post(
                url("delegation-register", invited, delegation.pk),
                {f"role_{user.person.pk}": "head"},
            )
            assert response.status_code in (403, 404)
            delegation.refresh_from_db()
            assert delegation.status == Delegation.Status.DRAFT

    def test_observers_and_entities_see_their_task_on_their_home_page(
        self, client, invited, observer, officer, minister
    ):
        for user in (observer, officer, minister.user):
            client.force_login(user)
            home = client.get(reverse("accounts:home")).text
            assert "Register your delegation for 22nd Heads Conference" in home

    def test_the_participant_page_offers_observers_their_own_registration(
        self, client, invited, observer
    ):
        client.force_login(observer)
        page = client.get(url("participant-list", invited)).text
        assert "Register the delegation of WCO Secretariat" in page
        assert "Register the delegation of Indonesia" not in page


class TestOnTheirBehalfAndAttendance:
    def test_the_secretariat_has_a_visible_link_to_register_for_each_invitee(
        self, client, session, cast, member, wco
    ):
        # Today the secretariat's participant page links to no registration form.
        services.session_invite(
            session=session, members=[member], organisations=[wco], deadline=LATER, by=cast.sam
        )
        client.force_login(cast.sam)
        page = client.get(url("participant-list", session)).text
        for invitee in (member, wco):
            delegation = delegation_of(session, **{invitee._meta.model_name: invitee})
            assert url("delegation-register", session, delegation.pk) in page
        assert page.count("Register on their behalf") == 2

    def test_every_kind_is_marked_present_in_person_or_online(self, client, registered, cast):
        # Today entities' and individuals' delegates cannot be marked, and nothing records
        # who was in the room and who online.
        delegates = {
            str(d.delegation.invitation.invitee): d
            for d in Delegate.objects.filter(delegation__invitation__session=registered)
        }
        assert set(delegates) == {"Indonesia", "ROCB A/P", "WCO Secretariat", "Sri Mulyani"}
        client.force_login(cast.sam)
        page = client.get(url("attendance", registered)).text
        for name in delegates:
            assert name in page
        marks = {
            "Indonesia": "in_person",
            "ROCB A/P": "online",
            "WCO Secretariat": "online",
            "Sri Mulyani": "in_person",
        }
        response = client.post(
            url("attendance", registered),
            {f"att_{delegates[name].pk}": mark for name, mark in marks.items()},
        )
        assert response.status_code == 302
        for name, mark in marks.items():
            delegates[name].refresh_from_db()
            assert (delegates[name].attended, delegates[name].mode) == (True, mark)

    def test_marked_absent_clears_the_mode(self, registered, cast):
        delegate = Delegate.objects.filter(delegation__invitation__session=registered).first()
        services.attendance_mark(
            session=registered,
            attended={delegate.pk: True},
            modes={delegate.pk: "online"},
            by=cast.sam,
        )
        services.attendance_mark(session=registered, attended={delegate.pk: False}, by=cast.sam)
        delegate.refresh_from_db()
        assert (delegate.attended, delegate.mode) == (False, "")


class TestAttendanceInNumbers:
    """ "20 of 23 Members; 84 participants, 31 online": the participant page counts, and the
    record and the news read the same selector."""

    def test_the_participant_page_counts_members_and_people_in_person_and_online(
        self, client, registered, cast, member, other_member
    ):
        # Today the participant page gives no count.
        services.session_invite(
            session=registered, members=[other_member], deadline=LATER, by=cast.sam
        )
        seats = {
            str(d.delegation.invitation.invitee): d
            for d in Delegate.objects.filter(delegation__invitation__session=registered)
        }
        services.attendance_mark(
            session=registered,
            attended={seats[n].pk: True for n in ("Indonesia", "ROCB A/P", "WCO Secretariat")}
            | {seats["Sri Mulyani"].pk: False},
            modes={
                seats["Indonesia"].pk: "in_person",
                seats["ROCB A/P"].pk: "online",
                seats["WCO Secretariat"].pk: "online",
            },
            by=cast.sam,
        )
        count = participation.attendance_count(registered)
        assert (count.members_invited, count.members_present) == (2, 1)
        assert (count.participants, count.in_person, count.online) == (3, 1, 2)
        assert count.by_kind == (("member", 1), ("entity", 1), ("organisation", 1))
        for who in (None, cast.charlie, cast.sam):
            client.logout()
            if who:
                client.force_login(who)
            page = client.get(url("participant-list", registered)).text
            assert "1 of 2 Members; 3 participants, 2 online, 1 in person" in page

    def test_nothing_is_counted_before_attendance_is_marked(self, client, registered):
        assert participation.attendance_count(registered).marked is False
        assert "participants," not in client.get(url("participant-list", registered)).text

    def test_the_count_takes_two_queries_however_many_delegations(
        self, registered, django_assert_num_queries
    ):
        with django_assert_num_queries(2):
            participation.attendance_count(registered)

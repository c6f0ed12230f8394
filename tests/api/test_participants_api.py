"""The participants of a session in the API: the participant list page's rules, as data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secretariat.accounts.models import AccessToken
from secretariat.core.visibility import Visibility
from secretariat.meetings import delegations
from secretariat.meetings.models import Delegate, Delegation
from secretariat.regions.models import Member

from ..factories import MemberFactory, OrganisationFactory, PersonFactory
from ..meetings.factories import MeetingFactory
from .test_meetings_api import caller

API = "/api/regions/ap/meetings"


@pytest.fixture
def session(region):
    starts = timezone.now() + datetime.timedelta(days=30)
    meeting = MeetingFactory(
        series__region=region,
        series__name_en="Heads Conference",
        number=21,
        session__starts_at=starts,
        session__ends_at=starts + datetime.timedelta(hours=4),
    )
    return meeting.session


def _register(session, invitee, people, by, approve_by=None):
    field = "member" if isinstance(invitee, Member) else "organisation"
    delegation = Delegation.objects.get(
        invitation__session=session, **{f"invitation__{field}": invitee}
    )
    delegations.delegation_register(delegation=delegation, delegates=people, by=by)
    if approve_by:
        delegations.delegation_approve(delegation=delegation, by=approve_by)


@pytest.fixture
def listed(session, cast, region, member, other_member):
    """Indonesia approved (Ani shows her email, Bayu hides his), Australia only registered,
    and the WCO observing (approved)."""
    member.short_name_fr = "Indonésie"
    member.save()
    wco = OrganisationFactory(region=region, slug="wco", name_en="WCO Secretariat")
    delegations.session_invite(
        session=session,
        members=[member, other_member],
        organisations=[wco],
        deadline=timezone.now() + datetime.timedelta(days=10),
        by=cast.sam,
    )
    ani = PersonFactory(
        region=region,
        member=member,
        name="Ani Open",
        honorific="Ms",
        position_en="Director",
        position_fr="Directrice",
        email="ani@example.org",
    )
    bayu = PersonFactory(region=region, member=member, name="Bayu Hidden", email="bayu@example.org")
    _register(
        session,
        member,
        [(ani, Delegate.Role.HEAD, False), (bayu, Delegate.Role.ADVISER, True)],
        cast.alice,
        approve_by=cast.sam,
    )
    kim = PersonFactory(region=region, member=other_member, name="Kim Waiting")
    _register(session, other_member, [(kim, Delegate.Role.HEAD, False)], cast.charlie)
    olga = PersonFactory(region=region, organisation=wco, name="Olga Observer")
    _register(session, wco, [(olga, Delegate.Role.HEAD, False)], cast.sam, approve_by=cast.sam)
    return session


def invitees(body):
    return [
        (d["invitee"]["type"], d["invitee"]["name_en"], d["status"]) for d in body["delegations"]
    ]


@pytest.mark.django_db
class TestPermissions:
    @pytest.mark.parametrize("who", ["anonymous", "other_region"])
    def test_the_public_sees_approved_delegations_without_names(self, call, cast, listed, who):
        body = call(f"{API}/{listed.pk}/participants", caller(cast, who)).json()
        assert body["names_shown"] is False and body["emails_shown"] is False
        assert invitees(body) == [
            ("member", "Indonesia", "approved"),
            ("organisation", "WCO Secretariat", "approved"),
        ]
        assert all(d["delegates"] == [] for d in body["delegations"])
        assert "Ani Open" not in str(body) and "ani@example.org" not in str(body)

    @pytest.mark.parametrize("who", ["participant", "other_member", "secretariat", "token"])
    def test_participants_see_names_and_the_emails_not_hidden(self, call, cast, listed, who):
        body = call(f"{API}/{listed.pk}/participants", caller(cast, who)).json()
        assert body["names_shown"] is True and body["emails_shown"] is True
        assert invitees(body) == [
            ("member", "Australia", "submitted"),  # registered, awaiting approval
            ("member", "Indonesia", "approved"),
            ("organisation", "WCO Secretariat", "approved"),
        ]
        indonesia = body["delegations"][1]
        assert indonesia["invitee"] == {
            "type": "member",
            "slug": "indonesia",
            "name_en": "Indonesia",
            "name_fr": "Indonésie",
        }
        assert indonesia["delegates"] == [
            {
                "name": "Ms Ani Open",
                "position_en": "Director",
                "position_fr": "Directrice",
                "role": "head",
                "email": "ani@example.org",
            },
            {
                "name": "Bayu Hidden",
                "position_en": "",
                "position_fr": "",
                "role": "adviser",
                "email": None,
            },
        ]
        assert "bayu@example.org" not in str(body)  # he hid it: never shown

    def test_a_delegation_not_registered_yet_is_for_the_secretariat(self, call, cast, listed):
        newcomer = MemberFactory(region=listed.region, short_name_en="Palau", slug="palau")
        delegations.session_invite(
            session=listed,
            members=[newcomer],
            deadline=timezone.now() + datetime.timedelta(days=10),
            by=cast.sam,
        )
        url = f"{API}/{listed.pk}/participants"
        secretariat = call(url, cast.sam).json()
        assert ("member", "Palau", "draft") in invitees(secretariat)
        assert "Palau" not in str(call(url, cast.charlie).json())

    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("anonymous", 404),
            ("other_region", 404),
            ("participant", 200),
            ("other_member", 200),
            ("secretariat", 200),
            ("token", 200),
        ],
    )
    def test_members_only_meeting(self, call, cast, listed, who, status):
        listed.meetings.update(visibility=Visibility.MEMBERS)
        response = call(f"{API}/{listed.pk}/participants", caller(cast, who))
        assert response.status_code == status
        if status == 404:
            assert response.json() == {
                "detail": f"There is no session {listed.pk} that you may see here."
            }

    def test_revoked_token_is_refused(self, call, cast, listed):
        response = call(f"{API}/{listed.pk}/participants", caller(cast, "revoked_token"))
        assert response.status_code == 401

    def test_session_of_another_region_is_not_found_here(self, call, cast, listed):
        elsewhere = MeetingFactory(series__region=cast.dana.person.region)
        assert call(f"{API}/{elsewhere.session.pk}/participants", cast.sam).status_code == 404

    def test_schema_documents_the_operation(self, client):
        schema = client.get("/api/openapi.json").json()
        operation = schema["paths"]["/api/regions/{region}/meetings/{session}/participants"]["get"]
        assert operation["summary"] == "A session's participants"
        assert set(operation["responses"]) == {"200", "401", "404", "422"}
        delegate = schema["components"]["schemas"]["DelegateOut"]["properties"]
        assert "has not hidden" in delegate["email"]["description"]


@pytest.mark.django_db
def test_same_number_of_queries_for_1_and_10_delegations(
    client, cast, session, region, django_assert_num_queries
):
    _token, secret = AccessToken.issue(user=cast.charlie, name="script")
    headers = {"Authorization": f"Bearer {secret}"}
    url = f"{API}/{session.pk}/participants"
    deadline = timezone.now() + datetime.timedelta(days=10)

    def add(n):
        for _ in range(n):
            member = MemberFactory(region=region)
            delegations.session_invite(
                session=session, members=[member], deadline=deadline, by=cast.sam
            )
            people = [PersonFactory(region=region, member=member) for _ in range(2)]
            _register(
                session,
                member,
                [(people[0], "head", False), (people[1], "adviser", True)],
                cast.sam,
            )

    add(1)
    client.get(url, headers=headers)  # the first use of a token records it
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url, headers=headers).json()["delegations"]) == 1
    add(9)
    with django_assert_num_queries(len(one)):
        assert len(client.get(url, headers=headers).json()["delegations"]) == 10

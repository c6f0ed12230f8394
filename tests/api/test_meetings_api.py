"""The meetings API: sessions, their meetings and agendas, seen through visibility rules."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.accounts.models import AccessToken
from secretariat.core.visibility import Visibility
from secretariat.regions.models import Region

from ..factories import PersonFactory
from ..meetings.factories import (
    LINK,
    AgendaItemFactory,
    MeetingFactory,
    joint_session,
)

API = "/api/regions/ap/meetings"


def caller(cast, who):
    return {
        "anonymous": None,
        "participant": cast.alice,
        "other_member": cast.charlie,
        "other_region": cast.dana,
        "secretariat": cast.sam,
        "token": ("token", cast.alice),
        "revoked_token": ("revoked", cast.alice),
    }[who]


@pytest.fixture
def joint(region, member):
    return joint_session(region, member)


@pytest.mark.django_db
class TestPermissions:
    @pytest.mark.parametrize("who", ["anonymous", "participant", "other_region", "token"])
    def test_public_sessions_are_readable_with_valid_or_no_credentials(
        self, call, cast, joint, who
    ):
        for url in (API, f"{API}/{joint.pk}"):
            response = call(url, caller(cast, who))
            assert response.status_code == 200
            assert response["Content-Type"] == "application/json; charset=utf-8"

    def test_revoked_token_is_refused_with_a_clear_message(self, call, cast, joint):
        response = call(f"{API}/{joint.pk}", caller(cast, "revoked_token"))
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]

    @pytest.mark.parametrize(
        ("who", "sees"),
        [
            ("anonymous", False),
            ("other_region", False),
            ("participant", True),
            ("other_member", True),
            ("secretariat", True),
            ("token", True),
        ],
    )
    def test_join_link_only_when_the_rule_allows(self, call, cast, joint, who, sees):
        body = call(f"{API}/{joint.pk}", caller(cast, who)).json()
        assert body["join_link"] == (LINK if sees else None)
        assert LINK not in str(call(API, caller(cast, who)).json())  # never in the list

    @pytest.mark.parametrize(
        ("who", "sees"),
        [("anonymous", False), ("other_region", False), ("other_member", True), ("token", True)],
    )
    def test_members_only_meeting(self, call, cast, region, who, sees):
        closed = MeetingFactory(
            series__region=region, visibility=Visibility.MEMBERS, series__name_en="Closed Meeting"
        )
        listed = [s["id"] for s in call(API, caller(cast, who)).json()]
        assert (closed.session.pk in listed) is sees
        response = call(f"{API}/{closed.session.pk}", caller(cast, who))
        assert response.status_code == (200 if sees else 404)
        if not sees:
            assert response.json() == {
                "detail": f"There is no session {closed.session.pk} that you may see here."
            }

    def test_joint_session_hides_the_part_of_a_meeting_the_caller_may_not_see(
        self, call, cast, joint
    ):
        joint.meetings.filter(number=30).update(visibility=Visibility.MEMBERS)
        public = call(f"{API}/{joint.pk}").json()
        assert [m["reference"] for m in public["meetings"]] == ["RHCAC21"]
        assert "Activity report of ROCB A/P" not in str(public)
        participant = call(f"{API}/{joint.pk}", cast.alice).json()
        assert [m["reference"] for m in participant["meetings"]] == ["RHCAC21", "RCP30"]

    def test_session_of_another_region_is_not_found_here(self, call, cast, joint):
        elsewhere = MeetingFactory(series__region=Region.objects.get(slug="esa"))
        assert call(f"{API}/{elsewhere.session.pk}").status_code == 404

    def test_unknown_region_and_bad_id(self, call, joint):
        response = call(f"/api/regions/nowhere/meetings/{joint.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "There is no region with the short address “nowhere”."}
        response = call(f"{API}/0")
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["path", "session"]


@pytest.mark.django_db
class TestContent:
    def test_list_gives_meetings_with_titles_in_both_languages(self, call, joint):
        [session] = call(API).json()
        assert session["title_en"] == (
            "Joint Session of the 21st Regional Heads of Customs Administrative Conference "
            "and 30th Regional Contact Point Meeting"
        )
        assert session["title_fr"] == (
            "Session conjointe\u00a0: 21e Conférence régionale des chefs "
            "d'administration des douanes et 30e Regional Contact Point Meeting"
        )
        assert session["starts_at"] == "2020-11-12T12:00:00+07:00"
        assert session["time_zone"] == "Asia/Jakarta"
        assert session["host"]["slug"] == "indonesia"
        assert session["mode"] == "virtual" and session["extraordinary"] is True
        assert session["url"] == f"http://testserver/ap/meetings/{joint.pk}/"
        assert session["calendar_url"] == f"http://testserver/ap/meetings/{joint.pk}/calendar.ics"
        heads, rcp = session["meetings"]
        assert heads == {
            "id": heads["id"],
            "reference": "RHCAC21",
            "series": {
                "reference": "RHCAC",
                "name_en": "Regional Heads of Customs Administrative Conference",
                "name_fr": "Conférence régionale des chefs d'administration des douanes",
            },
            "number": 21,
            "full_title_en": "21st Regional Heads of Customs Administrative Conference",
            "full_title_fr": "21e Conférence régionale des chefs d'administration des douanes",
            "status": "planned",
            "visibility": "public",
        }
        assert rcp["reference"] == "RCP30"
        assert rcp["full_title_fr"] == "30e Regional Contact Point Meeting"  # falls back

    def test_detail_has_the_agenda_with_numbers_parts_and_presenters(self, call, joint):
        agenda = call(f"{API}/{joint.pk}").json()["agenda"]
        assert [(i["number"], i["title_en"], i["kind"], i["part"]) for i in agenda] == [
            ("I", "Opening remarks", "opening", None),
            ("II", "Address", "address", None),
            ("III", "Activity report of ROCB A/P", "report", "RCP30"),
        ]
        assert agenda[0]["title_fr"] == "Allocution d'ouverture"
        assert agenda[0]["presenter"]["type"] == "person"
        assert agenda[0]["presenter"]["name_en"] == "Mr Heru Pambudi"
        assert agenda[0]["presenter"]["slug"] is None
        assert agenda[2]["presenter"] == {
            "type": "entity",
            "id": agenda[2]["presenter"]["id"],
            "slug": "rocb",
            "name_en": "ROCB A/P",
            "name_fr": "BRRC",
        }
        assert [(s["number"], s["title_en"]) for s in agenda[1]["sub_items"]] == [
            ("II.1", "Free Zones"),
            ("II.2", "E-Commerce"),
        ]

    def test_undated_session_has_no_calendar(self, call, region):
        meeting = MeetingFactory(
            series__region=region, session__starts_at=None, session__ends_at=None
        )
        body = call(f"{API}/{meeting.session.pk}").json()
        assert body["starts_at"] is None and body["calendar_url"] is None


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize("who", ["anonymous", "token"])
    def test_list_same_count_for_1_and_10_sessions(
        self, client, cast, joint, who, django_assert_num_queries
    ):
        headers = {}
        if who == "token":
            _token, secret = AccessToken.issue(user=cast.alice, name="script")
            headers["Authorization"] = f"Bearer {secret}"
        client.get(API, headers=headers)  # the first use of a token records it
        with CaptureQueriesContext(connection) as one:
            assert len(client.get(API, headers=headers).json()) == 1
        for n in range(9):
            MeetingFactory(
                series__region=joint.region,
                session__host=joint.host,
                session__starts_at=datetime.datetime(2021, 1, 1 + n, tzinfo=datetime.UTC),
                session__ends_at=None,
            )
        with django_assert_num_queries(len(one)):
            assert len(client.get(API, headers=headers).json()) == 10

    def test_detail_count_does_not_grow_with_the_agenda(
        self, client, cast, joint, django_assert_num_queries
    ):
        client.force_login(cast.alice)
        url = f"{API}/{joint.pk}"
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for n in range(10):
            parent = AgendaItemFactory(
                session=joint, position=10 + n, presenter_person=PersonFactory(region=joint.region)
            )
            AgendaItemFactory(session=joint, parent=parent, position=1)
        with django_assert_num_queries(len(one)):
            assert len(client.get(url).json()["agenda"]) == 13

"""The read-only regions API: who sees what, and clear errors for bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secretariat.accounts.models import AccessToken

from ..factories import HoldingFactory, MemberFactory, PersonFactory, PostFactory, RoleFactory

API = "/api/regions"

ENDPOINTS = [
    f"{API}",
    f"{API}/ap",
    f"{API}/ap/members",
    f"{API}/ap/members/indonesia",
    f"{API}/ap/members/indonesia/contacts",
    f"{API}/ap/entities",
    f"{API}/ap/entities/rocb",
    f"{API}/ap/organisations",
    f"{API}/ap/posts",
    f"{API}/ap/posts/vice-chair",
]


def caller(cast, who):
    """anonymous; alice (participant) by session; dana (other region); tokens of alice."""
    return {
        "anonymous": None,
        "participant": cast.alice,
        "other_region": cast.dana,
        "token": ("token", cast.alice),
        "revoked_token": ("revoked", cast.alice),
    }[who]


@pytest.mark.django_db
class TestEveryEndpoint:
    @pytest.mark.parametrize("url", ENDPOINTS)
    @pytest.mark.parametrize("who", ["anonymous", "participant", "other_region", "token"])
    def test_readable_by_everyone_with_valid_or_no_credentials(self, call, world, cast, url, who):
        response = call(url, caller(cast, who))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"

    @pytest.mark.parametrize("url", ENDPOINTS)
    def test_revoked_token_is_refused_with_a_clear_message(self, call, world, cast, url):
        response = call(url, caller(cast, "revoked_token"))
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]

    @pytest.mark.parametrize("url", [u for u in ENDPOINTS if u != API])
    def test_unknown_region_is_a_json_404(self, call, world, url):
        response = call(url.replace("/regions/ap", "/regions/nowhere", 1))
        assert response.status_code == 404
        assert response.json() == {"detail": "There is no region with the short address “nowhere”."}


@pytest.mark.django_db
class TestRegions:
    def test_list_gives_both_languages(self, call, world):
        [row] = [r for r in call(API).json() if r["slug"] == "ap"]
        assert row["name_en"] == "Asia/Pacific test region"
        assert row["name_fr"].startswith("Région")
        assert row["abbreviation"]

    def test_slug_with_bad_characters_is_a_422_naming_the_parameter(self, call, world):
        response = call(f"{API}/a%20b")
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["path", "region"]


@pytest.mark.django_db
class TestMembers:
    def test_list_today_includes_later_members(self, call, world):
        slugs = [m["slug"] for m in call(f"{API}/ap/members").json()]
        assert sorted(slugs) == ["australia", "indonesia", "palau"]

    def test_list_on_a_date_shows_the_membership_then(self, call, world):
        rows = call(f"{API}/ap/members", on="2020-11-12").json()
        assert "palau" not in [m["slug"] for m in rows]
        [indonesia] = [m for m in rows if m["slug"] == "indonesia"]
        assert indonesia["sub_region"] == {"name_en": "ASEAN", "name_fr": "ANASE"}
        assert indonesia["short_name_fr"] == "Indonésie"
        assert indonesia["joined_on"] == "1990-01-01"

    def test_left_member_is_gone_after_leaving(self, call, world):
        world.other_member.left_on = datetime.date(2021, 1, 1)
        world.other_member.save()
        assert "australia" in [m["slug"] for m in call(f"{API}/ap/members", on="2020-12-31").json()]
        assert "australia" not in [m["slug"] for m in call(f"{API}/ap/members").json()]

    @pytest.mark.parametrize("bad", ["12/11/2020", "2020-13-01", "soon", "20201112", "0", ""])
    def test_bad_date_is_a_422_naming_the_parameter(self, call, world, bad):
        response = call(f"{API}/ap/members", on=bad)
        assert response.status_code == 422
        [error] = response.json()["detail"]
        assert error["loc"] == ["query", "on"]
        assert error["msg"]

    def test_detail_has_aliases_dates_and_public_terms(self, call, world):
        body = call(f"{API}/ap/members/indonesia").json()
        assert body["aliases"] == ["Republic of Indonesia", "RI"]
        assert body["sub_region"]["name_en"] == "ASEAN"
        assert body["left_on"] is None
        assert body["posts_held"] == [
            {
                "post": {
                    "slug": "vice-chair",
                    "name_en": "Vice-Chair",
                    "name_fr": "Vice-président",
                },
                "starts_on": "2020-07-01",
                "ends_on": "2022-06-30",
                "status": "ended",
                "note": "",
            }
        ]

    @pytest.mark.parametrize("who", ["anonymous", "other_region"])
    def test_members_only_post_is_hidden_from_the_public(self, call, world, cast, who):
        body = call(f"{API}/ap/members/indonesia", caller(cast, who)).json()
        assert [t["post"]["slug"] for t in body["posts_held"]] == ["vice-chair"]

    @pytest.mark.parametrize("who", ["participant", "token"])
    def test_members_only_post_is_shown_to_participants(self, call, world, cast, who):
        body = call(f"{API}/ap/members/indonesia", caller(cast, who)).json()
        assert [t["post"]["slug"] for t in body["posts_held"]] == ["audit-seat", "vice-chair"]
        assert body["posts_held"][0]["status"] == "in_office"

    def test_unknown_member_is_a_json_404(self, call, world):
        response = call(f"{API}/ap/members/atlantis")
        assert response.status_code == 404
        assert response.json()["detail"] == "There is no Member “atlantis” in this region."

    def test_member_of_another_region_is_not_found_here(self, call, world, cast):
        assert call(f"{API}/ap/members/kenya").status_code == 404
        assert call(f"{API}/esa/members/kenya").status_code == 200


@pytest.mark.django_db
class TestContacts:
    URL = f"{API}/ap/members/indonesia/contacts"

    def contact(self, response):
        return next(c for c in response.json() if c["name"] == "Heru Example")

    @pytest.mark.parametrize("who", ["anonymous", "other_region"])
    def test_email_and_phone_hidden_from_outsiders(self, call, world, cast, who):
        row = self.contact(call(self.URL, caller(cast, who)))
        assert row["position_en"] == "Director General"
        assert row["position_fr"] == "Directeur général"
        assert row["roles"][0]["kind"] == "head_of_customs"
        assert row["email"] is None and row["phone"] is None
        assert "heru@customs.example" not in call(self.URL, caller(cast, who)).text

    @pytest.mark.parametrize("who", ["participant", "token"])
    def test_email_and_phone_shown_to_participants(self, call, world, cast, who):
        row = self.contact(call(self.URL, caller(cast, who)))
        assert row["email"] == "heru@customs.example"
        assert row["phone"] == "+62 21 000"

    def test_participant_of_another_member_in_the_region_sees_details(self, call, world, cast):
        assert self.contact(call(self.URL, cast.charlie))["email"] == "heru@customs.example"

    def test_ended_role_no_longer_shows_details(self, call, world, cast):
        cast.alice.person.roles.update(ends_on=datetime.date(2021, 1, 1))
        assert self.contact(call(self.URL, ("token", cast.alice)))["email"] is None

    def test_people_who_left_are_not_listed(self, call, world):
        world.contact.is_active = False
        world.contact.save()
        assert "Heru Example" not in [c["name"] for c in call(self.URL).json()]


@pytest.mark.django_db
class TestEntitiesOrganisationsPosts:
    def test_entity_list(self, call, world):
        [row] = call(f"{API}/ap/entities").json()
        assert row == row | {"slug": "rocb", "kind": "rocb", "name_en": "ROCB A/P"}

    def test_entity_detail_lists_only_visible_posts(self, call, world, cast):
        public = call(f"{API}/ap/entities/rocb").json()
        assert [p["slug"] for p in public["posts"]] == ["audit-seat", "vice-chair"][1:]
        member = call(f"{API}/ap/entities/rocb", ("token", cast.alice)).json()
        assert sorted(p["slug"] for p in member["posts"]) == ["audit-seat", "vice-chair"]

    def test_unknown_entity_is_a_json_404(self, call, world):
        response = call(f"{API}/ap/entities/nope")
        assert response.status_code == 404
        assert "nope" in response.json()["detail"]

    def test_organisations(self, call, world):
        [row] = call(f"{API}/ap/organisations").json()
        assert row["slug"] == "oco" and row["kind"] == "partner"

    def test_posts_with_holdings(self, call, world):
        [post] = call(f"{API}/ap/posts").json()
        assert post["slug"] == "vice-chair" and post["entity"] == "rocb"
        assert post["holdings"] == [
            {
                "holder": {
                    "type": "member",
                    "id": world.member.pk,
                    "slug": "indonesia",
                    "name_en": "Indonesia",
                    "name_fr": "Indonésie",
                },
                "starts_on": "2020-07-01",
                "ends_on": "2022-06-30",
                "status": "ended",
                "note": "",
            }
        ]

    def test_person_and_unconfirmed_holders(self, call, world):
        post = PostFactory(region=world.region, slug="rilo-head", holder_kind="person")
        HoldingFactory(
            post=post,
            member=None,
            person=world.contact,
            confirmed=False,
            starts_on=timezone.localdate(),
        )
        [holding] = call(f"{API}/ap/posts/rilo-head").json()["holdings"]
        assert holding["holder"] == {
            "type": "person",
            "id": world.contact.pk,
            "slug": None,
            "name_en": "Heru Example",
            "name_fr": "Heru Example",
        }
        assert holding["status"] == "pending"

    @pytest.mark.parametrize("who", ["anonymous", "other_region"])
    def test_members_only_post_is_not_found_by_the_public(self, call, world, cast, who):
        assert "audit-seat" not in [
            p["slug"] for p in call(f"{API}/ap/posts", caller(cast, who)).json()
        ]
        response = call(f"{API}/ap/posts/audit-seat", caller(cast, who))
        assert response.status_code == 404
        assert "Audit" not in response.text

    @pytest.mark.parametrize("who", ["participant", "token"])
    def test_members_only_post_is_visible_to_participants(self, call, world, cast, who):
        response = call(f"{API}/ap/posts/audit-seat", caller(cast, who))
        assert response.status_code == 200
        assert response.json()["visibility"] == "members"


@pytest.mark.django_db
class TestTokens:
    def test_token_use_is_recorded(self, client, world, cast):
        token, secret = AccessToken.issue(user=cast.alice, name="script")
        assert token.last_used_at is None
        client.get(f"{API}/ap", headers={"Authorization": f"Bearer {secret}"})
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_token_of_deactivated_user_is_refused(self, client, world, cast):
        _token, secret = AccessToken.issue(user=cast.alice, name="script")
        cast.alice.is_active = False
        cast.alice.save()
        response = client.get(f"{API}/ap", headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 401
        assert "deactivated" in response.json()["detail"]

    @pytest.mark.parametrize(
        "header", ["Bearer sec_nonsense", "Bearer ", "Basic YWxpY2U6eA==", "sec_only"]
    )
    def test_bad_credentials_are_refused_not_read_as_anonymous(self, client, world, header):
        response = client.get(f"{API}/ap/members", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json()["detail"]

    def test_bad_token_wins_over_a_valid_session(self, client, world, cast):
        client.force_login(cast.alice)
        response = client.get(f"{API}/ap", headers={"Authorization": "Bearer sec_x"})
        assert response.status_code == 401

    def test_refused_token_changes_nothing(self, client, world, cast):
        token, secret = AccessToken.issue(user=cast.alice, name="script")
        token.revoked_at = timezone.now()
        token.save()
        client.get(f"{API}/ap", headers={"Authorization": f"Bearer {secret}"})
        token.refresh_from_db()
        assert token.last_used_at is None


def _add_members(region, n):
    for _ in range(n):
        member = MemberFactory(region=region)
        person = PersonFactory(region=region, member=member)
        RoleFactory(person=person, member=member)
        HoldingFactory(post=PostFactory(region=region), member=member)


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize(
        "url",
        [
            f"{API}",
            f"{API}/ap/members",
            f"{API}/ap/entities",
            f"{API}/ap/organisations",
            f"{API}/ap/posts",
            f"{API}/ap/entities/rocb",
            f"{API}/ap/members/indonesia",
        ],
    )
    @pytest.mark.parametrize("who", ["anonymous", "token"])
    def test_same_count_for_1_and_30_members(
        self, client, world, cast, url, who, django_assert_num_queries
    ):
        headers = {}
        if who == "token":
            _token, secret = AccessToken.issue(user=cast.alice, name="script")
            headers["Authorization"] = f"Bearer {secret}"
        client.get(url, headers=headers)  # the first use of a token records it
        with CaptureQueriesContext(connection) as one:
            assert client.get(url, headers=headers).status_code == 200
        _add_members(world.region, 29)
        with django_assert_num_queries(len(one)):
            response = client.get(url, headers=headers)
        assert response.status_code == 200

    def test_contacts_count_does_not_grow_with_contacts(
        self, client, world, cast, django_assert_num_queries
    ):
        url = f"{API}/ap/members/indonesia/contacts"
        _token, secret = AccessToken.issue(user=cast.alice, name="script")
        headers = {"Authorization": f"Bearer {secret}"}
        client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as one:
            before = len(client.get(url, headers=headers).json())
        for _ in range(29):
            RoleFactory(person=PersonFactory(region=world.region, member=world.member))
        with django_assert_num_queries(len(one)):
            assert len(client.get(url, headers=headers).json()) == before + 29

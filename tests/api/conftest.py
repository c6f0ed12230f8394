"""A small region for the API: a sub-region, posts public and members-only, contacts."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from secretariat.accounts.models import AccessToken
from secretariat.core.visibility import Visibility

from ..factories import (
    EntityFactory,
    HoldingFactory,
    MemberFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
    RoleFactory,
    SubRegionFactory,
)


@dataclass
class World:
    region: object
    member: object
    other_member: object
    later_member: object
    entity: object
    organisation: object
    public_post: object
    members_post: object
    contact: object


@pytest.fixture
def world(region, member, other_member):
    asean = SubRegionFactory(region=region, name_en="ASEAN", name_fr="ANASE")
    member.sub_region = asean
    member.short_name_fr = "Indonésie"
    member.aliases = "Republic of Indonesia\nRI"
    member.joined_on = datetime.date(1990, 1, 1)
    member.save()
    later = MemberFactory(
        region=region, short_name_en="Palau", slug="palau", joined_on=datetime.date(2024, 2, 1)
    )
    entity = EntityFactory(region=region, slug="rocb", name_en="ROCB A/P", short_name_en="ROCB")
    organisation = OrganisationFactory(region=region, slug="oco", name_en="Oceania CO")
    public_post = PostFactory(
        region=region,
        slug="vice-chair",
        name_en="Vice-Chair",
        name_fr="Vice-président",
        entity=entity,
    )
    members_post = PostFactory(
        region=region,
        slug="audit-seat",
        name_en="Audit Committee seat",
        entity=entity,
        visibility=Visibility.MEMBERS,
    )
    HoldingFactory(
        post=public_post,
        member=member,
        starts_on=datetime.date(2020, 7, 1),
        ends_on=datetime.date(2022, 6, 30),
    )
    HoldingFactory(post=members_post, member=member, starts_on=datetime.date(2023, 7, 1))
    contact = PersonFactory(
        region=region,
        member=member,
        name="Heru Example",
        position_en="Director General",
        position_fr="Directeur général",
        email="heru@customs.example",
        phone="+62 21 000",
    )
    RoleFactory(person=contact, kind="head_of_customs", member=member)
    return World(
        region,
        member,
        other_member,
        later,
        entity,
        organisation,
        public_post,
        members_post,
        contact,
    )


@pytest.fixture
def issue_token():
    def issue(user):
        return AccessToken.issue(user=user, name="script")

    return issue


@pytest.fixture
def call(client, issue_token):
    """Call the API as somebody: None (anonymous), a user (session), or ("token", user)."""

    def get(url, as_=None, **params):
        headers = {}
        if isinstance(as_, tuple):
            kind, user = as_
            _token, secret = issue_token(user)
            if kind == "revoked":
                _token.revoked_at = timezone.now()
                _token.save()
            headers["Authorization"] = f"Bearer {secret}"
        elif as_ is not None:
            client.force_login(as_)
        return client.get(url, params, headers=headers)

    return get

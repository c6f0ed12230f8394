"""One world for the trust tests, built once per module: the Asia/Pacific demo (every app's
own demo data) plus the cast and a few drafts of Member A whose titles carry DRAFT_MARK.

The cast follows tests/conftest.py's Cast: alice is a contact point of Member A (Indonesia),
bob its Head of Customs, charlie a contact point of Member B (Australia, same region), dana a
contact point in another region, sam the region's secretariat, erin the other region's
secretariat (who has objects of her own region to offer in the admin: ROCB ESA, a plan).

Each test runs inside the world's transaction (pytest-django's per-test savepoint), so what
a test writes is rolled back at its end; the world itself is rolled back after the module.
"""

import types

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.regions.models import Member, Role

from ..factories import MemberFactory, RegionFactory, user_with_role
from .urls import address, patterns, targets

PEOPLE = ("anon", "alice", "bob", "charlie", "dana", "sam", "erin")
# Titles of Member A's drafts and private objects: anonymous visitors must never read it.
DRAFT_MARK = "Zqx-draft-only"


@pytest.fixture(scope="session")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("trust-media")


@pytest.fixture(autouse=True)
def media_root(settings, world_media):
    """Overrides tests/conftest.py's: the world's uploaded files live as long as the world."""
    settings.MEDIA_ROOT = world_media


def _build():
    from secretariat.decisions import services as decisions
    from secretariat.demo import asia_pacific
    from secretariat.gallery import services as gallery
    from secretariat.meetings.models import Meeting
    from secretariat.practices import services as practices
    from secretariat.publishing.models import NewsItem

    region = asia_pacific.load()
    a = Member.objects.get(region=region, short_name_en="Indonesia")
    b = Member.objects.get(region=region, short_name_en="Australia")
    far = RegionFactory(slug="esa", short_name_en="ESA")
    kenya = MemberFactory(region=far, short_name_en="Kenya", slug="kenya")
    cast = types.SimpleNamespace(
        alice=user_with_role(
            Role.Kind.CONTACT_POINT, region=region, member=a, email="alice@example.org"
        ),
        bob=user_with_role(
            Role.Kind.HEAD_OF_CUSTOMS, region=region, member=a, email="bob@example.org"
        ),
        charlie=user_with_role(
            Role.Kind.CONTACT_POINT, region=region, member=b, email="charlie@example.org"
        ),
        dana=user_with_role(
            Role.Kind.CONTACT_POINT, region=far, member=kenya, email="dana@example.org"
        ),
        sam=user_with_role(Role.Kind.SECRETARIAT, region=region, member=a, email="sam@example.org"),
        erin=user_with_role(
            Role.Kind.SECRETARIAT, region=far, member=kenya, email="erin@example.org"
        ),
    )
    themes = practices.themes_seed_covid(region=region, by=SYSTEM)
    draft_practice = practices.practice_create(
        member=a,
        by=cast.alice,
        themes=[themes[1]],
        title=f"Practice {DRAFT_MARK}",
        summary=f"Summary {DRAFT_MARK}",
        body="Body.",
        visibility=Visibility.MEMBERS,
    )
    meeting = Meeting.objects.filter(series__region=region).order_by("pk").first()
    draft_proposal = decisions.proposal_create(
        region=region,
        by=cast.alice,
        series=meeting.series,
        meeting=meeting,
        title_en=f"Proposal {DRAFT_MARK}",
        text_en="Text.",
        members=[a],
    )
    private_gallery = gallery.gallery_create(
        region=region,
        by=SYSTEM,
        title_en=f"Gallery {DRAFT_MARK}",
        visibility=Visibility.SECRETARIAT,
    )
    draft_news = NewsItem.objects.create(
        region=region,
        slug="zqx-draft",
        title_en=f"News {DRAFT_MARK}",
        lead_en="Lead.",
        body_en="Body.",
        status=NewsItem.Status.DRAFT,
        visibility=Visibility.MEMBERS,
    )
    return types.SimpleNamespace(
        region=region,
        far=far,
        member_a=a,
        member_b=b,
        cast=cast,
        draft_practice=draft_practice,
        draft_proposal=draft_proposal,
        private_gallery=private_gallery,
        draft_news=draft_news,
    )


_BROKEN = []


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """The world, in a transaction rolled back after the module (so other modules never see it)."""
    if _BROKEN:  # pytest would build a failed module fixture again for every test
        pytest.fail(f"the trust world could not be built: {_BROKEN[0]}")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=world_media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            try:
                built = _build()
            except Exception as error:
                _BROKEN.append(f"{type(error).__name__}: {error}")
                raise
            built.sessions = {}
            for name in PEOPLE[1:]:
                client = Client()
                client.force_login(getattr(built.cast, name))
                built.sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def client_as(world, name) -> Client:
    """A client signed in as `name` (a fresh one each time: cookies of a sign-out never leak)."""
    client = Client()
    if name != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[name]
    return client


@pytest.fixture(scope="module")
def addresses(world):
    """{URL name: address in the world}, or the LookupError of a parameter nobody named."""
    t = targets(world)
    found = {}
    for key, route in patterns().items():
        try:
            found[key] = address(key, route, t)
        except LookupError as error:  # a new parameter name: only its own pattern fails
            found[key] = error
    return found

"""Shared fixtures: the permission cast, a real SMTP server, and helpers."""

import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.utils import timezone, translation

from secretariat.regions.models import Role

from .factories import MemberFactory, RegionFactory, user_with_role


@pytest.fixture(autouse=True)
def english_and_utc():
    """Each test starts in English and UTC: a request in French must not leak into the next."""
    translation.activate("en")
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Kept page parts never outlive a test: the next test's rows may reuse the same ids."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(db):
    return RegionFactory(slug="ap", name_en="Asia/Pacific test region", short_name_en="A/P")


@pytest.fixture
def member(region):
    return MemberFactory(region=region, short_name_en="Indonesia", slug="indonesia")


@pytest.fixture
def other_member(region):
    return MemberFactory(region=region, short_name_en="Australia", slug="australia")


class Cast:
    """healthchecks' Alice, Bob and Charlie, for this domain.

    alice: contact point of `member`; bob: Head of Customs of the same Member;
    charlie: contact point of another Member; dana: contact point in another region;
    sam: secretariat of the region.
    """

    def __init__(self, region, member, other_member):
        other_region = RegionFactory(slug="esa", short_name_en="ESA")
        far_member = MemberFactory(region=other_region, short_name_en="Kenya", slug="kenya")
        self.alice = user_with_role(
            Role.Kind.CONTACT_POINT, region=region, member=member, email="alice@example.org"
        )
        self.bob = user_with_role(
            Role.Kind.HEAD_OF_CUSTOMS, region=region, member=member, email="bob@example.org"
        )
        self.charlie = user_with_role(
            Role.Kind.CONTACT_POINT, region=region, member=other_member, email="charlie@example.org"
        )
        self.dana = user_with_role(
            Role.Kind.CONTACT_POINT,
            region=other_region,
            member=far_member,
            email="dana@example.org",
        )
        self.sam = user_with_role(
            Role.Kind.SECRETARIAT, region=region, member=member, email="sam@example.org"
        )


@pytest.fixture
def cast(region, member, other_member):
    return Cast(region, member, other_member)


class Inbox(list):
    """Messages received by the loopback SMTP server."""

    async def handle_DATA(self, server, session, envelope):
        self.append(envelope)
        return "250 Message accepted"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; mail the app sends lands in the returned inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()

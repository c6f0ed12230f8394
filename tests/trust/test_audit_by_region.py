"""A region's audit trail is keyed by its id, not its slug (issue 14, item 6): renaming a
slug is audited and keeps the history; swapping two slugs does not swap the trails."""

import csv
import io

import pytest
from django.db import connection

from secretariat.core import pagecache
from secretariat.core.mail import mail_queue_text
from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.regions import services
from secretariat.regions.models import Region, Role

from ..factories import MemberFactory, RegionFactory, user_with_role

pytestmark = pytest.mark.django_db


def trail(client, region) -> list[str]:
    """The objects named in `region`'s audit export, as its secretariat reads it."""
    response = client.get(f"/{region.slug}/manage/audit/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("Record")
    return [row[column] for row in rows[1:]]


@pytest.fixture
def two(cast, region, member):
    """A/P and WCA, each with one audited Member, and each with its own secretariat."""
    wca = RegionFactory(slug="wca", short_name_en="WCA")
    senegal = MemberFactory(region=wca, short_name_en="Senegal", slug="senegal")
    erin = user_with_role(
        Role.Kind.SECRETARIAT, region=wca, member=senegal, email="erin@example.org"
    )
    services.member_update(member=member, by=cast.sam, official_name_en="Indonesia Customs")
    services.member_update(member=senegal, by=erin, official_name_en="Senegal Customs")
    return wca, erin


def test_renaming_a_slug_is_audited_and_keeps_the_history(client, cast, region, two):
    client.force_login(cast.sam)
    assert "Indonesia" in trail(client, region)
    services.region_update(region=region, by=cast.sam, slug="asia-pacific")
    region.refresh_from_db()
    objects = trail(client, region)
    assert "Indonesia" in objects  # the history from before the rename
    assert objects[0] == str(region)  # the rename itself, newest first
    renamed = AuditEntry.objects.filter(region_id=region.pk).order_by("-pk").first()
    assert renamed.changes["slug"] == ["ap", "asia-pacific"]


def test_swapping_two_slugs_does_not_swap_the_trails(client, cast, region, two):
    wca, erin = two
    services.region_update(region=region, by=SYSTEM, slug="swap")
    services.region_update(region=wca, by=SYSTEM, slug="ap")
    services.region_update(region=region, by=SYSTEM, slug="wca")
    region.refresh_from_db()
    wca.refresh_from_db()
    client.force_login(cast.sam)
    ours = trail(client, region)  # A/P, now at /wca/
    assert "Indonesia" in ours and "Senegal" not in ours
    client.force_login(erin)
    theirs = trail(client, wca)  # WCA, now at /ap/
    assert "Senegal" in theirs and "Indonesia" not in theirs


def test_the_page_cache_stamp_is_one_index_read(region, cast, member):
    services.member_update(member=member, by=cast.sam, official_name_en="Indonesia Customs")
    newest = AuditEntry.objects.filter(region_id=region.pk).latest("pk").pk
    assert pagecache.region_stamp(region.pk) == newest
    stamp = f"SELECT MAX(id) FROM core_auditentry WHERE region_id = {region.pk}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's table is tiny
            cursor.execute(f"EXPLAIN {stamp}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {stamp}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "audit_region_newest" in plan, plan


def test_the_outbox_is_scoped_by_region_id(region):
    message = mail_queue_text(to="a@example.org", subject="S", body="B", region_id=region.pk)
    assert message.region_id == Region.objects.get(slug="ap").pk

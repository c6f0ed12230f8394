"""A session starts as a draft, seen by the secretariat only, until a step publishes it.

Issue 18, "today": a new meeting, its unadopted agenda and its documents were visible to the
public or to members, as chosen at creation, the moment they existed (there was no draft).
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.documents import services as documents
from secretariat.meetings import services
from secretariat.meetings.models import Session

from ..documents.conftest import pdf
from .factories import SeriesFactory

NOV_12 = datetime.datetime(2030, 11, 12, 2, tzinfo=datetime.UTC)


def _page(session):
    return reverse("meetings:session-detail", args=[session.region.slug, session.pk])


@pytest.fixture
def series(region):
    return SeriesFactory(region=region, reference="RHCAC", name_en="Heads Conference")


@pytest.fixture
def created(client, cast, region, series):
    """A meeting made on the site by the secretariat, as a new user would make it."""
    client.force_login(cast.sam)
    response = client.post(
        reverse("meetings:meeting-add", args=[region.slug]),
        {
            "series": series.pk,
            "number": 31,
            "time_zone": "Asia/Jakarta",
            "starts_at": "2030-11-12T09:00",
            "ends_at": "2030-11-13T17:00",
            "mode": "hybrid",
            "venue": "Jakarta Convention Center",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    client.logout()
    return series.meetings.get(number=31)


@pytest.mark.django_db
class TestToday:
    def test_a_new_public_meeting_is_not_shown_to_the_public_until_published(self, client, created):
        """Failed on 4b8031d: the page answered 200 to a visitor the moment it existed."""
        assert client.get(_page(created.session)).status_code == 404
        listing = client.get(reverse("meetings:session-list", args=[created.series.region.slug]))
        assert "31st Heads Conference" not in listing.text

    def test_the_draft_meetings_documents_are_not_served_before_publication(
        self, client, cast, created
    ):
        """Failed on 4b8031d: a public document of a new meeting was downloadable at once."""
        document = documents.document_upload(
            session=created.session,
            by=cast.sam,
            upload=pdf(text="Draft agenda"),
            title_en="Provisional agenda",
            reference="RHCAC31/1",
            language="en",
            visibility=Visibility.PUBLIC,
        )
        url = reverse("documents:document-download", args=[document.region.slug, document.pk])
        assert client.get(url).status_code == 404


@pytest.mark.django_db
class TestDraft:
    def test_created_through_the_service_as_a_draft(self, series):
        meeting = services.meeting_create(series=series, number=31, by=SYSTEM)
        assert meeting.session.published_at is None
        assert meeting.session.is_draft

    @pytest.mark.parametrize("who", [None, "alice", "charlie", "dana"])
    def test_nobody_but_the_secretariat_sees_a_draft(self, client, cast, created, who):
        if who:
            client.force_login(getattr(cast, who))
        session = created.session
        region = session.region.slug
        assert client.get(_page(session)).status_code == 404
        assert (
            client.get(reverse("meetings:session-calendar", args=[region, session.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("meetings:agenda-pdf", args=[region, session.pk])).status_code == 404
        )
        assert (
            client.get(reverse("meetings:participant-list", args=[region, session.pk])).status_code
            == 404
        )
        assert client.get(reverse("live:room", args=[region, session.pk])).status_code == 404
        assert client.get(f"/api/regions/{region}/meetings/{session.pk}").status_code == 404
        assert "Heads Conference" not in client.get(f"/api/regions/{region}/meetings").text
        assert (
            "Heads Conference"
            not in client.get(reverse("regions:region-detail", args=[region])).text
        )
        found = client.get(reverse("search:search", args=[region]), {"q": "Heads"})
        assert "31st Heads Conference" not in found.text

    def test_the_secretariat_sees_the_draft_marked_and_may_publish(self, client, cast, created):
        client.force_login(cast.sam)
        response = client.get(_page(created.session))
        assert response.status_code == 200
        assert "This session is a draft" in response.text
        assert "Publish the session" in response.text
        found = client.get(reverse("search:search", args=["ap"]), {"q": "Heads"})
        assert "31st Heads Conference" in found.text

    def test_publishing_is_audited_and_shows_the_session_to_all(self, client, cast, created):
        session = created.session
        client.force_login(cast.sam)
        response = client.post(reverse("meetings:session-publish", args=["ap", session.pk]))
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.published_at is not None
        entry = AuditEntry.objects.get(
            target_type=ContentType.objects.get_for_model(Session),
            target_id=str(session.pk),
            action="session published",
        )
        assert entry.actor == cast.sam
        client.logout()
        assert client.get(_page(session)).status_code == 200
        assert "This session is a draft" not in client.get(_page(session)).text
        found = client.get(reverse("search:search", args=["ap"]), {"q": "Heads"})
        assert "31st Heads Conference" in found.text
        assert client.get(f"/api/regions/ap/meetings/{session.pk}").status_code == 200

    @pytest.mark.parametrize("who", [None, "alice", "dana"])
    def test_publishing_is_refused_to_others(self, client, cast, created, who):
        if who:
            client.force_login(getattr(cast, who))
        response = client.post(reverse("meetings:session-publish", args=["ap", created.session.pk]))
        assert response.status_code in (302, 403, 404)
        created.session.refresh_from_db()
        assert created.session.published_at is None

    def test_the_calendar_feed_leaves_a_draft_out(self, client, cast, created):
        from secretariat.accounts import services as accounts

        _feed, secret = accounts.calendar_feed_issue(user=cast.sam)
        url = reverse("meetings:calendar-feed", args=[secret])
        assert "Heads Conference" in client.get(url).text  # the secretariat's own feed
        _feed, secret = accounts.calendar_feed_issue(user=cast.alice)
        url = reverse("meetings:calendar-feed", args=[secret])
        assert "Heads Conference" not in client.get(url).text

    def test_joining_a_published_meeting_keeps_it_published(self, cast, region, created):
        other = SeriesFactory(region=region, reference="RCP", name_en="Contact Points")
        rcp = services.meeting_create(series=other, number=30, by=cast.sam)
        services.session_publish(session=rcp.session, by=cast.sam)
        joint = services.sessions_join(meetings=[created, rcp], by=cast.sam, starts_at=NOV_12)
        assert joint.published_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_migration_publishes_every_session_that_exists(region):
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes()
    executor.migrate([("meetings", "0004_agenda_amendment")])
    old = executor.loader.project_state([("meetings", "0004_agenda_amendment")]).apps
    old.get_model("meetings", "Session").objects.create(region_id=region.pk, time_zone="UTC")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(leaf)
    assert Session.objects.count() == 1
    assert Session.objects.get().published_at is not None

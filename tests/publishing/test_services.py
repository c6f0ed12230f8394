"""News services: only the secretariat writes; every step is audited; slugs stay unique."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from secretariat.core.audit import history_of
from secretariat.core.visibility import Visibility
from secretariat.publishing import services
from secretariat.publishing.models import NewsItem

from ..meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_each_step_is_audited_with_its_changes(cast, region):
    session = MeetingFactory(series__region=region, number=22).session
    item = services.news_generate(session=session, by=cast.sam)
    services.news_update(item=item, by=cast.sam, expected_version=1, title_en="Heads met")
    services.news_publish(
        item=item, by=cast.sam, published_on=datetime.date(2021, 4, 2), lead_en="Heads met."
    )
    services.news_unpublish(item=item, by=cast.sam)
    entries = list(history_of(item).order_by("pk"))
    assert [e.action for e in entries] == [
        "written from the session's data",
        "updated",
        "published",
        "unpublished",
    ]
    assert entries[1].changes["title_en"][1] == "Heads met"
    assert entries[2].changes["published_on"] == [None, "2021-04-02"]
    assert all(e.actor == cast.sam and e.region_id == region.pk for e in entries)


def test_a_second_draft_of_the_same_session_gets_its_own_address(cast, region):
    session = MeetingFactory(series__region=region, number=22).session
    first = services.news_generate(session=session, by=cast.sam)
    second = services.news_generate(session=session, by=cast.sam)
    assert second.slug == f"{first.slug}-2"


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "dana"])
def test_no_one_but_the_secretariat_writes(cast, region, make_item, who):
    user = getattr(cast, who)
    session = MeetingFactory(series__region=region).session
    item = make_item(status=NewsItem.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.news_generate(session=session, by=user)
    with pytest.raises(PermissionDenied):
        services.news_update(item=item, by=user, expected_version=1, title_en="x")
    with pytest.raises(PermissionDenied):
        services.news_publish(
            item=item, by=user, published_on=datetime.date(2021, 1, 1), lead_en="x"
        )
    item.refresh_from_db()
    assert item.status == "draft" and item.version == 1 and NewsItem.objects.count() == 1


def test_a_draft_about_a_members_only_meeting_is_for_members(cast, region):
    session = MeetingFactory(series__region=region, visibility=Visibility.MEMBERS).session
    assert services.news_generate(session=session, by=cast.sam).visibility == "members"


def test_the_home_lists_a_coming_session_without_a_date_last(client, region):
    from django.urls import reverse

    dated = MeetingFactory(
        series__region=region,
        series__name_en="Dated Meeting",
        session__starts_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        session__ends_at=datetime.datetime(2099, 1, 1, 5, tzinfo=datetime.UTC),
    )
    MeetingFactory(
        series__region=region,
        series__name_en="Undated Meeting",
        session__starts_at=None,
        session__ends_at=None,
    )
    page = client.get(reverse("regions:region-detail", args=[region.slug])).text
    assert page.index(dated.series.name_en) < page.index("Undated Meeting")
    assert "Date to be decided" in page

"""News pages: who sees what, and the secretariat's steps from a session to a published item."""

import datetime

import feedparser
import pytest
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.core.visibility import Visibility
from secretariat.publishing.models import NewsItem

from ..meetings.factories import MeetingFactory, SeriesFactory

pytestmark = pytest.mark.django_db
EVERYONE = ["alice", "bob", "charlie", "dana", "sam", None]


def url(name, item, *extra):
    return reverse(f"publishing:{name}", args=[item.region.slug, item.slug, *extra])


def login(client, cast, who):
    if who:
        client.force_login(getattr(cast, who))


@pytest.mark.parametrize("who", EVERYONE)
def test_a_published_public_item_is_for_everyone(client, cast, make_item, who):
    item = make_item()
    login(client, cast, who)
    page = client.get(url("news-detail", item))
    assert page.status_code == 200
    assert "<strong>text</strong>" in page.text
    assert item.title_en in client.get(reverse("publishing:news-archive", args=["ap"])).text


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 404), ("bob", 404), ("charlie", 404), ("dana", 404), ("sam", 200), (None, 404)],
)
def test_a_draft_is_the_secretariats(client, cast, make_item, who, status):
    item = make_item(status=NewsItem.Status.DRAFT)
    login(client, cast, who)
    assert client.get(url("news-detail", item)).status_code == status
    assert item.title_en not in client.get(reverse("publishing:news-archive", args=["ap"])).text


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("charlie", 200), ("dana", 404), ("sam", 200), (None, 404)],
)
def test_a_members_only_item_is_for_the_regions_members(client, cast, make_item, who, status):
    item = make_item(visibility=Visibility.MEMBERS)
    login(client, cast, who)
    assert client.get(url("news-detail", item)).status_code == status
    listed = item.title_en in client.get(reverse("publishing:news-archive", args=["ap"])).text
    assert listed == (status == 200)


SECRETARIAT_ONLY = [
    ("alice", 403),
    ("bob", 403),
    ("charlie", 403),
    ("dana", 403),
    ("sam", 200),
    (None, 302),
]


@pytest.mark.parametrize(("who", "status"), SECRETARIAT_ONLY)
def test_only_the_secretariat_opens_the_edit_publish_and_manage_pages(
    client, cast, make_item, who, status
):
    item = make_item(status=NewsItem.Status.DRAFT)
    login(client, cast, who)
    for page in (url("news-edit", item), url("news-publish", item)):
        assert client.get(page).status_code == status
    manage = client.get(reverse("publishing:news-manage", args=["ap"]))
    assert manage.status_code == status


@pytest.fixture
def session(region, member):
    series = SeriesFactory(
        region=region, reference="RHCAC", name_en="Regional Heads of Customs Conference"
    )
    return MeetingFactory(series=series, number=22, session__host=member).session


@pytest.mark.parametrize(("who", "status"), [*SECRETARIAT_ONLY[:5], (None, 302)])
def test_only_the_secretariat_writes_a_draft_from_a_session(client, cast, session, who, status):
    login(client, cast, who)
    response = client.post(reverse("publishing:news-generate", args=["ap", session.pk]))
    if who == "sam":
        item = NewsItem.objects.get(session=session)
        assert response.status_code == 302 and response.url == url("news-edit", item)
        assert item.status == "draft"
        assert item.title_en == "22nd Regional Heads of Customs Conference"
        assert "hosted by Indonesia" in item.body_en
        assert AuditEntry.objects.filter(action="written from the session's data").exists()
    else:
        assert response.status_code in (302, 403) and response.status_code == (status or 302)
        assert not NewsItem.objects.exists()


def test_the_session_page_offers_the_secretariat_a_draft(client, cast, session):
    session_url = reverse("meetings:session-detail", args=["ap", session.pk])
    client.force_login(cast.sam)
    assert "Write a news item from this session" in client.get(session_url).text
    client.force_login(cast.alice)
    assert "Write a news item from this session" not in client.get(session_url).text


def _edit_data(item, **changes):
    data = {
        "version": item.version,
        "title_en": item.title_en,
        "title_fr": item.title_fr,
        "lead_en": item.lead_en,
        "lead_fr": item.lead_fr,
        "body_en": item.body_en,
        "body_fr": item.body_fr,
        "visibility": item.visibility,
        "gallery": "",
    }
    return data | changes


def test_the_secretariat_edits_and_a_stale_edit_shows_both_versions(client, cast, make_item):
    item = make_item(status=NewsItem.Status.DRAFT)
    client.force_login(cast.sam)
    stale = _edit_data(item, body_en="My version of the text.")
    saved = client.post(url("news-edit", item), _edit_data(item, body_en="Their version."))
    assert saved.status_code == 302
    conflict = client.post(url("news-edit", item), stale)
    assert conflict.status_code == 409
    assert "Their version." in conflict.text and "My version of the text." in conflict.text
    item.refresh_from_db()
    assert item.body_en == "Their version." and item.version == 2


def test_a_refused_edit_changes_nothing(client, cast, make_item):
    item = make_item(status=NewsItem.Status.DRAFT)
    client.force_login(cast.alice)
    response = client.post(url("news-edit", item), _edit_data(item, body_en="Hacked."))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.body_en == "The **text** of item 1." and item.version == 1


def test_the_secretariat_publishes_with_a_date_and_a_lead_then_unpublishes(client, cast, make_item):
    item = make_item(status=NewsItem.Status.DRAFT, lead_en="")
    client.force_login(cast.sam)
    refused = client.post(url("news-publish", item), {"published_on": "2020-11-12", "lead_en": ""})
    assert refused.status_code == 400
    response = client.post(
        url("news-publish", item),
        {"published_on": "2020-11-13", "lead_en": "Heads met.", "lead_fr": "Les chefs."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "published" and item.published_on == datetime.date(2020, 11, 13)
    assert item.lead_en == "Heads met."
    client.logout()
    assert client.get(url("news-detail", item)).status_code == 200
    client.force_login(cast.sam)
    assert client.post(url("news-unpublish", item)).status_code == 302
    client.logout()
    assert client.get(url("news-detail", item)).status_code == 404


@pytest.mark.parametrize("who", ["alice", "charlie", "dana", None])
def test_a_refused_publish_or_unpublish_changes_nothing(client, cast, make_item, who):
    draft = make_item(1, status=NewsItem.Status.DRAFT)
    published = make_item(2)
    login(client, cast, who)
    client.post(url("news-publish", draft), {"published_on": "2020-11-13", "lead_en": "x"})
    client.post(url("news-unpublish", published))
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == "draft" and published.status == "published"


def test_the_news_page_carries_opengraph_metadata(client, make_item):
    item = make_item()
    page = client.get(url("news-detail", item)).text
    assert '<meta property="og:type" content="article">' in page
    assert f'<meta property="og:title" content="{item.title_en}">' in page
    assert '<meta property="og:description" content="The lead of item 1.">' in page
    assert f'content="http://testserver{item.get_absolute_url()}"' in page


def test_the_news_page_in_french(client, make_item):
    item = make_item()
    client.cookies["django_language"] = "fr"
    page = client.get(url("news-detail", item)).text
    assert "Le <strong>texte</strong> de l'article 1." in page
    assert 'content="Les chefs des douanes se réunissent, partie 1"' in page


def test_the_archive_pages_ten_items(client, make_item):
    for n in range(1, 13):
        make_item(n)
    first = client.get(reverse("publishing:news-archive", args=["ap"])).text
    assert "part 12" in first and "part 3<" in first and "part 2<" not in first
    second = client.get(reverse("publishing:news-archive", args=["ap"]), {"page": 2}).text
    assert "part 2<" in second and "part 1<" in second and "Page 2 of 2" in second


def test_the_atom_feed_parses_and_lists_only_published_public_items(client, make_item):
    make_item(1)
    make_item(2, status=NewsItem.Status.DRAFT)
    make_item(3, visibility=Visibility.MEMBERS)
    response = client.get(reverse("publishing:news-feed", args=["ap"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["Heads of Customs meet, part 1"]
    assert feed.entries[0].link == "http://testserver/ap/news/item-1/"
    assert feed.entries[0].summary == "The lead of item 1."


def test_the_sitemap_lists_public_pages_only(client, make_item):
    make_item(1)
    make_item(2, status=NewsItem.Status.DRAFT)
    make_item(3, visibility=Visibility.MEMBERS)
    text = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/ap/news/item-1/</loc>" in text
    assert "item-2" not in text and "item-3" not in text
    assert "<loc>http://testserver/ap/</loc>" in text
    assert "/manage/" not in text


def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_the_home_shows_the_latest_news_and_the_coming_meetings(client, make_item, region):
    make_item(1)
    make_item(2, status=NewsItem.Status.DRAFT)
    MeetingFactory(
        series=SeriesFactory(region=region, name_en="Regional Contact Point Meeting"),
        number=35,
        session__starts_at=datetime.datetime(2099, 4, 1, 3, tzinfo=datetime.UTC),
        session__ends_at=datetime.datetime(2099, 4, 1, 9, tzinfo=datetime.UTC),
        session__venue="Bangkok",
    )
    page = client.get(reverse("regions:region-detail", args=["ap"])).text
    assert "Latest news" in page and "part 1" in page and "part 2" not in page
    assert "35th Regional Contact Point Meeting" in page and "Bangkok" in page


@pytest.mark.parametrize("rows", [1, 10])
def test_the_archive_and_the_home_cost_the_same_at_1_and_10_items(
    client, make_item, region, django_assert_num_queries, rows
):
    for n in range(rows):
        make_item(n)
        MeetingFactory(
            series__region=region,
            session__starts_at=datetime.datetime(2099, 4, 1 + n, 3, tzinfo=datetime.UTC),
            session__ends_at=datetime.datetime(2099, 4, 1 + n, 9, tzinfo=datetime.UTC),
        )
    with django_assert_num_queries(QUERIES["archive"]):
        assert client.get(reverse("publishing:news-archive", args=["ap"])).status_code == 200
    with django_assert_num_queries(QUERIES["home"]):
        assert client.get(reverse("regions:region-detail", args=["ap"])).status_code == 200


QUERIES = {"archive": 3, "home": 6}

"""Keeping up with practices: what changed since a date or a last visit, the Atom feed, and the
filtered list as CSV or XLSX, each showing only what the reader may see."""

import csv
import datetime
import io

import feedparser
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from secretariat.core.visibility import Visibility
from secretariat.practices.models import Practice

pytestmark = pytest.mark.django_db


def list_url(**query):
    return reverse("practices:practice-list", args=["ap"]), query


def aged(practice, days):
    """The practice as last updated `days` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    Practice.objects.filter(pk=practice.pk).update(updated_at=when)
    return when


@pytest.fixture
def three(make_practice):
    old = make_practice("Old lane", visibility=Visibility.PUBLIC)
    aged(old, 40)
    new = make_practice("New lane", visibility=Visibility.PUBLIC, status="lifted")
    members = make_practice("Members lane")
    make_practice("Draft lane", submit=False, visibility=Visibility.PUBLIC)
    return old, new, members


def test_changed_since_a_date_lists_only_what_changed_since(client, cast, three):
    client.force_login(cast.charlie)
    since = (timezone.now() - datetime.timedelta(days=10)).date().isoformat()
    page = client.get(*list_url(since=since))
    assert "New lane" in page.text and "Members lane" in page.text
    assert "Old lane" not in page.text
    assert "Old lane" in client.get(*list_url(since="not a date")).text


def test_changed_since_my_last_visit(client, cast, three, make_practice):
    client.force_login(cast.charlie)
    first = client.get(*list_url())
    assert first.context["last_visit"] is None
    # An hour later, a new visit: the link shows what changed since the first one began.
    key = f"practices-visit-{three[0].region_id}"
    session = client.session
    mark = session[key]
    began = timezone.now() - datetime.timedelta(hours=2)
    mark["began"] = began.isoformat()
    session[key] = mark
    session.save()
    for practice in three:
        aged(practice, 1)
    make_practice("Newest lane")
    second = client.get(*list_url())
    assert second.context["last_visit"] == began
    link = reverse("practices:practice-list", args=["ap"])
    since = client.get(link, {"since": began.isoformat()})
    assert "Newest lane" in since.text and "New lane" not in since.text
    assert "Changed since my last visit" in second.text
    # Within the same visit the mark stays where it was.
    assert client.get(*list_url()).context["last_visit"] == began


def feed(client):
    response = client.get(reverse("practices:practice-feed", args=["ap"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


def test_the_atom_feed_gives_new_and_updated_practices_the_reader_may_see(client, cast, three):
    parsed = feed(client)
    assert parsed.bozo == 0
    assert [e.title for e in parsed.entries] == ["New lane", "Old lane"]  # public, newest first
    entry = parsed.entries[0]
    assert entry.link.endswith(three[1].get_absolute_url())
    assert entry.author == "Indonesia" and entry.tags[0].term
    client.force_login(cast.charlie)
    titles = [e.title for e in feed(client).entries]
    assert titles == ["Members lane", "New lane", "Old lane"]  # never the draft
    client.force_login(cast.alice)  # the draft's keeper: still not in the feed
    assert "Draft lane" not in [e.title for e in feed(client).entries]


def export(client, fmt, **query):
    response = client.get(reverse("practices:practice-export", args=["ap", fmt]), query)
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_filtered_list_exports_as_shown(client, cast, three, fmt):
    rows = export(client, fmt)
    assert rows[0][:3] == ["Title", "Member", "Status"]
    assert sorted(r[0] for r in rows[1:]) == ["New lane", "Old lane"]  # the public ones
    client.force_login(cast.charlie)
    rows = export(client, fmt, status="lifted")
    assert [r[0] for r in rows[1:]] == ["New lane"]
    assert rows[1][-1] == "http://testserver" + three[1].get_absolute_url()
    assert len(export(client, fmt)) == 4  # header and three practices, no draft
    assert client.get(reverse("practices:practice-export", args=["ap", "pdf"])).status_code == 404


def test_a_formula_in_a_title_is_exported_as_text(client, cast, make_practice):
    make_practice("=HYPERLINK(1)", visibility=Visibility.PUBLIC)
    assert export(client, "csv")[1][0] == "'=HYPERLINK(1)"

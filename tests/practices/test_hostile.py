"""Issue 16: input that cannot break a page, histories that leak nothing, uploads stored
under generated names. Each test failed on 4b8031d."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from lxml import etree

from secretariat.core.visibility import Visibility
from secretariat.practices import services
from secretariat.practices.models import Practice
from secretariat.search.selectors import highlight
from secretariat.search.snippets import snippet

HUGE = "99999999999999999999999"


# Item 2: control characters


def test_the_public_feed_survives_control_characters_already_stored(client, make_practice):
    practice = make_practice("Green lane", visibility=Visibility.PUBLIC)
    Practice.objects.filter(pk=practice.pk).update(
        title="Green\x0b lane", summary="Relief\x02 goods cleared."
    )
    response = client.get(reverse("practices:practice-feed", args=["ap"]))
    assert response.status_code == 200
    feed = etree.fromstring(response.content)
    text = etree.tostring(feed, encoding="unicode")
    assert "Relief goods cleared." in text and "Green lane" in text


def test_a_form_strips_control_characters(client, cast, member, themes):
    client.force_login(cast.alice)
    response = client.post(
        reverse("practices:practice-add", args=["ap"]),
        {
            "member": member.pk,
            "title": "Green\x0b lane\x02",
            "summary": "Relief goods\x1b[31m cleared.\nNext line.",
            "themes": [themes[1].pk],
            "status": "in_force",
            "language": "en",
            "visibility": Visibility.MEMBERS,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    practice = Practice.objects.get()
    assert practice.title == "Green lane"
    assert practice.summary == "Relief goods[31m cleared.\nNext line."


def test_a_json_body_is_cleaned_before_the_api_reads_it():
    from secretariat.core.text import CleanInputMiddleware

    request = RequestFactory().post(
        "/api/x",
        json.dumps({"value": "a\u0002b", "list": ["\u000bc"], "n": 1}),
        content_type="application/json",
    )
    CleanInputMiddleware(HttpResponse).process_view(request, HttpResponse, (), {})
    assert json.loads(request.body) == {"value": "ab", "list": ["c"], "n": 1}


# Item 3: oversized integers in filters


@pytest.mark.parametrize(
    "url",
    [
        f"/ap/practices/?theme={HUGE}",
        f"/ap/practices/?member={HUGE}",
        f"/ap/practices/export.csv?theme={HUGE}",
        f"/ap/practices/export.xlsx?member={HUGE}",
    ],
)
def test_a_number_too_large_for_the_database_matches_nothing(client, cast, make_practice, url):
    make_practice()
    client.force_login(cast.sam)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Green lane for relief consignments" not in response.content


# Item 7: histories


def test_a_practices_history_shows_readers_no_draft_and_no_address(client, cast, make_practice):
    practice = make_practice(
        "Green lane",
        submit=False,
        summary="INTERNAL-ONLY: not yet agreed",
        visibility=Visibility.PUBLIC,
    )
    services.practice_update(
        practice=practice,
        by=cast.alice,
        expected_version=practice.version,
        themes=list(practice.themes.all()),
        summary="Relief goods cleared before arrival.",
    )
    services.practice_submit(practice=Practice.objects.get(pk=practice.pk), by=cast.alice)
    practice = Practice.objects.get(pk=practice.pk)
    services.practice_update(
        practice=practice,
        by=cast.alice,
        expected_version=practice.version,
        themes=list(practice.themes.all()),
        status=Practice.Status.LIFTED,
    )
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "INTERNAL-ONLY" not in page
    assert "alice@example.org" not in page
    assert "in_force" not in page
    assert "Status: in force → lifted" in page
    client.force_login(cast.bob)  # a keeper of its Member reads it all
    page = client.get(practice.get_absolute_url()).content.decode()
    history = page.split('class="history"', 1)[1]
    assert "INTERNAL-ONLY" in history and "alice@example.org" in history


# Item 8: uploads under generated names


def test_an_attachment_is_stored_under_a_generated_name(client, cast, make_practice):
    practice = make_practice()
    upload = SimpleUploadedFile("evil.html", b"%PDF-1.4\n<script>x()</script>")
    attachment = services.practice_attach(practice=practice, by=cast.alice, upload=upload)
    stored = attachment.file.name
    assert "evil" not in stored and stored.startswith("practices/") and stored.endswith(".pdf")
    assert attachment.name == "evil.html"  # shown, and the download's name
    client.force_login(cast.alice)
    response = client.get(
        reverse("practices:attachment-download", args=["ap", practice.pk, attachment.pk])
    )
    assert 'filename="evil.html"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# Item 9: search snippets


def test_a_snippet_marks_only_what_matched():
    text = "Stored \x02<b>unmatched</b>\x03 text about vaccines"
    marked = highlight(snippet(text, ["vaccines"]))
    assert marked.count("<mark>") == 1
    assert "<mark>vaccines</mark>" in marked
    assert "&lt;b&gt;unmatched" not in marked.split("<mark>")[0][-6:]
    assert "<mark>&lt;b&gt;" not in marked


def test_files_stored_under_their_uploaders_names_are_renamed(cast, make_practice):
    """The data migration (practices 0003, decisions 0007) over files attached before."""
    from django.core.files.base import ContentFile

    from secretariat.core.migrating import rename_to_generated
    from secretariat.practices.models import Attachment

    practice = make_practice()
    old = Attachment(practice=practice, name="evil.html", kind="pdf")
    old.file.save("evil.html", ContentFile(b"%PDF-1.4 old"), save=True)
    assert old.file.name == "practices/evil.html"
    rename_to_generated(Attachment, "file", "practices")
    old.refresh_from_db()
    assert "evil" not in old.file.name and old.file.name.endswith(".pdf")
    with old.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 old"
    assert not old.file.storage.exists("practices/evil.html")
    rename_to_generated(Attachment, "file", "practices")  # a second run changes nothing
    assert Attachment.objects.get(pk=old.pk).file.name == old.file.name

"""Practice pages: owner / colleague / other Member / anonymous, drafts, edits and files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat.core.visibility import Visibility
from secretariat.practices.models import Attachment, Practice

pytestmark = pytest.mark.django_db


def url(name, practice, *extra):
    return reverse(f"practices:{name}", args=[practice.region.slug, practice.pk, *extra])


def login(client, cast, who):
    if who:
        client.force_login(getattr(cast, who))


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("charlie", 200), ("sam", 200), ("dana", 404), (None, 404)],
)
def test_a_members_only_practice_is_for_the_regions_members(
    client, cast, make_practice, who, status
):
    practice = make_practice()
    login(client, cast, who)
    assert client.get(url("practice-detail", practice)).status_code == status
    listed = "Green lane" in client.get(reverse("practices:practice-list", args=["ap"])).text
    assert listed == (status == 200)


@pytest.mark.parametrize("who", [None, "dana", "charlie"])
def test_a_public_practice_is_for_everyone(client, cast, make_practice, who):
    practice = make_practice(visibility=Visibility.PUBLIC)
    login(client, cast, who)
    page = client.get(url("practice-detail", practice))
    assert page.status_code == 200 and "<strong>vaccines</strong>" in page.text


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 404), ("sam", 404), (None, 404)]
)
def test_a_draft_is_private_to_its_member(client, cast, make_practice, who, status):
    practice = make_practice(submit=False, visibility=Visibility.PUBLIC)
    login(client, cast, who)
    assert client.get(url("practice-detail", practice)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("sam", 403), ("dana", 403), ("alice", 200)]
)
def test_who_may_open_the_new_practice_form(client, cast, region, who, status):
    login(client, cast, who)
    assert client.get(reverse("practices:practice-add", args=["ap"])).status_code == status


def test_a_contact_point_adds_a_draft_then_submits_it(client, cast, member, themes):
    client.force_login(cast.alice)
    response = client.post(
        reverse("practices:practice-add", args=["ap"]),
        {
            "member": member.pk,
            "title": "Temperature screening at ports",
            "summary": "Staff screened daily.",
            "body": "Thermal cameras <script>alert(1)</script>",
            "themes": [themes[3].pk],
            "status": "in_force",
            "language": "en",
            "visibility": "members",
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302 and practice.is_draft
    page = client.get(url("practice-detail", practice))
    assert "<script>alert" not in page.text and "Protecting staff" in page.text
    client.post(url("practice-submit", practice))
    assert not Practice.objects.get().is_draft


def test_for_another_member_the_form_refuses(client, cast, other_member, themes):
    client.force_login(cast.alice)
    response = client.post(
        reverse("practices:practice-add", args=["ap"]),
        {
            "member": other_member.pk,
            "title": "x",
            "summary": "y",
            "themes": [themes[1].pk],
            "status": "in_force",
            "language": "en",
            "visibility": "members",
        },
    )
    assert response.status_code == 400 and not Practice.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("bob", 302), ("charlie", 403), ("sam", 403), ("dana", 404), (None, 302)]
)
def test_only_the_members_keepers_edit(client, cast, make_practice, themes, who, status):
    practice = make_practice()
    login(client, cast, who)
    response = client.post(
        url("practice-edit", practice),
        {
            "version": 1,
            "title": "Edited",
            "summary": "s",
            "themes": [themes[1].pk],
            "status": "lifted",
            "language": "en",
            "visibility": "members",
        },
    )
    assert response.status_code == status
    assert (Practice.objects.get().title == "Edited") == (status == 302 and who == "bob")


def test_an_edit_on_a_stale_version_shows_both(client, cast, make_practice, themes):
    practice = make_practice()
    client.force_login(cast.alice)
    data = {
        "title": "Mine",
        "summary": "s",
        "themes": [themes[1].pk],
        "status": "lifted",
        "language": "en",
        "visibility": "members",
    }
    assert client.post(url("practice-edit", practice), {**data, "version": 1}).status_code == 302
    response = client.post(url("practice-edit", practice), {**data, "title": "Late", "version": 1})
    assert response.status_code == 409 and "Late" in response.text
    assert Practice.objects.get().title == "Mine"


def test_attachments_are_checked_by_content_and_served_to_readers_only(client, cast, make_practice):
    practice = make_practice()
    client.force_login(cast.alice)
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf at all")
    assert client.post(url("attachment-add", practice), {"file": fake}).status_code == 400
    assert not Attachment.objects.exists()
    real = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.post(url("attachment-add", practice), {"file": real}).status_code == 302
    item = Attachment.objects.get()
    download = client.get(url("attachment-download", practice, item.pk))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert download["Cache-Control"] == "private, no-store"  # a draft: its Member's only
    client.logout()
    assert client.get(url("attachment-download", practice, item.pk)).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("sam", 302)])
def test_only_the_secretariat_features(client, cast, make_practice, who, status):
    practice = make_practice()
    login(client, cast, who)
    assert client.post(url("practice-feature", practice), {"featured": "1"}).status_code == status
    assert Practice.objects.get().featured == (status == 302)


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("sam", 200)])
def test_only_the_secretariat_curates_themes(client, cast, themes, who, status):
    login(client, cast, who)
    assert client.get(reverse("practices:theme-list", args=["ap"])).status_code == status


def test_the_secretariat_adds_a_sub_theme(client, cast, themes):
    client.force_login(cast.sam)
    response = client.post(
        reverse("practices:theme-list", args=["ap"]),
        {"name_en": "Vaccines", "parent": themes[1].pk, "order": 1},
    )
    assert response.status_code == 302
    assert "Facilitating" in client.get(reverse("practices:theme-list", args=["ap"])).text


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_reads_the_same_queries_for_1_and_10(
    client, cast, make_practice, django_assert_num_queries, rows
):
    for i in range(rows):
        make_practice(f"Practice {i}")
    client.force_login(cast.charlie)
    client.get(reverse("practices:practice-list", args=["ap"]))  # warm the session
    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("practices:practice-list", args=["ap"]))
    assert page.text.count("Practice ") >= rows


QUERIES = 8


def test_the_history_shows_times_in_the_readers_zone(client, cast, make_practice):
    practice = make_practice()
    cast.alice.time_zone = "Asia/Bangkok"
    cast.alice.save(update_fields=["time_zone"])
    client.force_login(cast.alice)
    page = client.get(url("practice-detail", practice)).text
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    assert "(UTC+07:00)" in history  # was the Bangkok time labelled "UTC"

"""Every page of summary records: who gets it (the cast), what it shows, and what changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.records import services
from secretariat.records.models import RecordComment, RecordParagraph, SummaryRecord

from ..meetings.factories import AgendaItemFactory, MeetingFactory

PEOPLE = ("alice", "bob", "charlie", "dana", "sam")


def _url(name, record, *args):
    return reverse(f"records:{name}", args=[record.session.region.slug, record.pk, *args])


def _first(record):
    return RecordParagraph.objects.filter(section__record=record).order_by(
        "section__position", "position"
    )[0]


def _as(client, cast, who):
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    return client


def _circulated(record, cast):
    due = timezone.now() + datetime.timedelta(days=7)
    return services.record_circulate(record=record, comments_due=due, by=cast.sam)


def _adopted(record, cast):
    _circulated(record, cast)
    return services.record_adopt(record=record, by=cast.sam)


# --- reading ------------------------------------------------------------------------------

DRAFT_READERS = {"sam": 200}
CIRCULATED_READERS = {"alice": 200, "bob": 200, "charlie": 200, "sam": 200}
ADOPTED_READERS = {p: 200 for p in (*PEOPLE, "anonymous")}


@pytest.mark.parametrize(
    ("stage", "readers"),
    [("draft", DRAFT_READERS), ("circulated", CIRCULATED_READERS), ("adopted", ADOPTED_READERS)],
)
@pytest.mark.parametrize("page", ["record-detail", "record-docx"])
@pytest.mark.parametrize("who", [*PEOPLE, "anonymous"])
def test_who_reads_a_record_at_each_stage(client, cast, record, stage, readers, page, who):
    {"draft": lambda: None, "circulated": lambda: _circulated(record, cast)}.get(
        stage, lambda: _adopted(record, cast)
    )()
    response = _as(client, cast, who).get(_url(page, record))
    assert response.status_code == readers.get(who, 404)


@pytest.mark.parametrize("who", ["sam", "alice", "anonymous"])
def test_the_pdf_follows_the_page_s_rule(client, cast, record, who):
    _circulated(record, cast)
    response = _as(client, cast, who).get(_url("record-pdf", record))
    assert response.status_code == CIRCULATED_READERS.get(who, 404)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Cache-Control"] == "private, no-store"  # a circulated draft


def test_a_members_only_meeting_keeps_its_adopted_record_from_the_public(client, cast, record):
    record.session.meetings.update(visibility=Visibility.MEMBERS)
    _adopted(record, cast)
    assert client.get(_url("record-detail", record)).status_code == 404
    assert _as(client, cast, "charlie").get(_url("record-detail", record)).status_code == 200


def test_the_record_page_shows_numbered_paragraphs_under_each_item(client, cast, record):
    response = _as(client, cast, "sam").get(_url("record-detail", record))
    page = response.content.decode()
    assert "RHCAC21 / RCP30" in page
    assert "I. Opening remarks" in page
    assert '<span class="number">4.</span> <span class="text">Mr Heru Pambudi (' in page
    assert "Build the draft" not in page
    assert "Circulate to the Members" in page


def test_the_list_shows_drafts_to_the_secretariat_only(client, cast, record):
    assert (
        record.session.title
        in _as(client, cast, "sam")
        .get(reverse("records:record-list", args=["ap"]))
        .content.decode()
    )
    client.logout()
    for who in ("alice", "anonymous"):
        client.logout()
        response = _as(client, cast, who).get(reverse("records:record-list", args=["ap"]))
        assert response.status_code == 200
        assert "Joint Session" not in response.content.decode()


# --- the secretariat's steps ---------------------------------------------------------------


def _post_steps(record):
    paragraph = _first(record)
    section = paragraph.section
    return {
        "paragraph-edit": (
            _url("paragraph-edit", record, paragraph.pk),
            {"text_en": "Changed.", "text_fr": "", "version": paragraph.version},
        ),
        "paragraph-add": (_url("paragraph-add", record, section.pk), {"text_en": "New one."}),
        "paragraph-move": (_url("paragraph-move", record, paragraph.pk), {"direction": "down"}),
        "paragraph-delete": (_url("paragraph-delete", record, paragraph.pk), {}),
    }


def _state(record):
    return list(
        RecordParagraph.objects.filter(section__record=record)
        .order_by("pk")
        .values_list("text_en", "position")
    )


@pytest.mark.parametrize(
    "step", ["paragraph-edit", "paragraph-add", "paragraph-move", "paragraph-delete"]
)
@pytest.mark.parametrize("who", [*PEOPLE, "anonymous"])
def test_only_the_secretariat_edits_paragraphs(client, cast, record, step, who):
    _circulated(record, cast)  # Members see it: they get 403, others 404
    url, data = _post_steps(record)[step]
    before = _state(record)
    response = _as(client, cast, who).post(url, data)
    if who == "sam":
        assert response.status_code == 302
        assert _state(record) != before
        return
    expected = {"anonymous": 302, "dana": 404}.get(who, 403)
    assert response.status_code == expected
    assert _state(record) == before


def test_an_edit_conflict_shows_both_versions(client, cast, record):
    paragraph = _first(record)
    services.paragraph_update(
        paragraph=paragraph, by=cast.sam, expected_version=1, text_en="Someone else's text."
    )
    response = _as(client, cast, "sam").post(
        _url("paragraph-edit", record, paragraph.pk),
        {"text_en": "My text.", "text_fr": "", "version": 1},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this after you opened it" in page
    assert "Someone else&#x27;s text." in page and "My text." in page
    assert RecordParagraph.objects.get(pk=paragraph.pk).text_en == "Someone else's text."


def test_a_locked_record_refuses_edits_on_its_pages(client, cast, record):
    _adopted(record, cast)
    _as(client, cast, "sam")
    before = _state(record)
    for url, data in _post_steps(record).values():
        client.post(url, data)
    assert _state(record) == before
    page = client.get(_url("record-detail", record)).content.decode()
    assert "This record is adopted: its text is locked." in page
    assert "Edit<span" not in page


@pytest.mark.parametrize("who", [*PEOPLE, "anonymous"])
def test_only_the_secretariat_circulates(client, cast, record, who):
    due = (timezone.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = _as(client, cast, who).post(_url("record-circulate", record), {"comments_due": due})
    status = SummaryRecord.objects.get().status
    if who == "sam":
        assert response.status_code == 302
        assert status == "circulated"
    else:
        assert response.status_code == (302 if who == "anonymous" else 404)
        assert status == "draft"


@pytest.mark.parametrize("who", [*PEOPLE, "anonymous"])
def test_only_the_secretariat_adopts(client, cast, record, who):
    _circulated(record, cast)
    response = _as(client, cast, who).post(_url("record-adopt", record))
    expected = {"sam": 302, "anonymous": 302, "dana": 404}.get(who, 403)
    assert response.status_code == expected
    assert SummaryRecord.objects.get().status == ("adopted" if who == "sam" else "circulated")


@pytest.mark.parametrize("who", [*PEOPLE, "anonymous"])
def test_only_the_secretariat_opens_a_new_edition(client, cast, record, who):
    _adopted(record, cast)
    response = _as(client, cast, who).post(_url("record-revise", record), {"reason": "Typo."})
    expected = {"sam": 302, "anonymous": 302}.get(who, 403)
    assert response.status_code == expected
    assert SummaryRecord.objects.count() == (2 if who == "sam" else 1)


@pytest.mark.parametrize("who", [*PEOPLE, "anonymous"])
def test_only_the_secretariat_builds_a_draft(client, cast, bare_session, who):
    response = _as(client, cast, who).post(
        reverse("records:record-draft", args=["ap"]), {"session": bare_session.pk}
    )
    expected = {"sam": 302, "anonymous": 302}.get(who, 403)
    assert response.status_code == expected
    assert SummaryRecord.objects.count() == (1 if who == "sam" else 0)


# --- Members' comments ---------------------------------------------------------------------


@pytest.mark.parametrize("who", [*PEOPLE, "anonymous"])
def test_contact_points_and_heads_comment_for_their_member(client, cast, record, member, who):
    _circulated(record, cast)
    paragraph = _first(record)
    response = _as(client, cast, who).post(
        _url("comment-add", record, paragraph.pk), {"text": "Please add our thanks."}
    )
    comments = list(RecordComment.objects.values_list("member__short_name_en", flat=True))
    if who in ("alice", "bob", "charlie"):
        assert response.status_code == 302
        assert comments == ["Australia" if who == "charlie" else "Indonesia"]
    else:
        assert response.status_code == {"anonymous": 302, "dana": 404}.get(who, 403)
        assert comments == []


def test_a_comment_is_seen_by_the_secretariat_and_its_own_member_only(client, cast, record):
    _circulated(record, cast)
    paragraph = _first(record)
    services.comment_add(
        paragraph=paragraph, member=cast.alice.person.member, text="Our own remark.", by=cast.alice
    )
    for who, sees in [("sam", True), ("alice", True), ("bob", True), ("charlie", False)]:
        client.logout()
        page = _as(client, cast, who).get(_url("record-detail", record)).content.decode()
        assert ("Our own remark." in page) is sees, who


def test_comments_close_at_the_deadline(client, cast, record):
    _circulated(record, cast)
    SummaryRecord.objects.update(comments_due=timezone.now() - datetime.timedelta(minutes=1))
    response = _as(client, cast, "alice").post(
        _url("comment-add", record, _first(record).pk), {"text": "Late."}
    )
    assert response.status_code == 403
    assert not RecordComment.objects.exists()


# --- queries --------------------------------------------------------------------------------


def _records(region, n):
    for _ in range(n):
        meeting = MeetingFactory(series__region=region)
        AgendaItemFactory(session=meeting.session, meeting=meeting)
        services.record_draft(session=meeting.session, by=SYSTEM)


@pytest.mark.parametrize("n", [1, 10])
def test_the_list_costs_the_same_for_1_and_10_records(
    client, cast, region, n, django_assert_num_queries
):
    _records(region, n)
    _as(client, cast, "sam")
    with django_assert_num_queries(7):
        response = client.get(reverse("records:record-list", args=["ap"]))
    assert response.content.decode().count('class="badge draft"') == n


@pytest.mark.parametrize("n", [1, 10])
def test_the_record_costs_the_same_for_1_and_10_items(
    client, cast, region, n, django_assert_num_queries
):
    meeting = MeetingFactory(series__region=region)
    for position in range(1, n + 1):
        AgendaItemFactory(session=meeting.session, meeting=meeting, position=position)
    record = services.record_draft(session=meeting.session, by=SYSTEM)
    services.record_circulate(
        record=record, comments_due=timezone.now() + datetime.timedelta(days=3), by=SYSTEM
    )
    for paragraph in RecordParagraph.objects.filter(section__record=record):
        RecordComment.objects.create(paragraph=paragraph, member=cast.alice.person.member, text="x")
    _as(client, cast, "sam")
    with django_assert_num_queries(11):
        response = client.get(_url("record-detail", record))
    assert response.content.decode().count('class="record-paragraph"') == n + 1


def test_only_sessions_that_have_begun_are_offered_for_a_draft(client, cast, region, bare_session):
    future = MeetingFactory(
        series__region=region,
        series__name_en="Future Conference",
        session__starts_at=timezone.now() + datetime.timedelta(days=30),
        session__ends_at=None,
    )
    page = _as(client, cast, "sam").get(reverse("records:record-list", args=["ap"]))
    options = page.content.decode()
    assert f'<option value="{bare_session.pk}"' in options
    assert f'<option value="{future.session.pk}"' not in options
    response = client.post(
        reverse("records:record-draft", args=["ap"]), {"session": future.session.pk}
    )
    assert response.status_code == 302
    assert not SummaryRecord.objects.exists()

"""Editing, circulating, commenting, adopting and new editions: the rules and the audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from secretariat.core.models import AuditEntry, OutboxMessage
from secretariat.core.versions import StaleEdit
from secretariat.records import selectors, services
from secretariat.records.models import RecordParagraph, SummaryRecord

from ..factories import user_with_role


def _first(record):
    return RecordParagraph.objects.filter(section__record=record).order_by(
        "section__position", "position"
    )[0]


def _due():
    return timezone.now() + datetime.timedelta(days=10)


def test_an_edit_on_a_stale_version_is_refused_with_both_versions(record, cast):
    paragraph = _first(record)
    services.paragraph_update(
        paragraph=paragraph, by=cast.sam, expected_version=1, text_en="First edit."
    )
    stale = RecordParagraph.objects.get(pk=paragraph.pk)
    with pytest.raises(StaleEdit) as caught:
        services.paragraph_update(
            paragraph=stale, by=cast.sam, expected_version=1, text_en="Second edit."
        )
    rows = caught.value.rows()
    assert [(theirs, mine) for _label, theirs, mine in rows] == [("First edit.", "Second edit.")]
    assert RecordParagraph.objects.get(pk=paragraph.pk).text_en == "First edit."
    entry = AuditEntry.objects.get(action=services.PARAGRAPH_EDITED)
    assert entry.changes["text_en"][1] == "First edit."


def test_paragraphs_are_added_moved_and_removed_and_renumbered(record, cast):
    section = record.sections.get(position=2)  # I. Opening remarks
    first = section.paragraphs.order_by("position")[0]
    added = services.paragraph_add(section=section, by=cast.sam, text_en="Added.", after=first)
    texts = list(section.paragraphs.order_by("position").values_list("text_en", flat=True))
    assert texts[1] == "Added."
    services.paragraph_move(paragraph=added, by=cast.sam, up=True)
    texts = list(section.paragraphs.order_by("position").values_list("text_en", flat=True))
    assert texts[0] == "Added."
    services.paragraph_delete(paragraph=added, by=cast.sam)
    positions = list(section.paragraphs.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    page = selectors.record_for_export(record)
    numbers = [p.number for s in page.section_list for p in s.paragraphs.all()]
    assert numbers == list(range(1, len(numbers) + 1))
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        services.PARAGRAPH_ADDED,
        services.PARAGRAPH_MOVED,
        services.PARAGRAPH_DELETED,
    } <= actions


def test_circulation_mails_each_contact_point_in_their_language(record, cast):
    cast.charlie.language = "fr"
    cast.charlie.save()
    services.record_circulate(record=record, comments_due=_due(), by=cast.sam)
    record.refresh_from_db()
    assert record.status == SummaryRecord.Status.CIRCULATED
    mails = {m.to: m for m in OutboxMessage.objects.all()}
    assert set(mails) == {"alice@example.org", "charlie@example.org"}  # contact points only
    assert mails["alice@example.org"].subject.startswith("Draft summary record for your comments")
    assert "RHCAC21 / RCP30" in mails["alice@example.org"].subject
    assert record.get_absolute_url() in mails["alice@example.org"].body
    assert mails["charlie@example.org"].subject != mails["alice@example.org"].subject


def test_circulation_needs_a_future_deadline(record, cast):
    with pytest.raises(ValidationError):
        services.record_circulate(
            record=record, comments_due=timezone.now() - datetime.timedelta(hours=1), by=cast.sam
        )
    assert SummaryRecord.objects.get().status == SummaryRecord.Status.DRAFT
    assert not OutboxMessage.objects.exists()


def test_a_reminder_goes_once_two_days_before_the_deadline(record, cast):
    services.record_circulate(record=record, comments_due=_due(), by=cast.sam)
    OutboxMessage.objects.all().delete()
    assert services.record_reminders_due(now=timezone.now()) == 0
    later = record.comments_due - datetime.timedelta(days=1)
    assert services.record_reminders_due(now=later) == 1
    assert services.record_reminders_due(now=later) == 0
    assert OutboxMessage.objects.count() == 2
    assert OutboxMessage.objects.first().subject.startswith("Reminder")


def test_comments_only_while_circulated_and_before_the_deadline(record, cast, member):
    paragraph = _first(record)
    with pytest.raises(ValidationError):
        services.comment_add(paragraph=paragraph, member=member, text="Too early", by=cast.alice)
    services.record_circulate(record=record, comments_due=_due(), by=cast.sam)
    comment = services.comment_add(
        paragraph=paragraph, member=member, text="Say 'virtual'.", by=cast.alice
    )
    assert AuditEntry.objects.filter(action=services.COMMENTED, target_id=comment.pk).exists()
    SummaryRecord.objects.update(comments_due=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.comment_add(paragraph=paragraph, member=member, text="Too late", by=cast.alice)
    assert paragraph.comments.count() == 1


def test_an_adopted_record_is_locked_and_a_new_edition_keeps_it(record, cast):
    services.record_circulate(record=record, comments_due=_due(), by=cast.sam)
    services.record_adopt(record=record, by=cast.sam)
    paragraph = _first(record)
    with pytest.raises(ValidationError, match="locked"):
        services.paragraph_update(
            paragraph=paragraph, by=cast.sam, expected_version=paragraph.version, text_en="No."
        )
    with pytest.raises(ValidationError):
        services.paragraph_add(section=paragraph.section, by=cast.sam, text_en="No.")
    with pytest.raises(ValidationError):
        services.paragraph_delete(paragraph=paragraph, by=cast.sam)
    with pytest.raises(ValidationError):
        services.record_revise(record=record, by=cast.sam, reason=" ")
    edition = services.record_revise(record=record, by=cast.sam, reason="A name was misspelt.")
    assert (edition.edition, edition.status, edition.revises) == (2, "draft", record)
    old = [p.text_en for p in RecordParagraph.objects.filter(section__record=record)]
    new = [p.text_en for p in RecordParagraph.objects.filter(section__record=edition)]
    assert old == new
    services.paragraph_update(
        paragraph=_first(edition), by=cast.sam, expected_version=1, text_en="Corrected."
    )
    assert _first(record).text_en == old[0]
    notes = AuditEntry.objects.filter(action=services.REVISED).values_list("note", flat=True)
    assert list(notes) == ["A name was misspelt.", "A name was misspelt."]
    with pytest.raises(ValidationError):
        services.record_revise(record=record, by=cast.sam, reason="Again.")


def test_adoption_needs_circulation_first(record, cast):
    with pytest.raises(ValidationError):
        services.record_adopt(record=record, by=cast.sam)
    assert SummaryRecord.objects.get().status == SummaryRecord.Status.DRAFT


def test_a_head_of_customs_in_another_region_gets_no_mail(record, cast, region):
    from ..factories import MemberFactory, RegionFactory

    far = RegionFactory(slug="far")
    user_with_role("contact_point", region=far, member=MemberFactory(region=far))
    services.record_circulate(record=record, comments_due=_due(), by=cast.sam)
    assert OutboxMessage.objects.count() == 2


def test_a_circulated_record_is_a_task_of_contact_points_and_heads_until_the_deadline(record, cast):
    from secretariat.core.registry import todos_for

    def titles(user):
        return [t.title for t in todos_for(user) if "summary record" in t.title]

    assert titles(cast.alice) == []
    services.record_circulate(record=record, comments_due=_due(), by=cast.sam)
    for user in (cast.alice, cast.bob, cast.charlie):
        assert titles(user) == [
            f"Comment on the draft summary record of the {record.session.title}"
        ], user
    assert titles(cast.dana) == [] and titles(cast.sam) == []
    SummaryRecord.objects.update(comments_due=timezone.now() - datetime.timedelta(minutes=1))
    assert titles(cast.alice) == []

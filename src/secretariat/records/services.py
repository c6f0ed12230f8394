"""Every write to summary records: the draft, its paragraphs, circulation, comments, adoption.

Each change is audited. An adopted record is locked: every paragraph write refuses it, and
only a new edition (`record_revise`, the secretariat's, with a reason) changes the text again.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.mail import mail_queue
from secretariat.core.permissions import SYSTEM, service, user_of
from secretariat.core.versions import save_versioned
from secretariat.regions.selectors import contact_points, members_on
from secretariat.search.index import entries_refresh

from .drafting import DraftParagraph, DraftSection, draft_sections
from .models import RecordComment, RecordParagraph, RecordSection, SummaryRecord

DRAFTED = gettext_noop("summary record drafted")
CIRCULATED = gettext_noop("summary record circulated")
REMINDED = gettext_noop("reminder of the comments deadline sent")
ADOPTED = gettext_noop("summary record adopted")
REVISED = gettext_noop("new edition opened")
PARAGRAPH_ADDED = gettext_noop("paragraph added")
PARAGRAPH_EDITED = gettext_noop("paragraph edited")
PARAGRAPH_DELETED = gettext_noop("paragraph deleted")
PARAGRAPH_MOVED = gettext_noop("paragraph moved")
COMMENTED = gettext_noop("comment on a paragraph")

REMIND_BEFORE = timedelta(days=2)


def _lock(record) -> SummaryRecord:
    """Wait for any other change to `record`, then see its state as that change left it."""
    SummaryRecord.objects.select_for_update().filter(pk=record.pk).first()
    record.refresh_from_db(
        fields=["status", "comments_due", "circulated_at", "adopted_at", "reminded_at", "version"]
    )
    return record


def _check_editable(record):
    if record.is_locked:
        raise ValidationError(_("An adopted record is locked: open a new edition to change it."))


# --- the draft ------------------------------------------------------------------------------


def _write_sections(record, sections):
    """Save the drafted (or copied) sections and their paragraphs under `record`."""
    paragraphs = []
    for position, drafted in enumerate(sections, start=1):
        section = RecordSection.objects.create(
            record=record,
            position=position,
            level=drafted.level,
            number=drafted.number,
            part=drafted.part,
            title_en=drafted.title_en,
            title_fr=drafted.title_fr,
            agenda_item=drafted.agenda_item,
        )
        paragraphs += [
            RecordParagraph(
                section=section,
                position=n,
                text_en=p.text_en,
                text_fr=p.text_fr,
                source=p.source,
            )
            for n, p in enumerate(drafted.paragraphs, start=1)
        ]
    RecordParagraph.objects.bulk_create(paragraphs)
    return len(paragraphs)


@service("records.manage", on="session")
@transaction.atomic
def record_draft(*, session, by) -> SummaryRecord:
    """A first draft of `session`'s summary record, built from the agenda, attendance,
    speakers, the chair's notes and the decisions (see `drafting`)."""
    if session.merged_into_id:
        raise ValidationError(_("This session was merged into a joint session: draft that one."))
    if SummaryRecord.objects.filter(session=session).exists():
        raise ValidationError(_("This session already has a summary record."))
    record = SummaryRecord.objects.create(session=session)
    count = _write_sections(record, draft_sections(session))
    audit.record(
        by=by,
        action=DRAFTED,
        obj=record,
        created=True,
        note=f"{count} paragraph{'' if count == 1 else 's'} from the agenda, attendance, "
        "speakers, notes and decisions",
    )
    return record


# --- paragraphs -----------------------------------------------------------------------------


@service("records.edit_record", on="paragraph.section.record")
@transaction.atomic
def paragraph_update(*, paragraph, by, expected_version, text_en, text_fr="") -> RecordParagraph:
    """Change a paragraph's text; a stale version raises StaleEdit with both versions."""
    record = _lock(paragraph.section.record)
    _check_editable(record)
    before = audit.snapshot(paragraph)
    paragraph.text_en, paragraph.text_fr = text_en.strip(), text_fr.strip()
    if not paragraph.text_en:
        raise ValidationError(_("A paragraph needs its English text."))
    save_versioned(paragraph, expected_version=expected_version, fields=["text_en", "text_fr"])
    audit.record(by=by, action=PARAGRAPH_EDITED, obj=paragraph, before=before)
    return paragraph


@service("records.edit_record", on="section.record")
@transaction.atomic
def paragraph_add(*, section, by, text_en, text_fr="", after=None) -> RecordParagraph:
    """A paragraph written by the secretariat: at the end of `section`, or after `after`."""
    _check_editable(_lock(section.record))
    if not text_en.strip():
        raise ValidationError(_("A paragraph needs its English text."))
    siblings = RecordParagraph.objects.filter(section=section)
    if after is not None:
        position = after.position + 1
        siblings.filter(position__gte=position).update(position=F("position") + 1)
    else:
        position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    paragraph = RecordParagraph.objects.create(
        section=section, position=position, text_en=text_en.strip(), text_fr=text_fr.strip()
    )
    audit.record(by=by, action=PARAGRAPH_ADDED, obj=paragraph, created=True)
    return paragraph


@service("records.edit_record", on="paragraph.section.record")
@transaction.atomic
def paragraph_delete(*, paragraph, by) -> None:
    """Remove a paragraph (and the comments on it); the paragraphs after it move up."""
    section = paragraph.section
    _check_editable(_lock(section.record))
    audit.record(by=by, action=PARAGRAPH_DELETED, obj=paragraph, before=audit.snapshot(paragraph))
    position = paragraph.position
    paragraph.delete()
    RecordParagraph.objects.filter(section=section, position__gt=position).update(
        position=F("position") - 1
    )


@service("records.edit_record", on="paragraph.section.record")
@transaction.atomic
def paragraph_move(*, paragraph, by, up: bool) -> RecordParagraph:
    """Swap a paragraph with the one before (`up`) or after it, within its section."""
    _check_editable(_lock(paragraph.section.record))
    paragraph.refresh_from_db(fields=["position"])
    neighbours = RecordParagraph.objects.filter(section=paragraph.section_id)
    if up:
        other = neighbours.filter(position__lt=paragraph.position).order_by("-position").first()
    else:
        other = neighbours.filter(position__gt=paragraph.position).order_by("position").first()
    if other is None:
        return paragraph
    before = audit.snapshot(paragraph)
    paragraph.position, other.position = other.position, paragraph.position
    RecordParagraph.objects.filter(pk__in=[paragraph.pk, other.pk]).update(version=F("version") + 1)
    for row in (paragraph, other):
        RecordParagraph.objects.filter(pk=row.pk).update(position=row.position)
    audit.record(by=by, action=PARAGRAPH_MOVED, obj=paragraph, before=before)
    return paragraph


# --- circulation, comments, adoption, new editions ------------------------------------------


def _mail_members(record, template):
    region = record.session.region
    link = settings.SITE_URL + record.get_absolute_url()
    # Who gets the record: the contact points of the region's current Members.
    for person in contact_points(members_on(region)).select_related("member").order_by("name"):
        mail_queue(
            to=person.email,
            template=template,
            language=person.user.language if person.user else "en",
            context={"person": person, "record": record, "link": link, "region": region},
            region_id=region.pk,
        )


@service("records.edit_record", on="record")
@transaction.atomic
def record_circulate(*, record, comments_due, by) -> SummaryRecord:
    """Send the draft to the region's Members for comments, due by `comments_due`."""
    record = _lock(record)
    if record.status != SummaryRecord.Status.DRAFT:
        raise ValidationError(_("Only a draft record can be circulated."))
    if comments_due is None or comments_due <= timezone.now():
        raise ValidationError(_("Give a deadline for comments in the future."))
    if not RecordParagraph.objects.filter(section__record=record).exists():
        raise ValidationError(_("The record has no paragraph to circulate."))
    before = audit.snapshot(record)
    record.status = SummaryRecord.Status.CIRCULATED
    record.comments_due = comments_due
    record.circulated_at = timezone.now()
    record.version += 1
    record.save()
    audit.record(by=by, action=CIRCULATED, obj=record, before=before)
    _mail_members(record, "records/mail/circulated.txt")
    return record


def record_reminders_due(*, now) -> int:
    """Remind the Members' contact points two days before the comments deadline (once)."""
    due = SummaryRecord.objects.filter(
        status=SummaryRecord.Status.CIRCULATED,
        reminded_at=None,
        comments_due__gt=now,
        comments_due__lte=now + REMIND_BEFORE,
    ).select_related("session__region")
    sent = 0
    for record in due:
        with transaction.atomic():
            # Only the tick that sets `reminded_at` sends: two ticks at once send once.
            if not SummaryRecord.objects.filter(pk=record.pk, reminded_at=None).update(
                reminded_at=now
            ):
                continue
            record.reminded_at = now
            _mail_members(record, "records/mail/reminder.txt")
            audit.record(by=SYSTEM, action=REMINDED, obj=record)
            sent += 1
    return sent


@service("records.comment_for_member", on=("paragraph.section.record", "member"))
@transaction.atomic
def comment_add(*, paragraph, member, text, by) -> RecordComment:
    """A Member's comment on a paragraph, while the record is circulated and not yet due."""
    record = _lock(paragraph.section.record)
    if not record.comments_open():
        raise ValidationError(_("Comments are closed on this record."))
    if member.region_id != record.session.region_id:
        raise ValidationError(_("Only the region's Members comment on its records."))
    if not text.strip():
        raise ValidationError(_("Write your comment."))
    comment = RecordComment.objects.create(
        paragraph=paragraph, member=member, author=user_of(by), text=text.strip()
    )
    audit.record(by=by, action=COMMENTED, obj=comment, created=True)
    return comment


@service("records.edit_record", on="record")
@transaction.atomic
def record_adopt(*, record, by) -> SummaryRecord:
    """Adopt a circulated record: from now on it is locked."""
    record = _lock(record)
    if record.status != SummaryRecord.Status.CIRCULATED:
        raise ValidationError(_("Circulate the record to the Members before adopting it."))
    before = audit.snapshot(record)
    record.status = SummaryRecord.Status.ADOPTED
    record.adopted_at = timezone.now()
    record.version += 1
    record.save()
    audit.record(by=by, action=ADOPTED, obj=record, before=before)
    entries_refresh(record)
    return record


def _copied(record):
    """`record`'s sections and paragraphs as the builder's sections, for a new edition."""
    sections = []
    for section in record.sections.select_related("agenda_item").prefetch_related("paragraphs"):
        copy = DraftSection(
            section.number,
            section.title_en,
            section.title_fr,
            level=section.level,
            part=section.part,
            agenda_item=section.agenda_item,
        )
        copy.paragraphs = [
            DraftParagraph(p.text_en, p.text_fr, p.source) for p in section.paragraphs.all()
        ]
        sections.append(copy)
    return sections


@service("records.edit_record", on="record")
@transaction.atomic
def record_revise(*, record, by, reason) -> SummaryRecord:
    """Open a new edition of an adopted record: a draft copy; the adopted one stays as it is."""
    record = _lock(record)
    if not record.is_locked:
        raise ValidationError(_("Only an adopted record gets a new edition: edit this one."))
    if SummaryRecord.objects.filter(revises=record).exists():
        raise ValidationError(_("A new edition of this record is already open."))
    if not reason.strip():
        raise ValidationError(_("Say why the adopted record needs a new edition."))
    edition = SummaryRecord.objects.create(
        session=record.session, edition=record.edition + 1, revises=record
    )
    _write_sections(edition, _copied(record))
    audit.record(by=by, action=REVISED, obj=edition, created=True, note=reason.strip())
    audit.record(by=by, action=REVISED, obj=record, note=reason.strip())
    return edition

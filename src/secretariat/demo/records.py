"""Demo summary records of Asia/Pacific (run twice: same data).

The Joint Session of 12 November 2020 gets its record as the secretariat would make it:
the draft built from the session's agenda, attendance, speakers, notes and decisions, a few
edits, circulation to the Members, one comment from Australia, and adoption. The dates are
those of late 2020, as the rest of the demo's history. The 22nd RHCAC's draft record is
circulated with a deadline two weeks ahead, so a contact point can try commenting.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.meetings.models import Meeting
from secretariat.records import services
from secretariat.records.models import RecordComment, RecordParagraph, SummaryRecord

from .meetings import happened_on

SECRETARIAT = "secretariat@demo.example.org"
AUSTRALIA = "cp.australia@demo.example.org"
JAKARTA = datetime.timezone(datetime.timedelta(hours=7))

OPENING_ADDED = (
    "The Chair thanked the Members for their flexibility in meeting virtually after the "
    "postponement of both meetings, and welcomed the WCO Secretary General, Dr Kunio Mikuriya.",
    "Le Président a remercié les Membres de leur souplesse pour se réunir en ligne après le "
    "report des deux réunions, et a souhaité la bienvenue au Secrétaire général de l'OMD, "
    "M. Kunio Mikuriya.",
)
TOUR_TEXT = (
    "The Heads shared how their administrations kept Customs operating while combating "
    "COVID-19: facilitating relief consignments, sustaining supply chains, and protecting "
    "staff and society.",
    "Les chefs d'administration ont exposé comment leurs administrations ont maintenu "
    "l'activité douanière face à la COVID-19 : facilitation des envois de secours, continuité "
    "des chaînes d'approvisionnement, protection du personnel et de la société.",
)
COMMENT = "Please say that Australia also thanked Indonesia for hosting the session."


def _meeting(region, reference, number):
    return Meeting.objects.filter(
        series__region=region, series__reference=reference, number=number
    ).first()


def _section(record, kind):
    return record.sections.filter(agenda_item__kind=kind).order_by("position").first()


def _at(month, day, hour=10):
    return datetime.datetime(2020, month, day, hour, tzinfo=JAKARTA)


@transaction.atomic
def _joint_session_record(session, by):
    with happened_on(_at(11, 16)):
        record = services.record_draft(session=session, by=by)
        opening = _section(record, "opening")
        if opening is not None:
            services.paragraph_add(
                section=opening, by=by, text_en=OPENING_ADDED[0], text_fr=OPENING_ADDED[1]
            )
        tour = _section(record, "tour_de_table")
        first = tour.paragraphs.order_by("position").first() if tour is not None else None
        if first is not None:
            # The draft only noted the item: the secretariat writes what the Heads said.
            services.paragraph_update(
                paragraph=first,
                by=by,
                expected_version=first.version,
                text_en=TOUR_TEXT[0],
                text_fr=TOUR_TEXT[1],
            )
    with happened_on(_at(11, 18)):
        services.record_circulate(
            record=record, comments_due=timezone.now() + datetime.timedelta(days=14), by=by
        )
    australia = User.objects.filter(email=AUSTRALIA).select_related("person__member").first()
    if opening is not None:
        paragraph = RecordParagraph.objects.get(section=opening, text_en=OPENING_ADDED[0])
        if australia is not None:
            with happened_on(_at(11, 24)):
                comment = services.comment_add(
                    paragraph=paragraph, member=australia.person.member, text=COMMENT, by=australia
                )
            RecordComment.objects.filter(pk=comment.pk).update(created_at=_at(11, 24))
        # The secretariat takes the comment in: the Chair's paragraph now says it.
        paragraph.refresh_from_db()
        with happened_on(_at(11, 30)):
            services.paragraph_update(
                paragraph=paragraph,
                by=by,
                expected_version=paragraph.version,
                text_en=OPENING_ADDED[0] + " Australia thanked Indonesia for hosting the session.",
                text_fr=OPENING_ADDED[1]
                + " L'Australie a remercié l'Indonésie d'avoir accueilli la session.",
            )
    with happened_on(_at(12, 4)):
        services.record_adopt(record=record, by=by)
    SummaryRecord.objects.filter(pk=record.pk).update(
        circulated_at=_at(11, 18), comments_due=_at(12, 2, 17), adopted_at=_at(12, 4)
    )


def load(region):
    """Create what is missing (run it twice: same data)."""
    by = User.objects.filter(email=SECRETARIAT).first()
    joint = _meeting(region, "RHCAC", 21)
    if joint is not None and not SummaryRecord.objects.filter(session=joint.session).exists():
        _joint_session_record(joint.session, by)
    heads = _meeting(region, "RHCAC", 22)
    if heads is not None and not SummaryRecord.objects.filter(session=heads.session).exists():
        record = services.record_draft(session=heads.session, by=by)
        services.record_circulate(
            record=record, comments_due=timezone.now() + datetime.timedelta(days=14), by=by
        )

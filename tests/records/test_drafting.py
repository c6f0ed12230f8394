"""The draft builder: numbered paragraphs from agenda, attendance, speakers, notes, decisions."""

import pytest
from django.utils import translation

from secretariat.core.models import AuditEntry
from secretariat.decisions.models import SecretTally
from secretariat.records import selectors, services
from secretariat.records.models import RecordParagraph, SummaryRecord


def _texts(record, language="en"):
    record = selectors.record_for_export(record)
    with translation.override(language):
        return [
            (section.heading, paragraph.number, paragraph.text)
            for section in record.section_list
            for paragraph in section.paragraphs.all()
        ]


def test_the_draft_follows_the_agenda_with_numbered_paragraphs(record):
    rows = _texts(record)
    assert [number for _h, number, _t in rows] == list(range(1, len(rows) + 1))
    headings = list(dict.fromkeys(h for h, _n, _t in rows))
    assert headings == [
        "Attendance",
        "I. Opening remarks",
        "III. Activity report of ROCB A/P",
        "IV. COVID-19 exchange",
    ]
    texts = [t for _h, _n, t in rows]
    assert texts[0] == (
        "The Joint Session of the 21st Regional Heads of Customs Administrative Conference and "
        "30th Regional Contact Point Meeting was held virtually on 12 November 2020. "
        "It was hosted by Indonesia."
    )
    assert texts[1] == "The following 2 Members were represented: Australia, Indonesia."
    assert texts[2] == "The following attended as observers: Oceania Customs Organisation."
    assert texts[3] == "Mr Heru Pambudi (Indonesia) opened the session."
    assert texts[4:6] == [
        "The chair welcomed the delegates.",
        "The Secretary General joined online.",
    ]
    assert "ROCB A/P presented the item." in texts
    assert "The following delegations took the floor: Australia." in texts
    assert "The report was well received." in texts
    assert "The meeting endorsed decision RCP30/D1, “ROCB A/P work plan”, by consensus." in texts
    assert (
        "In a tour de table, the following Members took the floor in turn: Australia, Indonesia."
        in texts
    )


def test_a_secret_ballot_gives_only_its_result(record):
    texts = [t for _h, _n, t in _texts(record)]
    decided = [t for t in texts if "RHCAC21/D2" in t]
    assert decided == [
        "The meeting adopted decision RHCAC21/D2, “Regional representative”, by vote. "
        "The result was 2 yes, 0 no, 0 abstentions, of 2 Members entitled."
    ]
    assert SecretTally.objects.get().ballots == 2  # there were ballots; nothing tells their voters


def test_the_draft_is_written_in_french_too(record):
    rows = _texts(record, "fr")
    headings = list(dict.fromkeys(h for h, _n, _t in rows))
    assert headings[1] == "I. Allocution d'ouverture"
    assert headings[-1] == "IV. Échange sur la COVID-19"
    texts = [t for _h, _n, t in rows]
    assert texts[3].startswith("Mr Heru Pambudi (")
    assert texts[3].endswith(") a ouvert la session.")
    assert texts[0].startswith("La Session conjointe")
    assert "s'est tenue en ligne le 12 novembre 2020. Elle était accueillie par " in texts[0]
    assert texts[1].startswith("Les 2 Membres suivants étaient représentés\u00a0: ")
    assert texts[4] == "The chair welcomed the delegates."  # notes stay as the chair wrote them


def test_a_session_without_live_data_still_gets_a_draft(bare_session, cast):
    record = services.record_draft(session=bare_session, by=cast.sam)
    rows = _texts(record)
    assert rows[0][2].startswith("The Joint Session of the 21st")
    assert ("I. Opening remarks", 2, "Mr Heru Pambudi (Indonesia) opened the session.") in rows
    assert ("III. Activity report of ROCB A/P", 3, "ROCB A/P presented the item.") in rows
    # A sub-item with nothing said keeps its heading (see the exports) and no filler.
    assert not [row for row in rows if row[0].startswith("II.")]
    assert record.status == SummaryRecord.Status.DRAFT
    entry = AuditEntry.objects.get(action=services.DRAFTED)
    assert entry.actor == cast.sam


def test_a_session_gets_one_record(record, session, cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.record_draft(session=session, by=cast.sam)
    assert SummaryRecord.objects.count() == 1
    assert RecordParagraph.objects.filter(section__record=record).count() > 10

"""The demo's summary records: the joint session's, built by the draft builder and adopted."""

from secretariat.demo import asia_pacific
from secretariat.records import selectors
from secretariat.records.models import RecordComment, RecordParagraph, SummaryRecord


def test_the_joint_session_record_is_adopted_and_loading_again_adds_none(db):
    asia_pacific.load()
    record = SummaryRecord.objects.get(
        session__meetings__number=21, session__meetings__series__reference="RHCAC"
    )
    assert record.status == SummaryRecord.Status.ADOPTED
    assert record.reference == "RHCAC21 / RCP30"
    assert (record.circulated_at.year, record.adopted_at.date().isoformat()) == (2020, "2020-12-04")
    record = selectors.record_for_export(record)
    texts = [p.text_en for s in record.section_list for p in s.paragraphs.all()]
    assert texts[0].startswith("The Joint Session of the 21st")
    assert "Mr Heru Pambudi (Indonesia) opened the session." in texts
    assert any("Australia thanked Indonesia for hosting" in t for t in texts)
    assert any(t.startswith("The Heads shared how their administrations") for t in texts)
    assert any("RHCAC21/D1" in t and "by consensus" in t for t in texts)
    assert RecordComment.objects.filter(paragraph__section__record=record).count() == 1
    assert SummaryRecord.objects.filter(status="circulated").count() == 1  # the 22nd RHCAC's
    counts = (SummaryRecord.objects.count(), RecordParagraph.objects.count())
    asia_pacific.load()
    assert (SummaryRecord.objects.count(), RecordParagraph.objects.count()) == counts

"""Meetings, documents (with their PDF/Word text) and decisions in the search; the tick's repair
and the bulk rebuild."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.documents import services as documents
from secretariat.documents.demo import tiny_pdf
from secretariat.regions.selectors import viewer_for
from secretariat.search.index import entries_repair
from secretariat.search.models import Entry
from secretariat.search.selectors import search

from ..meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(region):
    return MeetingFactory(series__region=region, series__reference="RCP", number=30).session


def word_file(text):
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(out)
    return SimpleUploadedFile("note.docx", out.getvalue())


def upload(session, reference, upload, **fields):
    return documents.document_upload(
        session=session, by=SYSTEM, reference=reference, title_en="Report", upload=upload, **fields
    )


def titles(region, user, q, **selected):
    results = search(region=region, viewer=viewer_for(user), q=q, selected=selected)
    return sorted(e.title for e in results.page), results


def test_pdf_and_word_text_is_found(region, session):
    upload(session, "RCP30/Doc 1", SimpleUploadedFile("a.pdf", tiny_pdf("Quarantine lanes")))
    upload(session, "RCP30/Doc 2", word_file("Tariff relief for oxygen concentrators"))
    call_command("reindex", stdout=io.StringIO())
    assert titles(region, None, "quarantine")[0] == ["RCP30/Doc 1 Report"]
    assert titles(region, None, "oxygen concentrators")[0] == ["RCP30/Doc 2 Report"]
    assert Entry.objects.filter(kind="session").count() == 1


def test_a_restricted_document_never_shows_nor_counts_for_another_viewer(
    region, session, cast, member, other_member
):
    upload(session, "RCP30/Doc 1", SimpleUploadedFile("a.pdf", tiny_pdf("vaccine open")))
    upload(
        session,
        "RCP30/Doc 2",
        SimpleUploadedFile("b.pdf", tiny_pdf("vaccine named")),
        visibility=Visibility.NAMED,
        shared_with=[member],
    )
    upload(
        session,
        "RCP30/Doc 3",
        SimpleUploadedFile("c.pdf", tiny_pdf("vaccine secret")),
        visibility=Visibility.SECRETARIAT,
    )
    assert Entry.objects.filter(kind="document").count() == 3  # written by the uploads
    for user in (None, cast.charlie, cast.dana):
        found, results = titles(region, user, "vaccine")
        assert found == ["RCP30/Doc 1 Report"] and results.count == 1
        assert [f.count for f in results.facets["type"]] == [1]
        assert titles(region, user, "", type=["document"])[1].count == 1
    assert titles(region, cast.alice, "vaccine")[0] == ["RCP30/Doc 1 Report", "RCP30/Doc 2 Report"]
    assert len(titles(region, cast.sam, "vaccine")[0]) == 3


def test_a_document_of_a_members_only_meeting_is_not_public(region, session, cast):
    session.meetings.update(visibility=Visibility.MEMBERS)
    upload(session, "RCP30/Doc 1", SimpleUploadedFile("a.pdf", tiny_pdf("vaccine")))
    call_command("reindex", stdout=io.StringIO())
    assert titles(region, None, "vaccine")[0] == []
    assert titles(region, cast.charlie, "vaccine")[0] == ["RCP30/Doc 1 Report"]


def test_the_tick_repairs_only_what_was_written_around_the_services(region, session):
    assert entries_repair() == 1  # the session, made by a factory around the services
    kept = upload(session, "RCP30/Doc 1", SimpleUploadedFile("a.pdf", tiny_pdf("vaccine")))
    gone = upload(session, "RCP30/Doc 2", SimpleUploadedFile("b.pdf", tiny_pdf("vaccine")))
    assert entries_repair() == 0  # the uploads wrote their entries
    Entry.objects.filter(kind="document", object_id=str(kept.pk)).delete()
    gone.versions.all().delete()
    type(gone).objects.filter(pk=gone.pk).delete()
    assert entries_repair() == 2  # one written again, one dropped
    assert titles(region, None, "vaccine")[0] == ["RCP30/Doc 1 Report"]
    assert entries_repair() == 0


def test_a_damaged_pdf_is_indexed_by_its_metadata(region, session):
    upload(session, "RCP30/Doc 1", SimpleUploadedFile("a.pdf", b"%PDF-1.4 broken"))
    call_command("reindex", stdout=io.StringIO())
    assert titles(region, None, "RCP30", type=["document"])[0] == ["RCP30/Doc 1 Report"]


def test_reindex_rebuilds_in_bulk_drops_the_gone_and_prints_its_rate(
    region, session, make_practice
):
    kept = make_practice("Kept lane", body="vaccines", visibility=Visibility.PUBLIC)
    gone = make_practice("Gone lane", body="vaccines", visibility=Visibility.PUBLIC)
    draft = make_practice("Draft lane", submit=False, visibility=Visibility.PUBLIC)
    type(gone).objects.filter(pk=gone.pk).delete()  # behind the services' back
    Entry.objects.filter(kind="practice").update(title="stale")
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert titles(region, None, "vaccines")[0] == ["Kept lane"]
    assert not Entry.objects.filter(object_id__in=[str(gone.pk), str(draft.pk)], kind="practice")
    assert "practice: 1" in out.getvalue() and "/s)" in out.getvalue()
    assert Entry.objects.get(kind="practice", object_id=str(kept.pk)).title == "Kept lane"


def test_reindex_takes_the_kinds_to_rebuild(region, make_practice):
    make_practice("Kept lane", body="vaccines", visibility=Visibility.PUBLIC)
    out = io.StringIO()
    call_command("reindex", "practice", stdout=out)
    assert out.getvalue().splitlines()[0] == "practice: 1" and "session" not in out.getvalue()
    with pytest.raises(CommandError, match="Unknown kinds: meeting"):
        call_command("reindex", "meeting", stdout=out)

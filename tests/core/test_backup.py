"""The backup archive, in the test database: what it holds and what restore refuses.

The whole round trip (the demo, SQLite and PostgreSQL, every row and file compared) is
in test_backup_roundtrip.py, in the slow tier.
"""

import gzip
import hashlib
import io
import json
import os
import tarfile
import tracemalloc

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from secretariat.core import backup
from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.documents.models import Document, DocumentVersion
from secretariat.gallery import services as gallery_services
from secretariat.regions.models import Member

from ..documents.conftest import pdf
from ..documents.test_views import add
from ..meetings.factories import MeetingFactory


def read(archive, name):
    with tarfile.open(archive) as tar:
        return tar.extractfile(name).read()


def rows_of(archive, label):
    return [
        json.loads(line)
        for line in gzip.decompress(read(archive, f"rows/{label}.jsonl.gz")).splitlines()
    ]


@pytest.fixture
def archive(tmp_path, region, member, other_member):
    session = MeetingFactory(series__region=region).session
    add(session, "RCP30/Doc 1", upload=pdf(text="first"))
    target = tmp_path / "backup.tar"
    call_command("backup", output=target, stdout=io.StringIO())
    return target


@pytest.mark.django_db
class TestBackup:
    def test_rows_counted_and_written_with_their_ids(self, archive):
        manifest = json.loads(read(archive, "manifest.json"))
        assert manifest["rows"]["regions.member"] == Member.objects.count() == 2
        members = {row["pk"] for row in rows_of(archive, "regions.member")}
        assert members == set(Member.objects.values_list("pk", flat=True))
        assert manifest["database"] in {"sqlite", "postgresql"}

    def test_every_stored_file_with_its_checksum(self, archive):
        manifest = json.loads(read(archive, "manifest.json"))
        version = DocumentVersion.objects.get()
        content = read(archive, f"files/{version.file.name}")
        with version.file.open("rb") as stored:
            assert content == stored.read()
        kept = manifest["files"][version.file.name]
        assert kept["sha256"] == hashlib.sha256(content).hexdigest()
        assert (kept["model"], kept["field"]) == ("documents.documentversion", "file")

    def test_no_partial_archive_is_left_beside_it(self, archive):
        assert [p.name for p in archive.parent.iterdir() if "partial" in p.name] == []


@pytest.mark.django_db
class TestRestoreRefuses:
    def test_an_installation_in_use(self, archive, cast):
        with pytest.raises(CommandError, match="in use"):
            call_command("restore", archive)
        assert Document.objects.count() == 1  # nothing flushed

    def test_a_damaged_file_before_touching_anything(self, archive, tmp_path):
        damaged = tmp_path / "damaged.tar"
        with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name.startswith("files/"):
                    data = data.replace(b"first", b"FIRST")
                target.addfile(member, io.BytesIO(data))
        assert not get_user_model().objects.exists()  # an empty installation refuses it too
        with pytest.raises(backup.RestoreRefused, match="damaged"):
            backup.restore(damaged)
        assert Document.objects.count() == 1

    def test_an_archive_of_a_newer_schema(self, archive, tmp_path):
        newer = tmp_path / "newer.tar"
        manifest = json.loads(read(archive, "manifest.json"))
        manifest["migrations"].append(["meetings", "9999_from_the_future"])
        with tarfile.open(archive) as source, tarfile.open(newer, "w") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name == "manifest.json":
                    data = json.dumps(manifest).encode()
                    member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        with pytest.raises(backup.RestoreRefused, match="9999_from_the_future"):
            backup.restore(newer)

    def test_a_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="No archive"):
            call_command("restore", tmp_path / "nowhere.tar")


@pytest.mark.django_db
def test_a_photos_renditions_are_archived_with_it(tmp_path, region):
    from secretariat.gallery.models import Photo

    from ..gallery.conftest import jpeg_bytes, upload

    gallery = gallery_services.gallery_create(region=region, by=SYSTEM, title_en="Photos")
    gallery_services.photo_add(
        gallery=gallery, by=SYSTEM, upload=upload(jpeg_bytes(800, 600)), caption_en="A room"
    )
    photo = Photo.objects.get()
    target = tmp_path / "backup.tar"
    call_command("backup", output=target, stdout=io.StringIO())
    manifest = json.loads(read(target, "manifest.json"))
    assert photo.renditions  # the test means something only if there are some
    for rendition in photo.renditions:
        with photo.image.storage.open(rendition["name"], "rb") as stored:
            assert read(target, f"files/{rendition['name']}") == stored.read()
        assert manifest["files"][rendition["name"]]["model"] == "gallery.photo"


# --- At any size (issue 26): streamed, files stored as they are, derived tables rebuilt ---


def grow(session, files, rows):
    """`files` documents of 4 MB of random bytes (as incompressible as a PDF) and `rows`
    audit entries."""
    from django.contrib.contenttypes.models import ContentType

    from secretariat.core.models import AuditEntry

    storage = DocumentVersion._meta.get_field("file").storage
    for i in range(files):
        document = add(session, f"RCP30/Big {session.pk}-{i}")
        data = os.urandom(4 << 20)
        DocumentVersion.objects.create(
            document=document,
            number=2,
            file=storage.save(f"documents/big-{session.pk}-{i}.pdf", ContentFile(data)),
            original_name="big.pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            kind="pdf",
        )
    target = ContentType.objects.get_for_model(Document)
    AuditEntry.objects.bulk_create(
        AuditEntry(action="changed", target_type=target, target_id=str(i), note="x" * 200)
        for i in range(rows)
    )


def peak_of(step) -> int:
    """The most memory Python held at once while `step()` ran, in bytes."""
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db(transaction=True)
def test_memory_stays_flat_whatever_the_size(tmp_path, region):
    """Today the restore holds every file at once, and both ways hold every row: four times
    the files (and more rows) then cost at least 12 MB more. Streamed, nothing more."""
    grow(MeetingFactory(series__region=region).session, files=1, rows=2500)
    small, large = tmp_path / "small.tar", tmp_path / "large.tar"
    backup_small = peak_of(lambda: backup.backup(small))
    grow(MeetingFactory(series__region=region).session, files=3, rows=4000)
    backup_large = peak_of(lambda: backup.backup(large))

    call_command("flush", interactive=False)
    restore_small = peak_of(lambda: backup.restore(small))
    call_command("flush", interactive=False)
    restore_large = peak_of(lambda: backup.restore(large))

    assert DocumentVersion.objects.count() == 4 + 4  # the round trip happened
    assert backup_large - backup_small < 3 << 20, (backup_small, backup_large)
    assert restore_large - restore_small < 3 << 20, (restore_small, restore_large)


@pytest.mark.django_db
def test_files_are_stored_as_they_are_not_compressed_again(archive):
    version = DocumentVersion.objects.get()
    with version.file.open("rb") as stored:
        content = stored.read()
    with tarfile.open(archive, "r:") as tar:  # a plain tar: nothing compressed as a whole
        member = tar.getmember(f"files/{version.file.name}")
        assert member.size == len(content)
    assert content in archive.read_bytes()  # byte for byte, where tar put it


@pytest.mark.django_db
def test_derived_tables_are_left_out(archive):
    from secretariat.search.models import Entry

    assert Entry.objects.exists()  # the document has its search entry in the database
    manifest = json.loads(read(archive, "manifest.json"))
    derived = {"search.entry", "search.facet", "search.entry_shared_with", "live.liveevent"}
    assert derived <= {m._meta.label_lower for m in backup.derived_models()}
    assert derived.isdisjoint(manifest["rows"])
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert not [n for n in names if n.startswith(("rows/search.", "rows/live.liveevent"))]
    assert "rows/documents.document_shared_with.jsonl.gz" in names  # a link table is a table


@pytest.mark.django_db(transaction=True)
def test_a_restore_rebuilds_the_derived_tables(tmp_path, region, member):
    from secretariat.live import selectors as live_selectors
    from secretariat.live.models import LiveEvent, LiveState
    from secretariat.search.index import reindex
    from secretariat.search.models import Entry

    session = MeetingFactory(series__region=region).session
    add(session, "RCP30/Doc 2", visibility=Visibility.NAMED, shared_with=[member])
    state = LiveState.objects.create(session=session)
    for kind in ("item", "list", "timer"):
        LiveEvent.objects.create(
            session=session, kind=kind, payloads=live_selectors.state_payloads(state)
        )
    reindex()  # the factory made the session around the services: its entry too
    entries = set(Entry.objects.values_list("kind", "object_id", "shared_with"))
    last_event = LiveEvent.objects.latest("pk").pk
    target = tmp_path / "backup.tar"
    backup.backup(target)

    call_command("flush", interactive=False)
    backup.restore(target)

    assert set(Entry.objects.values_list("kind", "object_id", "shared_with")) == entries
    # One event per live session, the state as it is; a screen that saw the last archived
    # event before the restore takes this one as the next.
    event = LiveEvent.objects.get()
    assert (event.session_id, event.kind) == (session.pk, "restored")
    assert event.pk > last_event
    assert event.payloads == live_selectors.state_payloads(LiveState.objects.get())


@pytest.mark.django_db
def test_a_damaged_table_is_refused_before_touching_anything(archive, tmp_path):
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "rows/regions.member.jsonl.gz":
                data = data[:-12] + bytes(12)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(backup.RestoreRefused, match=r"regions\.member is damaged"):
        backup.restore(damaged)
    assert Document.objects.count() == 1


@pytest.mark.django_db
class TestVerify:
    """What `restore_drill` checks in the copy (the whole drill runs in the slow tier)."""

    def test_a_whole_copy(self, archive):
        manifest = json.loads(read(archive, "manifest.json"))
        problems, rows, files = backup.verify(manifest)
        assert problems == []
        assert rows["regions.member"] == 2
        assert files == 1

    def test_a_missing_row_and_a_damaged_file(self, archive):
        manifest = json.loads(read(archive, "manifest.json"))
        Member.objects.filter(pk=Member.objects.order_by("pk").last().pk).delete()
        version = DocumentVersion.objects.get()
        version.file.storage.delete(version.file.name)
        version.file.storage.save(version.file.name, ContentFile(b"not the same"))
        problems, _rows, _files = backup.verify(manifest)
        assert "regions.member holds 1 rows; the archive, 2." in problems
        assert f"The file {version.file.name} is damaged." in problems

    def test_without_a_manifest_every_file_the_rows_name_is_looked_for(self, archive):
        version = DocumentVersion.objects.get()
        version.file.storage.delete(version.file.name)
        problems, _rows, files = backup.verify()
        assert problems == [f"The file {version.file.name} is missing."]
        assert files == 1

"""The backup archive, in the test database: what it holds and what restore refuses.

The whole round trip (the demo, SQLite and PostgreSQL, every row and file compared) is
in test_backup_roundtrip.py, in the slow tier.
"""

import hashlib
import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from secretariat.core import backup
from secretariat.core.permissions import SYSTEM
from secretariat.documents.models import Document, DocumentVersion
from secretariat.gallery import services as gallery_services
from secretariat.regions.models import Member

from ..documents.conftest import pdf
from ..documents.test_views import add
from ..meetings.factories import MeetingFactory


def read(archive, name):
    with tarfile.open(archive, "r:gz") as tar:
        return tar.extractfile(name).read()


@pytest.fixture
def archive(tmp_path, region, member, other_member):
    session = MeetingFactory(series__region=region).session
    add(session, "RCP30/Doc 1", upload=pdf(text="first"))
    target = tmp_path / "backup.tar.gz"
    call_command("backup", output=target, stdout=io.StringIO())
    return target


@pytest.mark.django_db
class TestBackup:
    def test_rows_counted_and_written_with_their_ids(self, archive):
        manifest = json.loads(read(archive, "manifest.json"))
        assert manifest["rows"]["regions.member"] == Member.objects.count() == 2
        rows = json.loads(read(archive, "data.json"))
        members = {row["pk"] for row in rows if row["model"] == "regions.member"}
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
        damaged = tmp_path / "damaged.tar.gz"
        with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
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
        newer = tmp_path / "newer.tar.gz"
        manifest = json.loads(read(archive, "manifest.json"))
        manifest["migrations"].append(["meetings", "9999_from_the_future"])
        with tarfile.open(archive, "r:gz") as source, tarfile.open(newer, "w:gz") as target:
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
            call_command("restore", tmp_path / "nowhere.tar.gz")


@pytest.mark.django_db
def test_a_photos_renditions_are_archived_with_it(tmp_path, region):
    from secretariat.gallery.models import Photo

    from ..gallery.conftest import jpeg_bytes, upload

    gallery = gallery_services.gallery_create(region=region, by=SYSTEM, title_en="Photos")
    gallery_services.photo_add(
        gallery=gallery, by=SYSTEM, upload=upload(jpeg_bytes(800, 600)), caption_en="A room"
    )
    photo = Photo.objects.get()
    target = tmp_path / "backup.tar.gz"
    call_command("backup", output=target, stdout=io.StringIO())
    manifest = json.loads(read(target, "manifest.json"))
    assert photo.renditions  # the test means something only if there are some
    for rendition in photo.renditions:
        with photo.image.storage.open(rendition["name"], "rb") as stored:
            assert read(target, f"files/{rendition['name']}") == stored.read()
        assert manifest["files"][rendition["name"]]["model"] == "gallery.photo"

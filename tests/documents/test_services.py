import hashlib
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.documents import services
from secretariat.documents.demo import tiny_pdf
from secretariat.documents.models import Document, DocumentVersion
from secretariat.regions.models import Member

from ..meetings.factories import AgendaItemFactory, MeetingFactory
from .conftest import pdf, stored_files


def upload(session, by=SYSTEM, **kwargs):
    kwargs.setdefault("reference", "RCP30/Doc 3")
    kwargs.setdefault("title_en", "Progress report")
    kwargs.setdefault("upload", pdf())
    return services.document_upload(session=session, by=by, **kwargs)


def xlsx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


class TestTinyPdf:
    def test_is_a_pdf_whose_cross_reference_table_points_at_its_objects(self):
        data = tiny_pdf("RCP30/Doc 2", "RSP 2020–2022 (progress) report")
        assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
        start = int(re.search(rb"startxref\n(\d+)", data).group(1))
        assert data[start:].startswith(b"xref")
        offsets = re.findall(rb"(\d{10}) 00000 n", data)
        assert len(offsets) == 5
        for number, offset in enumerate(offsets, start=1):
            assert data[int(offset) :].startswith(b"%d 0 obj" % number)
        assert b"RSP 2020\\226" in data and b"\\(progress\\)" in data


@pytest.mark.django_db
class TestUpload:
    def test_stores_the_file_under_a_generated_name_and_keeps_the_uploaded_one_as_data(
        self, session, cast, media
    ):
        content = tiny_pdf("Report")
        document = upload(
            session,
            by=cast.sam,
            upload=SimpleUploadedFile("../../etc/My report.pdf", content),
        )
        version = document.versions.get()
        assert version.number == 1
        assert version.original_name == "My report.pdf"  # Django drops the path
        assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", version.file.name)
        assert (media / version.file.name).read_bytes() == content
        assert version.size == len(content)
        assert version.sha256 == hashlib.sha256(content).hexdigest()
        assert version.kind == "pdf" and version.uploaded_by == cast.sam
        assert version.download_name == "My report.pdf"
        entry = AuditEntry.objects.get(target_id=str(document.pk), action="created")
        assert entry.actor == cast.sam and entry.changes["reference"] == [None, "RCP30/Doc 3"]

    def test_replacement_adds_a_version_and_keeps_the_earlier_ones(self, session, cast, media):
        document = upload(session, by=cast.sam)
        first = document.versions.get()
        second = services.document_replace(
            document=document,
            upload=SimpleUploadedFile("report.xlsx", xlsx_bytes()),
            by=cast.sam,
        )
        assert second.number == 2 and second.kind == "xlsx"
        assert second.file.name.endswith(".xlsx")
        assert list(document.versions.values_list("number", flat=True)) == [2, 1]
        assert document.latest == second
        assert (media / first.file.name).exists() and (media / second.file.name).exists()
        assert AuditEntry.objects.filter(
            target_id=str(document.pk), action="new version uploaded", note__startswith="v2:"
        ).exists()

    @pytest.mark.parametrize(
        "content",
        [b"\x7fELF\x02\x01\x01" + b"\x00" * 200, b"MZ\x90\x00\x03" + b"\x00" * 200],
        ids=["elf", "exe"],
    )
    def test_a_renamed_executable_is_refused_and_nothing_is_stored(
        self, session, cast, media, content
    ):
        with pytest.raises(ValidationError, match="not an accepted kind"):
            upload(session, by=cast.sam, upload=SimpleUploadedFile("x.pdf", content))
        assert not Document.objects.exists() and not DocumentVersion.objects.exists()
        assert stored_files(media) == []

    def test_a_renamed_executable_does_not_replace_a_version(self, session, cast, media):
        document = upload(session, by=cast.sam)
        with pytest.raises(ValidationError):
            services.document_replace(
                document=document,
                upload=SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 100),
                by=cast.sam,
            )
        assert document.versions.count() == 1 and len(stored_files(media)) == 1

    def test_an_oversize_file_is_refused_and_nothing_is_stored(
        self, session, cast, media, settings
    ):
        settings.DOCUMENT_MAX_BYTES = 1000
        with pytest.raises(ValidationError, match="the limit is 1000"):
            upload(session, by=cast.sam, upload=pdf(text="x" * 2000))
        assert not Document.objects.exists() and stored_files(media) == []

    def test_default_limit_is_20_mb(self):
        assert services.max_bytes() == 20 * 1024 * 1024

    def test_agenda_item_must_belong_to_the_session(self, session, region):
        elsewhere = AgendaItemFactory(session=MeetingFactory(series__region=region).session)
        with pytest.raises(ValidationError) as refused:
            upload(session, agenda_item=elsewhere)
        assert "agenda_item" in refused.value.error_dict
        assert not Document.objects.exists()

    def test_reference_is_unique_per_session(self, session, region):
        upload(session)
        with pytest.raises(ValidationError) as refused:
            upload(session)
        assert "reference" in refused.value.error_dict
        other = MeetingFactory(series__region=region).session
        assert upload(other).reference == "RCP30/Doc 3"

    def test_named_members_must_be_given_and_of_the_region(self, session, member, cast):
        with pytest.raises(ValidationError):
            upload(session, visibility=Visibility.NAMED)
        far = Member.objects.get(slug="kenya")  # dana's Member, in another region
        with pytest.raises(ValidationError):
            upload(session, visibility=Visibility.NAMED, shared_with=[far])
        assert not Document.objects.exists()
        document = upload(session, visibility=Visibility.NAMED, shared_with=[member])
        assert list(document.shared_with.all()) == [member]

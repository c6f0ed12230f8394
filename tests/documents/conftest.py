import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.documents.demo import tiny_pdf

from ..meetings.factories import MeetingFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder per test; the test can list what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def session(region):
    return MeetingFactory(series__region=region, series__reference="RCP", number=30).session


def pdf(name="report.pdf", text="A report"):
    return SimpleUploadedFile(name, tiny_pdf(text), content_type="application/pdf")


def stored_files(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []

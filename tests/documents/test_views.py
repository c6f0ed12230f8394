import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.core.permissions import SYSTEM
from secretariat.core.visibility import Visibility
from secretariat.documents import services
from secretariat.documents.demo import tiny_pdf
from secretariat.documents.models import Document, DocumentVersion

from ..meetings.factories import AgendaItemFactory
from .conftest import pdf, stored_files
from .test_services import xlsx_bytes


def add(session, reference, visibility=Visibility.PUBLIC, shared_with=(), upload=None):
    return services.document_upload(
        session=session,
        by=SYSTEM,
        reference=reference,
        title_en=f"Title of {reference}",
        visibility=visibility,
        shared_with=shared_with,
        upload=upload or pdf(text=reference),
    )


def fetch(client, address):
    """GET a file and read it all, as a browser would (the test client then closes it)."""
    response = client.get(address)
    response.body = b"".join(response.streaming_content) if response.streaming else b""
    return response


def url(name, *args):
    return reverse(f"documents:{name}", args=args)


def upload_url(session):
    return url("document-upload", session.region.slug, session.pk)


def download_url(document):
    return url("document-download", document.region.slug, document.pk)


def session_page(session):
    return reverse("meetings:session-detail", args=[session.region.slug, session.pk])


def form_data(**overrides):
    return {
        "reference": "RCP30/Doc 7",
        "title_en": "Regional strategic plan",
        "language": "en",
        "visibility": "public",
        "file": SimpleUploadedFile("plan.pdf", tiny_pdf("Plan")),
    } | overrides


@pytest.mark.django_db
class TestUpload:
    def test_secretariat_uploads_a_document_shown_on_the_session_page(
        self, client, cast, session, media
    ):
        item = AgendaItemFactory(session=session, title_en="Regional strategy")
        client.force_login(cast.sam)
        assert "Upload a document" in client.get(session_page(session)).text
        response = client.post(upload_url(session), form_data(agenda_item=item.pk))
        assert response.status_code == 302 and response.url == session_page(session)
        document = Document.objects.get()
        assert (document.reference, document.agenda_item) == ("RCP30/Doc 7", item)
        assert document.versions.get().uploaded_by == cast.sam
        page = client.get(session_page(session)).text
        assert "RCP30/Doc 7" in page and "Regional strategic plan" in page
        assert download_url(document) in page

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana"])
    def test_others_are_refused_and_nothing_is_stored(self, client, cast, session, media, who):
        client.force_login(getattr(cast, who))
        assert client.get(upload_url(session)).status_code == 403
        assert client.post(upload_url(session), form_data()).status_code == 403
        assert not Document.objects.exists() and stored_files(media) == []
        assert "Upload a document" not in client.get(session_page(session)).text

    def test_anonymous_is_asked_to_sign_in_and_nothing_is_stored(self, client, session, media):
        response = client.post(upload_url(session), form_data())
        assert response.status_code == 302 and "/accounts/login/" in response.url
        assert not Document.objects.exists() and stored_files(media) == []

    def test_renamed_executable_is_refused_with_a_message(self, client, cast, session, media):
        client.force_login(cast.sam)
        elf = SimpleUploadedFile("agenda.pdf", b"\x7fELF" + b"\x00" * 300)
        response = client.post(upload_url(session), form_data(file=elf))
        assert response.status_code == 200
        assert "This file&#x27;s content is not an accepted kind" in response.text
        assert not Document.objects.exists() and stored_files(media) == []

    def test_oversize_file_is_refused_with_a_message(self, client, cast, session, media, settings):
        settings.DOCUMENT_MAX_BYTES = 500
        client.force_login(cast.sam)
        big = SimpleUploadedFile("big.pdf", tiny_pdf("x" * 1000))
        response = client.post(upload_url(session), form_data(file=big))
        assert "the limit is 500" in response.text
        assert not Document.objects.exists() and stored_files(media) == []

    def test_duplicate_reference_is_shown_on_the_form(self, client, cast, session):
        add(session, "RCP30/Doc 7")
        client.force_login(cast.sam)
        response = client.post(upload_url(session), form_data())
        assert "already has a document RCP30/Doc 7" in response.text
        assert Document.objects.count() == 1

    def test_secretariat_replaces_and_the_page_offers_the_newest(self, client, cast, session):
        document = add(session, "RCP30/Doc 2")
        replace = url("document-replace", session.region.slug, document.pk)
        client.force_login(cast.alice)
        assert client.post(replace, {"file": pdf()}).status_code == 403
        client.force_login(cast.sam)
        response = client.post(replace, {"file": SimpleUploadedFile("v2.xlsx", xlsx_bytes())})
        assert response.status_code == 302
        assert document.versions.count() == 2
        assert "version 2" in client.get(session_page(session)).text
        assert fetch(client, download_url(document))["Content-Type"].endswith("spreadsheetml.sheet")
        first = url("version-download", session.region.slug, document.pk, 1)
        assert fetch(client, first)["Content-Type"] == "application/pdf"
        history = client.get(replace).text
        assert "v2.xlsx" in history and "report.pdf" in history


@pytest.mark.django_db
class TestDownload:
    @pytest.fixture
    def documents(self, session, member):
        return {
            "public": add(session, "Doc 1"),
            "members": add(session, "Doc 2", Visibility.MEMBERS),
            "named": add(session, "Doc 3", Visibility.NAMED, shared_with=[member]),
            "secretariat": add(session, "Doc 4", Visibility.SECRETARIAT),
        }

    SEES = {
        None: {"public"},
        "dana": {"public"},
        "charlie": {"public", "members"},
        "alice": {"public", "members", "named"},
        "bob": {"public", "members", "named"},
        "sam": {"public", "members", "named", "secretariat"},
    }

    @pytest.mark.parametrize("who", list(SEES))
    def test_each_reader_gets_exactly_what_they_may_see(
        self, client, cast, session, documents, who
    ):
        if who:
            client.force_login(getattr(cast, who))
        page = client.get(session_page(session)).text
        for key, document in documents.items():
            allowed = key in self.SEES[who]
            status = fetch(client, download_url(document)).status_code
            assert status == (200 if allowed else 404), key
            assert (f"Title of {document.reference}" in page) is allowed, key

    @pytest.mark.parametrize("who", list(SEES))
    def test_the_zip_holds_exactly_what_the_reader_may_see(
        self, client, cast, session, documents, who
    ):
        services.document_replace(document=documents["public"], upload=pdf(text="v2"), by=SYSTEM)
        if who:
            client.force_login(getattr(cast, who))
        response = fetch(client, url("session-pack", session.region.slug, session.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        pack = zipfile.ZipFile(io.BytesIO(response.body))
        expected = {f"{documents[k].reference}.pdf" for k in self.SEES[who]}
        assert set(pack.namelist()) == expected
        with documents["public"].latest.file.open("rb") as latest:
            assert pack.read("Doc 1.pdf") == latest.read()
        assert b"(v2)" in pack.read("Doc 1.pdf")

    def test_pdf_is_shown_inline_with_its_checked_type(self, client, session):
        document = add(session, "Doc 1", upload=SimpleUploadedFile("agenda.docx", tiny_pdf("a")))
        response = fetch(client, download_url(document))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'inline; filename="agenda.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        # PDF viewers refuse a sandbox; the site's own policy applies (no plugin, no framing).
        assert "sandbox" not in response["Content-Security-Policy"]
        assert "object-src 'none'" in response["Content-Security-Policy"]
        assert response.body == tiny_pdf("a")

    def test_office_files_are_attachments(self, client, session):
        document = add(session, "Doc 5", upload=SimpleUploadedFile("budget.xlsx", xlsx_bytes()))
        response = fetch(client, download_url(document))
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert response["Content-Disposition"] == 'attachment; filename="budget.xlsx"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"

    def test_restricted_documents_are_not_cached_by_shared_caches(self, client, cast, documents):
        client.force_login(cast.sam)
        response = fetch(client, download_url(documents["secretariat"]))
        assert "private" in response["Cache-Control"]

    def test_documents_of_a_hidden_session_are_hidden(self, client, region):
        from ..meetings.factories import MeetingFactory

        hidden = MeetingFactory(series__region=region, visibility=Visibility.SECRETARIAT).session
        document = add(hidden, "Doc 1")
        assert fetch(client, download_url(document)).status_code == 404
        assert fetch(client, url("session-pack", region.slug, hidden.pk)).status_code == 404


@pytest.mark.django_db
def test_session_page_queries_do_not_grow_with_documents(client, cast, session):
    client.force_login(cast.sam)

    def count():
        client.get(session_page(session))  # warm the per-request caches alike
        with CaptureQueriesContext(connection) as queries:
            assert client.get(session_page(session)).status_code == 200
        return len(queries)

    for n in range(2):
        add(session, f"Doc {n}")
    services.document_replace(document=Document.objects.first(), upload=pdf(), by=SYSTEM)
    two = count()
    for n in range(2, 60):
        add(session, f"Doc {n}", Visibility.MEMBERS)
    assert DocumentVersion.objects.count() == 61
    assert count() == two

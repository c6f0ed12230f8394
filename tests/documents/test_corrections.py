"""Correcting, withdrawing and deleting a document on the site (issue 18).

"Today" (4b8031d): a document with a wrong title could only be replaced, never corrected or
withdrawn (and the admin had no documents either).
"""

import pytest
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.documents import services
from secretariat.documents.models import Document

from .conftest import pdf, stored_files


@pytest.fixture
def document(session, cast):
    return services.document_upload(
        session=session,
        by=cast.sam,
        reference="RCP30/Doc 3",
        title_en="Reprot of the ROCB",
        upload=pdf(text="ROCB report"),
    )


def _url(name, document):
    return reverse(f"documents:{name}", args=[document.region.slug, document.pk])


def _edit_data(document, **changes):
    data = {
        "version": document.version,
        "reference": document.reference,
        "title_en": document.title_en,
        "title_fr": document.title_fr,
        "language": document.language,
        "agenda_item": "",
        "visibility": document.visibility,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
class TestToday:
    def test_a_wrong_title_is_corrected_in_place(self, client, cast, document):
        """Failed on 4b8031d: no edit page; only a replacement (a new file) was possible."""
        client.force_login(cast.sam)
        response = client.post(
            _url("document-edit", document), _edit_data(document, title_en="Report of the ROCB")
        )
        assert response.status_code == 302, response.text
        document.refresh_from_db()
        assert document.title_en == "Report of the ROCB"
        assert document.versions.count() == 1  # the file is the same

    def test_a_document_is_withdrawn_with_a_reason(self, client, cast, document):
        """Failed on 4b8031d: a document could not be withdrawn."""
        client.force_login(cast.sam)
        response = client.post(
            _url("document-withdraw", document), {"reason_en": "Circulated by mistake."}
        )
        assert response.status_code == 302, response.text
        client.logout()
        assert client.get(_url("document-download", document)).status_code == 404


@pytest.mark.django_db
class TestWithdraw:
    def test_hidden_from_readers_kept_for_the_secretariat(self, client, cast, document, session):
        services.document_withdraw(document=document, by=cast.sam, reason_en="Wrong file.")
        for who in (None, cast.alice, cast.charlie):
            client.logout()
            if who:
                client.force_login(who)
            assert client.get(_url("document-download", document)).status_code == 404
            assert "RCP30/Doc 3" not in client.get(session.get_absolute_url()).text
        found = client.get(reverse("search:search", args=["ap"]), {"q": "ROCB"})
        assert "Reprot" not in found.text
        client.force_login(cast.sam)
        page = client.get(session.get_absolute_url()).text
        assert "RCP30/Doc 3" in page and "Withdrawn" in page and "Wrong file." in page
        entry = AuditEntry.objects.get(action="document withdrawn", target_id=str(document.pk))
        assert entry.note == "Wrong file." and entry.actor == cast.sam

    def test_a_reason_is_needed(self, client, cast, document):
        client.force_login(cast.sam)
        response = client.post(_url("document-withdraw", document), {"reason_en": ""})
        assert response.status_code == 400
        document.refresh_from_db()
        assert document.withdrawn_at is None

    @pytest.mark.parametrize("who", ["alice", "charlie", "dana"])
    def test_others_may_not(self, client, cast, document, who):
        client.force_login(getattr(cast, who))
        response = client.post(_url("document-withdraw", document), {"reason_en": "x"})
        assert response.status_code in (403, 404)
        response = client.post(_url("document-edit", document), _edit_data(document, title_en="x"))
        assert response.status_code in (403, 404)
        document.refresh_from_db()
        assert document.withdrawn_at is None and document.title_en == "Reprot of the ROCB"


@pytest.mark.django_db
class TestEditAndDelete:
    def test_reference_language_visibility(self, client, cast, document):
        client.force_login(cast.sam)
        response = client.post(
            _url("document-edit", document),
            _edit_data(document, reference="RCP30/Doc 4", language="fr", visibility="members"),
        )
        assert response.status_code == 302, response.text
        document.refresh_from_db()
        assert (document.reference, document.language, document.visibility) == (
            "RCP30/Doc 4",
            "fr",
            "members",
        )
        client.logout()
        assert client.get(_url("document-download", document)).status_code == 404

    def test_a_published_sessions_document_is_withdrawn_not_deleted(self, client, cast, document):
        client.force_login(cast.sam)
        response = client.post(_url("document-delete", document))
        assert response.status_code == 400
        assert Document.objects.filter(pk=document.pk).exists()

    def test_a_draft_sessions_document_is_deleted_with_its_files(
        self, client, cast, document, session, media, django_capture_on_commit_callbacks
    ):
        session.published_at = None
        session.save()
        client.force_login(cast.sam)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("document-delete", document))
        assert response.status_code == 302
        assert not Document.objects.filter(pk=document.pk).exists()
        assert stored_files(media) == []

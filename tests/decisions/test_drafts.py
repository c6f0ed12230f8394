"""Editing a draft proposal (with a conflict check) and attaching files to it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.core.versions import StaleEdit
from secretariat.decisions import services
from secretariat.decisions.models import Attachment, Proposal
from secretariat.documents.demo import tiny_pdf

pytestmark = pytest.mark.django_db


def url(name, proposal, *args):
    return reverse(f"decisions:{name}", args=[proposal.region.slug, proposal.pk, *args])


@pytest.fixture
def draft(make_proposal, cast):
    return make_proposal(title="Draft on capacity building", by=cast.alice)


def form(proposal, **changes):
    data = {
        "title_en": proposal.title_en,
        "title_fr": "",
        "text_en": proposal.text_en,
        "text_fr": "",
        "visibility": "public",
        "version": proposal.version,
    }
    return data | changes


def pdf(name="annex.pdf"):
    return SimpleUploadedFile(name, tiny_pdf("Annex"), content_type="application/pdf")


class TestEditing:
    def test_a_drafter_edits_audited_and_a_stale_edit_is_refused(self, draft, cast):
        services.proposal_update(
            proposal=draft, by=cast.bob, expected_version=1, title_en="Capacity building"
        )
        draft.refresh_from_db()
        assert (draft.title_en, draft.version) == ("Capacity building", 2)
        assert AuditEntry.objects.get(action="updated").changes["title_en"] == [
            "Draft on capacity building",
            "Capacity building",
        ]
        with pytest.raises(StaleEdit):
            services.proposal_update(
                proposal=draft, by=cast.alice, expected_version=1, title_en="Late"
            )

    def test_only_drafters_or_the_secretariat_and_only_a_draft(self, draft, cast):
        with pytest.raises(PermissionDenied):
            services.proposal_update(proposal=draft, by=cast.charlie, expected_version=1)
        services.proposal_table(proposal=draft, by=cast.alice)
        with pytest.raises(ValidationError, match="Only a draft"):
            services.proposal_update(proposal=draft, by=cast.sam, expected_version=2)

    @pytest.mark.parametrize(
        ("who", "status"),
        [(None, 302), ("alice", 200), ("bob", 200), ("sam", 200), ("charlie", 404), ("dana", 404)],
    )
    def test_who_may_open_the_edit_page(self, client, cast, draft, who, status):
        if who:
            client.force_login(getattr(cast, who))
        assert client.get(url("proposal-edit", draft)).status_code == status
        client.post(url("proposal-edit", draft), form(draft, title_en="Changed"))
        draft.refresh_from_db()
        assert (draft.title_en == "Changed") is (status == 200)

    def test_a_tabled_proposal_is_seen_but_not_edited_by_another_member(self, client, cast, draft):
        services.proposal_table(proposal=draft, by=cast.alice)
        client.force_login(cast.charlie)
        assert client.get(url("proposal-edit", draft)).status_code == 403

    def test_the_page_shows_both_versions_on_a_conflict(self, client, cast, draft):
        client.force_login(cast.alice)
        edit = url("proposal-edit", draft)
        assert client.post(edit, form(draft, title_en="One")).status_code == 302
        page = client.post(url("proposal-edit", draft), form(draft, title_en="Two"))
        assert page.status_code == 409 and "Someone else saved this" in page.text
        assert "One" in page.text and "Two" in page.text
        draft.refresh_from_db()
        assert draft.title_en == "One"

    def test_named_visibility_needs_a_member(self, client, cast, draft, member):
        client.force_login(cast.alice)
        page = client.post(url("proposal-edit", draft), form(draft, visibility="named"))
        assert page.status_code == 400 and "Name at least one Member" in page.text
        data = form(draft, visibility="named", shared_with=[member.pk])
        assert client.post(url("proposal-edit", draft), data).status_code == 302
        draft.refresh_from_db()
        assert list(draft.shared_with.all()) == [member]


class TestAttachments:
    def test_a_drafter_attaches_a_pdf_the_page_lists_it(self, client, cast, draft):
        client.force_login(cast.alice)
        response = client.post(url("attachment-add", draft), {"file": pdf()})
        assert response.status_code == 302
        attachment = Attachment.objects.get()
        assert (attachment.name, attachment.kind) == ("annex.pdf", "pdf")
        assert "annex.pdf" in client.get(draft.get_absolute_url()).text
        assert AuditEntry.objects.filter(action="file attached", note="annex.pdf").exists()

    def test_a_file_is_checked_by_its_content_and_size(self, cast, draft, settings):
        fake = SimpleUploadedFile("annex.pdf", b"<html><script>alert(1)</script></html>")
        with pytest.raises(ValidationError, match="not an accepted kind"):
            services.proposal_attach(proposal=draft, by=cast.alice, upload=fake)
        big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * services.ATTACHMENT_MAX_BYTES)
        with pytest.raises(ValidationError, match="the limit is"):
            services.proposal_attach(proposal=draft, by=cast.alice, upload=big)
        assert not Attachment.objects.exists()

    def test_a_refused_file_is_shown_on_the_page(self, client, cast, draft):
        client.force_login(cast.alice)
        fake = SimpleUploadedFile("annex.pdf", b"<html></html>")
        page = client.post(url("attachment-add", draft), {"file": fake})
        assert page.status_code == 400 and "not an accepted kind" in page.text

    @pytest.mark.parametrize(("who", "status"), [("charlie", 404), ("dana", 404), (None, 302)])
    def test_others_cannot_attach(self, client, cast, draft, who, status):
        if who:
            client.force_login(getattr(cast, who))
        assert client.post(url("attachment-add", draft), {"file": pdf()}).status_code == status
        assert not Attachment.objects.exists()

    def test_no_file_on_a_tabled_proposal(self, client, cast, draft):
        services.proposal_table(proposal=draft, by=cast.alice)
        with pytest.raises(ValidationError, match="Only a draft"):
            services.proposal_attach(proposal=draft, by=cast.alice, upload=pdf())

    def test_served_inert_and_only_to_those_who_see_the_proposal(self, client, cast, draft):
        attachment = services.proposal_attach(proposal=draft, by=cast.alice, upload=pdf())
        link = attachment.get_absolute_url()
        client.force_login(cast.alice)
        response = client.get(link)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")  # read: then closed
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Cache-Control"] == "private, no-store"
        client.force_login(cast.charlie)  # a draft: only its Member and the secretariat
        assert client.get(link).status_code == 404
        services.proposal_table(proposal=draft, by=cast.alice)
        response = client.get(link)
        assert response.status_code == 200 and "Cache-Control" not in response  # public now
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        Proposal.objects.filter(pk=draft.pk).update(visibility="secretariat")
        assert client.get(link).status_code == 404


def test_the_proposal_page_shows_its_history_names_only_for_the_secretariat(client, cast, draft):
    services.proposal_update(proposal=draft, by=cast.alice, expected_version=1, title_en="Renamed")
    services.proposal_table(proposal=draft, by=cast.alice)
    client.force_login(cast.charlie)
    page = client.get(draft.get_absolute_url()).text
    assert "History" in page and "proposal tabled" in page and "Renamed" in page
    assert "alice@example.org" not in page
    client.force_login(cast.sam)
    assert "alice@example.org" in client.get(draft.get_absolute_url()).text

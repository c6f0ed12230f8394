"""Register, decision and proposal pages: who sees what, who may act, and exports re-opened."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from secretariat.core.visibility import Visibility
from secretariat.decisions import services
from secretariat.decisions.models import Decision, Proposal, Vote, VoteCast

pytestmark = pytest.mark.django_db


def url(name, region, *args):
    return reverse(f"decisions:{name}", args=[region.slug, *args])


def login(client, cast, who):
    if who:
        client.force_login(getattr(cast, who))


@pytest.fixture
def decided(make_proposal, cast):
    def decide(title="Regional representatives", visibility=Visibility.PUBLIC):
        proposal = make_proposal(title=title, by=cast.sam, visibility=visibility)
        services.proposal_table(proposal=proposal, by=cast.sam)
        return services.proposal_decide(proposal=proposal, by=cast.sam, outcome="endorsed")

    return decide


class TestRegister:
    @pytest.mark.parametrize("who", [None, "alice", "charlie", "dana", "sam"])
    def test_public_decisions_are_shown_to_everyone(self, client, cast, region, decided, who):
        decision = decided()
        login(client, cast, who)
        page = client.get(url("register", region))
        assert page.status_code == 200
        assert "RHCAC21/D1" in page.text
        assert client.get(decision.get_absolute_url()).status_code == 200

    @pytest.mark.parametrize(
        ("who", "sees"),
        [(None, False), ("dana", False), ("alice", True), ("charlie", True), ("sam", True)],
    )
    def test_members_only_decisions(self, client, cast, region, decided, who, sees):
        decision = decided(title="Closed matter", visibility=Visibility.MEMBERS)
        login(client, cast, who)
        assert ("Closed matter" in client.get(url("register", region)).text) is sees
        assert client.get(decision.get_absolute_url()).status_code == (200 if sees else 404)
        export = client.get(url("register-export", region, "csv"))
        assert ("Closed matter" in export.content.decode()) is sees

    def test_filters(self, client, region, decided):
        decided(title="Kept")
        d2 = decided(title="Other")
        d2.outcome = Decision.Outcome.NOTED
        d2.save()
        page = client.get(url("register", region), {"outcome": "endorsed", "series": "RHCAC"})
        assert "Kept" in page.text and "Other" not in page.text
        assert "Other" in client.get(url("register", region), {"q": "D2"}).text

    def test_a_bad_filter_is_refused_with_a_message(self, client, region, decided):
        decided()
        page = client.get(url("register", region), {"year": "nineteen"})
        assert page.status_code == 400
        assert "Enter a whole number." in page.text

    @pytest.mark.parametrize("rows", [1, 10])
    def test_query_count_does_not_grow_with_rows(
        self, client, region, decided, django_assert_num_queries, rows
    ):
        for n in range(rows):
            decided(title=f"Decision {n}")
        with django_assert_num_queries(4):
            page = client.get(url("register", region))
        assert page.text.count("RHCAC21/D") == rows

    def test_csv_xlsx_and_pdf_are_real_files(self, client, region, decided):
        decided(title="=HYPERLINK(evil)")
        rows = list(
            csv.reader(
                io.StringIO(
                    client.get(url("register-export", region, "csv")).content.decode("utf-8-sig")
                )
            )
        )
        assert rows[0][0] == "Reference" and rows[1][0] == "RHCAC21/D1"
        assert rows[1][1] == "'=HYPERLINK(evil)"  # a spreadsheet will not run it
        book = openpyxl.load_workbook(
            io.BytesIO(client.get(url("register-export", region, "xlsx")).content)
        )
        sheet = book.active
        assert sheet["A2"].value == "RHCAC21/D1" and sheet["G2"].value == "endorsed"
        pdf = client.get(url("register-export", region, "pdf"))
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "RHCAC21/D1" in text
        assert client.get(url("register-export", region, "doc")).status_code == 404

    def test_in_french(self, client, region, decided):
        decided()
        page = client.get(url("register", region), HTTP_ACCEPT_LANGUAGE="fr")
        assert "Registre des décisions" in page.text


class TestProposalPages:
    @pytest.mark.parametrize(
        ("who", "status"), [(None, 302), ("dana", 403), ("alice", 200), ("sam", 200)]
    )
    def test_who_may_propose(self, client, cast, region, who, status):
        login(client, cast, who)
        assert client.get(url("proposal-add", region)).status_code == status

    def test_a_contact_point_proposes_for_its_member(self, client, cast, region, item, member):
        client.force_login(cast.alice)
        response = client.post(
            url("proposal-add", region),
            {
                "agenda_item": item.pk,
                "title_en": "Nominate Indonesia",
                "text_en": "Indonesia for the Policy Commission.",
                "members": [member.pk],
                "visibility": "public",
            },
        )
        proposal = Proposal.objects.get()
        assert response.status_code == 302 and proposal.meeting.reference == "RHCAC21"

    def test_another_members_name_is_not_offered(self, client, cast, region, item, other_member):
        client.force_login(cast.alice)
        response = client.post(
            url("proposal-add", region),
            {
                "agenda_item": item.pk,
                "title_en": "X",
                "text_en": "Y",
                "members": [other_member.pk],
                "visibility": "public",
            },
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.text
        assert not Proposal.objects.exists()

    @pytest.mark.parametrize(
        ("who", "status"), [(None, 404), ("charlie", 404), ("alice", 200), ("sam", 200)]
    )
    def test_a_draft_is_seen_by_its_authors_and_the_secretariat(
        self, client, cast, region, make_proposal, who, status
    ):
        proposal = make_proposal()
        login(client, cast, who)
        assert client.get(proposal.get_absolute_url()).status_code == status

    @pytest.mark.parametrize(
        ("who", "status", "tabled"),
        [(None, 302, False), ("charlie", 404, False), ("dana", 404, False), ("bob", 302, True)],
    )
    def test_who_tables_a_draft(self, client, cast, region, make_proposal, who, status, tabled):
        proposal = make_proposal()  # drafted by alice for Indonesia
        login(client, cast, who)
        assert client.post(url("proposal-table", region, proposal.pk)).status_code == status
        proposal.refresh_from_db()
        assert (proposal.status == Proposal.Status.TABLED) is tabled

    @pytest.mark.parametrize(
        ("who", "status", "withdrawn"),
        [(None, 302, False), ("charlie", 403, False), ("dana", 403, False), ("alice", 302, True)],
    )
    def test_who_withdraws_a_tabled_proposal(
        self, client, cast, region, tabled, who, status, withdrawn
    ):
        login(client, cast, who)
        assert client.post(url("proposal-withdraw", region, tabled.pk)).status_code == status
        tabled.refresh_from_db()
        assert (tabled.status == Proposal.Status.WITHDRAWN) is withdrawn

    @pytest.mark.parametrize(("who", "status"), [(None, 302), ("alice", 403), ("charlie", 403)])
    def test_only_the_secretariat_records_the_decision(
        self, client, cast, region, tabled, who, status
    ):
        login(client, cast, who)
        response = client.post(url("proposal-decide", region, tabled.pk), {"outcome": "endorsed"})
        assert response.status_code == status
        assert not Decision.objects.exists()

    def test_the_chair_records_consensus(self, client, cast, region, tabled):
        client.force_login(cast.sam)
        response = client.post(
            url("proposal-decide", region, tabled.pk), {"outcome": "endorsed", "unanimous": "on"}
        )
        assert response.status_code == 302
        decision = Decision.objects.get()
        assert decision.method == Decision.Method.UNANIMOUS
        page = client.get(tabled.get_absolute_url())
        assert "RHCAC21/D1" in page.text and "unanimously" in page.text

    def test_a_bad_outcome_is_refused_and_nothing_changes(self, client, cast, region, tabled):
        client.force_login(cast.sam)
        response = client.post(url("proposal-decide", region, tabled.pk), {"outcome": "rejected"})
        assert response.status_code == 400
        assert "Select a valid choice" in response.text
        assert not Decision.objects.exists()


class TestVotingPages:
    @pytest.fixture
    def vote(self, tabled, present, cast):
        return services.vote_open(proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING)

    def test_a_delegation_votes_and_the_result_is_published_at_the_close(
        self, client, cast, region, vote, member, other_member
    ):
        client.force_login(cast.alice)
        page = client.get(url("proposal-detail", region, vote.proposal_id))
        assert "Cast the vote" in page.text
        response = client.post(
            url("vote-cast", region, vote.proposal_id), {"member": member.pk, "choice": "yes"}
        )
        assert response.status_code == 302
        again = client.post(
            url("vote-cast", region, vote.proposal_id), {"member": member.pk, "choice": "no"}
        )
        assert again.status_code == 400 and "already voted" in again.text
        client.force_login(cast.charlie)
        client.post(
            url("vote-cast", region, vote.proposal_id), {"member": other_member.pk, "choice": "yes"}
        )
        page = client.get(url("proposal-detail", region, vote.proposal_id))
        assert "published when the vote closes" in page.text
        client.force_login(cast.sam)
        assert client.post(url("vote-close", region, vote.proposal_id), {}).status_code == 302
        page = client.get(url("proposal-detail", region, vote.proposal_id))
        assert "2 yes, 0 no, 0 abstentions, of 2 Members entitled" in page.text

    @pytest.mark.parametrize("who", ["charlie", "sam", "dana"])
    def test_nobody_votes_for_another_member(self, client, cast, region, vote, member, who):
        client.force_login(getattr(cast, who))
        response = client.post(
            url("vote-cast", region, vote.proposal_id), {"member": member.pk, "choice": "no"}
        )
        assert response.status_code == 403
        assert not VoteCast.objects.exists()

    @pytest.mark.parametrize(("who", "status"), [(None, 302), ("alice", 403)])
    def test_only_the_secretariat_opens_and_closes(
        self, client, cast, region, tabled, present, who, status
    ):
        login(client, cast, who)
        response = client.post(url("vote-open", region, tabled.pk), {"mode": "meeting"})
        assert response.status_code == status
        assert not Vote.objects.exists()

    def test_secret_ballot_choices_appear_nowhere(
        self, client, cast, region, tabled, present, member
    ):
        vote = services.vote_open(
            proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, ballot=Vote.Ballot.SECRET
        )
        services.vote_cast(vote=vote, member=member, choice="abstain", by=cast.alice)
        client.force_login(cast.sam)
        page = client.get(url("proposal-detail", region, tabled.pk))
        assert "Indonesia" in page.text  # that it voted is recorded
        assert "abstain" not in page.text.lower().replace("abstentions", "")
        client.post(url("vote-close", region, tabled.pk), {})
        page = client.get(url("proposal-detail", region, tabled.pk))
        assert "0 yes, 0 no, 1 abstention," in page.text
        assert "Indonesia: " not in page.text


class TestSessionPage:
    @pytest.mark.parametrize(("who", "sees"), [(None, False), ("dana", False), ("charlie", True)])
    def test_the_session_page_lists_the_decisions_the_viewer_may_see(
        self, client, cast, region, meeting, decided, who, sees
    ):
        decided(title="Open matter")
        decided(title="Closed matter", visibility=Visibility.MEMBERS)
        login(client, cast, who)
        page = client.get(meeting.session.get_absolute_url())
        assert "RHCAC21/D1" in page.text and "Open matter" in page.text
        assert ("Closed matter" in page.text) is sees


def test_a_written_procedure_is_not_closed_by_hand_before_its_deadline(
    client, cast, region, meeting
):
    import datetime

    from django.utils import timezone

    proposal = services.proposal_create(
        region=region,
        by=cast.sam,
        series=meeting.series,
        title_en="In writing",
        text_en="x",
        secretariat=True,
    )
    services.vote_open(
        proposal=proposal,
        by=cast.sam,
        mode=Vote.Mode.SILENCE,
        deadline=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(cast.sam)
    page = client.get(url("proposal-detail", region, proposal.pk))
    assert "Silence procedure" in page.text
    assert "Close the vote" not in page.text and "casting vote" not in page.text
    refused = client.post(url("vote-close", region, proposal.pk), {})
    assert refused.status_code == 400 and "The deadline has not passed." in refused.text
    assert not Decision.objects.exists()

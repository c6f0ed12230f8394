"""Proposals, consensus, votes at a meeting, secret ballots and the register's references."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.models import AuditEntry
from secretariat.decisions import services
from secretariat.decisions.models import Decision, Proposal, SecretTally, Vote, VoteCast

pytestmark = pytest.mark.django_db


class TestProposals:
    def test_a_contact_point_tables_for_its_own_member(self, make_proposal, member):
        proposal = make_proposal()
        assert list(proposal.tabled_by_members.all()) == [member]
        assert proposal.status == Proposal.Status.DRAFT
        assert AuditEntry.objects.filter(action="created", target_repr=proposal.title_en).exists()

    def test_a_contact_point_cannot_table_for_another_member(self, make_proposal, other_member):
        with pytest.raises(PermissionDenied):
            make_proposal(members=[other_member])
        assert not Proposal.objects.exists()

    def test_someone_must_table_it(self, make_proposal, cast):
        with pytest.raises(ValidationError, match="Say who tables"):
            make_proposal(by=cast.sam, members=[])
        assert not Proposal.objects.exists()

    def test_the_secretariat_tables_for_several_members(
        self, make_proposal, cast, member, other_member
    ):
        proposal = make_proposal(by=cast.sam, members=[member, other_member])
        assert proposal.tabled_by_members.count() == 2

    def test_another_member_cannot_table_or_withdraw_it(self, make_proposal, cast):
        proposal = make_proposal()
        with pytest.raises(PermissionDenied):
            services.proposal_table(proposal=proposal, by=cast.charlie)
        with pytest.raises(PermissionDenied):
            services.proposal_withdraw(proposal=proposal, by=cast.charlie)
        proposal.refresh_from_db()
        assert proposal.status == Proposal.Status.DRAFT

    def test_withdrawn_proposal_cannot_be_decided(self, tabled, cast):
        services.proposal_withdraw(proposal=tabled, by=cast.alice)
        with pytest.raises(ValidationError, match="Only a tabled proposal"):
            services.proposal_decide(proposal=tabled, by=cast.sam, outcome="endorsed")
        assert not Decision.objects.exists()


class TestConsensus:
    def test_the_chair_records_consensus_with_a_numbered_reference(self, make_proposal, cast):
        first, second = (
            services.proposal_table(proposal=make_proposal(title=t), by=cast.alice)
            for t in ("First", "Second")
        )
        d1 = services.proposal_decide(proposal=first, by=cast.sam, outcome="endorsed")
        d2 = services.proposal_decide(
            proposal=second, by=cast.sam, outcome="adopted", unanimous=True
        )
        assert (d1.reference, d2.reference) == ("RHCAC21/D1", "RHCAC21/D2")
        assert d2.method == Decision.Method.UNANIMOUS
        assert d1.decided_on.isoformat() == "2020-11-12"  # the session's day in Jakarta
        first.refresh_from_db()
        assert first.status == Proposal.Status.DECIDED

    def test_only_the_secretariat_records_it(self, tabled, cast):
        with pytest.raises(PermissionDenied):
            services.proposal_decide(proposal=tabled, by=cast.alice, outcome="endorsed")
        assert not Decision.objects.exists()

    def test_rejected_is_not_a_consensus_outcome(self, tabled, cast):
        with pytest.raises(ValidationError, match="by consensus"):
            services.proposal_decide(proposal=tabled, by=cast.sam, outcome="rejected")
        assert not Decision.objects.exists()


class TestVoteAtTheMeeting:
    def test_present_delegations_vote_once_each(self, tabled, present, cast, member, other_member):
        vote = services.vote_open(proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING)
        assert set(vote.electorate.all()) == {member, other_member}
        services.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
        with pytest.raises(ValidationError, match="already voted"):
            services.vote_cast(vote=vote, member=member, choice="no", by=cast.bob)
        services.vote_cast(vote=vote, member=other_member, choice="abstain", by=cast.charlie)
        decision = services.vote_close(vote=vote, by=cast.sam)
        assert decision.outcome == Decision.Outcome.ADOPTED
        assert decision.result == "1 yes, 0 no, 1 abstention, of 2 Members entitled"
        assert VoteCast.objects.get(member=member).choice == "yes"

    def test_a_member_votes_only_for_itself(self, tabled, present, cast, other_member):
        vote = services.vote_open(proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING)
        for who in (cast.alice, cast.sam):
            with pytest.raises(PermissionDenied):
                services.vote_cast(vote=vote, member=other_member, choice="no", by=who)
        assert not VoteCast.objects.exists()

    def test_no_present_delegation_no_vote(self, tabled, cast):
        with pytest.raises(ValidationError, match="No Member can vote"):
            services.vote_open(proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING)
        assert not Vote.objects.exists()

    def test_a_tie_fails_unless_the_chair_casts(self, tabled, present, cast, member, other_member):
        vote = services.vote_open(
            proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, tie_rule=Vote.TieRule.CHAIR
        )
        services.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
        services.vote_cast(vote=vote, member=other_member, choice="no", by=cast.charlie)
        with pytest.raises(ValidationError, match="casting vote"):
            services.vote_close(vote=vote, by=cast.sam)
        assert not Decision.objects.exists()
        decision = services.vote_close(vote=vote, by=cast.sam, casting_vote="yes")
        assert decision.outcome == Decision.Outcome.ADOPTED
        assert "casting vote" in decision.result

    def test_no_quorum_rejects(self, tabled, present, cast, member):
        vote = services.vote_open(proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, quorum=2)
        services.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
        decision = services.vote_close(vote=vote, by=cast.sam)
        assert decision.outcome == Decision.Outcome.REJECTED
        assert "no quorum" in decision.result

    def test_a_quorum_above_the_electorate_is_refused(self, tabled, present, cast):
        with pytest.raises(ValidationError, match="quorum"):
            services.vote_open(proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, quorum=3)
        assert not Vote.objects.exists()

    def test_a_closed_vote_takes_no_ballot(self, tabled, present, cast, member):
        vote = services.vote_open(proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING)
        services.vote_close(vote=vote, by=cast.sam)
        vote.refresh_from_db()
        with pytest.raises(ValidationError, match="closed"):
            services.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
        assert not VoteCast.objects.exists()


class TestSecretBallot:
    def test_the_choice_is_stored_apart_and_never_audited(
        self, tabled, present, cast, member, other_member
    ):
        vote = services.vote_open(
            proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, ballot=Vote.Ballot.SECRET
        )
        services.vote_cast(vote=vote, member=member, choice="no", by=cast.alice)
        services.vote_cast(vote=vote, member=other_member, choice="no", by=cast.charlie)
        cast_rows = VoteCast.objects.filter(vote=vote)
        assert {c.choice for c in cast_rows} == {""}  # the record says who voted, not how
        tallies = dict(SecretTally.objects.values_list("choice", "ballots"))
        assert tallies == {"yes": 0, "no": 2, "abstain": 0}  # counts, no ballot of its own
        field_names = {f.name for f in SecretTally._meta.get_fields()}
        assert field_names == {"id", "vote", "choice", "ballots"}  # no Member, no time
        entries = AuditEntry.objects.filter(action="vote cast")
        assert entries.count() == 2
        assert all("no" not in str(e.changes.get("choice", "")) for e in entries)
        assert not AuditEntry.objects.filter(target_type__model="secrettally").exists()
        decision = services.vote_close(vote=vote, by=cast.sam)
        assert decision.outcome == Decision.Outcome.REJECTED
        assert decision.result.startswith("0 yes, 2 no")

"""Every write to calls for nominations and nominations, and the eligibility check."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.permissions import SYSTEM, service
from secretariat.decisions import counting
from secretariat.decisions import services as decisions
from secretariat.decisions.models import Decision, Vote, VoteCast
from secretariat.regions.models import Member, Person, Post
from secretariat.regions.services import holding_start

from .models import Call, EligibilityRule, Nomination

PROPOSED = gettext_noop("nomination proposed")
CHECKED = gettext_noop("nomination checked")
SLATE = gettext_noop("slate tabled")
APPOINTED = gettext_noop("nominee appointed")
NOT_APPOINTED = gettext_noop("nominee not appointed")
ELECTION_OPENED = gettext_noop("election opened")
ELECTION_VOTE = gettext_noop("election ballot cast")
ELECTED = gettext_noop("election counted")


# --- eligibility -----------------------------------------------------------------------------


def _member_of(nominee):
    return nominee if isinstance(nominee, Member) else nominee.member


def _consecutive_terms(post, nominee, before: datetime.date) -> int:
    """How many terms in a row `nominee` has held `post` up to `before`."""
    field = "member" if isinstance(nominee, Member) else "person"
    terms = post.holdings.filter(**{field: nominee}, starts_on__lt=before).order_by("-starts_on")
    count, next_start = 0, before
    for term in terms:
        # A term counts as consecutive when it ran up to (or into) the next one.
        if term.ends_on is not None and term.ends_on < next_start - datetime.timedelta(days=1):
            break
        count, next_start = count + 1, term.starts_on
    return count


def eligibility_reasons(call, nominee) -> list[str]:
    """Why `nominee` cannot be appointed by `call` (an empty list: eligible)."""
    reasons = []
    post = call.post
    expected = Member if post.holder_kind == Post.HolderKind.MEMBER else Person
    if post.holder_kind not in (Post.HolderKind.MEMBER, Post.HolderKind.PERSON) or not isinstance(
        nominee, expected
    ):
        reasons.append(
            _("%(post)s is held by %(kind)s.")
            % {"post": post.name, "kind": post.get_holder_kind_display()}
        )
    for rule in post.eligibility_rules.all():
        if rule.kind == EligibilityRule.Kind.CURRENT_MEMBER:
            member = _member_of(nominee)
            if (
                member is None
                or member.region_id != call.region_id
                or not member.is_member_on(call.term_starts_on)
            ):
                reasons.append(
                    _("%(nominee)s is not a Member of the region when the term starts.")
                    % {"nominee": nominee.display}
                )
        elif rule.kind == EligibilityRule.Kind.MAX_CONSECUTIVE_TERMS:
            held = _consecutive_terms(post, nominee, call.term_starts_on)
            if held >= (rule.number or 0):
                reasons.append(
                    _(
                        "%(nominee)s has held %(post)s for %(held)d consecutive terms; "
                        "the rule allows %(n)d."
                    )
                    % {
                        "nominee": nominee.display,
                        "post": post.name,
                        "held": held,
                        "n": rule.number,
                    }
                )
    return reasons


# --- calls and nominations -------------------------------------------------------------------


@service("nominations.manage", on="post")
@transaction.atomic
def call_open(
    *,
    post,
    by,
    deadline,
    term_starts_on,
    term_ends_on=None,
    seats=None,
    subject_to_confirmation=False,
) -> Call:
    if term_ends_on is not None and term_ends_on < term_starts_on:
        raise ValidationError({"term_ends_on": _("The end comes before the start.")})
    seats = seats or post.seat_count
    if seats > post.seat_count:
        raise ValidationError(
            {"seats": _("%(post)s has %(n)d seat(s).") % {"post": post.name, "n": post.seat_count}}
        )
    call = Call(
        region=post.region,
        post=post,
        deadline=deadline,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        seats=seats,
        subject_to_confirmation=subject_to_confirmation,
    )
    call.full_clean(exclude=["proposal"])
    call.save()
    audit.record(by=by, action=audit.CREATED, obj=call)
    return call


@service("nominations.propose_for", on=("call", "proposed_by"))
def nomination_propose(*, call, by, proposed_by, nominee, statement, now=None) -> Nomination:
    """A Member proposes a Member or a person; an ineligible nominee is refused with the reasons."""
    now = now or timezone.now()
    if call.status != Call.Status.OPEN or now > call.deadline:
        raise ValidationError(_("Nominations for this call are closed."))
    if not statement.strip():
        raise ValidationError({"statement": _("Write a statement in support of the nominee.")})
    reasons = eligibility_reasons(call, nominee)
    if reasons:
        raise ValidationError(reasons)
    field = "member" if isinstance(nominee, Member) else "person"
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                call=call,
                proposed_by=proposed_by,
                statement=statement.strip(),
                created_at=now,
                status=Nomination.Status.ELIGIBLE,
                **{field: nominee},
            )
            audit.record(by=by, action=PROPOSED, obj=nomination, created=True)
    except IntegrityError:
        raise ValidationError(
            _("%(nominee)s is already nominated.") % {"nominee": nominee.display}
        ) from None
    return nomination


@service("nominations.manage", on="nomination.call")
@transaction.atomic
def nomination_check(*, nomination, by) -> Nomination:
    """The secretariat checks again (rules or terms may have changed) and keeps the reasons."""
    before = audit.snapshot(nomination)
    nomination.reasons = eligibility_reasons(nomination.call, nomination.nominee)
    nomination.status = (
        Nomination.Status.INELIGIBLE if nomination.reasons else Nomination.Status.ELIGIBLE
    )
    nomination.save(update_fields=["reasons", "status"])
    audit.record(by=by, action=CHECKED, obj=nomination, before=before)
    return nomination


def _slate(call, nominations, language):
    """The slate's title and text in `language`: proposal content, written once in each."""
    with translation.override(language):
        title = _("%(post)s: nominations for the term from %(year)d") % {
            "post": call.post.name,
            "year": call.term_starts_on.year,
        }
        lines = [
            "- "
            + _("**%(nominee)s**, proposed by %(member)s")
            % {"nominee": n.nominee.display, "member": n.proposed_by.display}
            for n in nominations
        ]
    return title, "\n".join(lines)


@service("nominations.manage", on="call")
@transaction.atomic
def call_table_slate(*, call, by, series, meeting=None, agenda_item=None) -> Call:
    """Put the eligible nominations to a meeting (or, without one, to a written procedure)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.OPEN:
        raise ValidationError(_("The slate of this call is already tabled."))
    nominations = [
        nomination_check(nomination=n, by=by)
        for n in call.nominations.exclude(status=Nomination.Status.WITHDRAWN).select_related(
            "member", "person", "proposed_by"
        )
    ]
    eligible = [n for n in nominations if n.status == Nomination.Status.ELIGIBLE]
    if not eligible:
        raise ValidationError(_("No eligible nomination to put forward."))
    title_en, text_en = _slate(call, eligible, "en")
    title_fr, text_fr = _slate(call, eligible, "fr")
    proposal = decisions.proposal_create(
        region=call.region,
        by=by,
        series=series,
        meeting=meeting,
        agenda_item=agenda_item,
        title_en=title_en,
        title_fr=title_fr,
        text_en=text_en,
        text_fr=text_fr,
        members=sorted({n.proposed_by for n in eligible}, key=lambda m: m.short_name_en),
    )
    decisions.proposal_table(proposal=proposal, by=by)
    before = audit.snapshot(call)
    call.proposal, call.status = proposal, Call.Status.SLATE
    call.save(update_fields=["proposal", "status"])
    audit.record(by=by, action=SLATE, obj=call, before=before)
    return call


@service("nominations.manage", on="call")
@transaction.atomic
def call_appoint(*, call, by) -> list[Nomination]:
    """Once the slate is endorsed, start a holding for each eligible nominee, up to the seats.

    More eligible nominees than seats needs an election (its counting is `decisions.counting.
    elect`); a slate endorsed by consensus must fit the seats.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    decision = getattr(call.proposal, "decision", None) if call.proposal_id else None
    if call.status != Call.Status.SLATE or decision is None:
        raise ValidationError(_("The slate has not been decided yet."))
    if decision.outcome not in (Decision.Outcome.ENDORSED, Decision.Outcome.ADOPTED):
        raise ValidationError(
            _("The slate was not endorsed (%(outcome)s).")
            % {"outcome": decision.get_outcome_display()}
        )
    eligible = list(call.nominations.filter(status=Nomination.Status.ELIGIBLE))
    if len(eligible) > call.seats:
        raise ValidationError(
            _("%(n)d nominees for %(seats)d seats: hold an election.")
            % {"n": len(eligible), "seats": call.seats}
        )
    _appoint(call, eligible, decision=decision, by=by)
    return eligible


def _appoint(call, nominations, *, decision, by):
    """Start a holding for each of `nominations` through the regions app, and close the call."""
    for nomination in nominations:
        before = audit.snapshot(nomination)
        nomination.holding = holding_start(
            post=call.post,
            holder=nomination.nominee,
            starts_on=call.term_starts_on,
            ends_on=call.term_ends_on,
            confirmed=not call.subject_to_confirmation,
            note=_("Decision %(ref)s") % {"ref": decision.reference},
            by=by,
        )
        nomination.status = Nomination.Status.APPOINTED
        nomination.save(update_fields=["holding", "status", "votes"])
        audit.record(by=by, action=APPOINTED, obj=nomination, before=before)
    before = audit.snapshot(call)
    call.status = Call.Status.DECIDED
    call.save(update_fields=["status"])
    audit.record(by=by, action=audit.UPDATED, obj=call, before=before)


# --- elections -------------------------------------------------------------------------------


def _candidates(call):
    """The eligible nominations, in order of nomination (the order that settles a tie)."""
    return list(
        call.nominations.filter(status=Nomination.Status.ELIGIBLE).order_by("created_at", "pk")
    )


@service("nominations.manage", on="call")
@transaction.atomic
def election_open(*, call, by, mode=Vote.Mode.MEETING, deadline=None, now=None) -> Vote:
    """Put the slate to an election: at its meeting, each present delegation names up to
    `seats` candidates; in writing, every Member of the region does so by the deadline."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.SLATE:
        raise ValidationError(_("Table the slate before holding an election."))
    candidates = _candidates(call)
    if len(candidates) <= call.seats:
        raise ValidationError(_("No more candidates than seats: the slate is endorsed as it is."))
    if mode not in (Vote.Mode.MEETING, Vote.Mode.WRITTEN):
        raise ValidationError(_("An election is held at the meeting or in writing."))
    vote = decisions.vote_open(
        proposal=call.proposal,
        by=by,
        mode=mode,
        ballot=Vote.Ballot.SECRET,
        deadline=deadline,
        election=True,
        candidates=[str(n.pk) for n in candidates],
        now=now,
    )
    audit.record(by=by, action=ELECTION_OPENED, obj=call)
    return vote


def _election(call):
    vote = getattr(call.proposal, "vote", None) if call.proposal_id else None
    if vote is None or not vote.election:
        raise ValidationError(_("No election is open on this call."))
    return vote


@service("decisions.cast_ballot", on="member")
def election_vote(*, call, member, nominations, by, now=None) -> VoteCast:
    """One ballot per Member naming 1 to `seats` candidates; a second one is refused."""
    now = now or timezone.now()
    vote = _election(call)
    decisions.check_ballot(vote=vote, member=member, by=by, now=now)
    candidates = {n.pk for n in _candidates(call)}
    chosen = sorted({n.pk for n in nominations})
    if not chosen or len(chosen) > call.seats or not set(chosen) <= candidates:
        raise ValidationError(
            _("Choose from 1 to %(seats)d of the candidates.") % {"seats": call.seats}
        )
    return decisions.record_cast(
        vote=vote,
        member=member,
        by=by,
        now=now,
        secret=[str(pk) for pk in chosen],
        action=ELECTION_VOTE,
    )


@service("nominations.manage", on="call")
@transaction.atomic
def election_close(*, call, by, now=None) -> counting.Election:
    """Count: the seats go in order of votes, a tie to the candidate nominated first.

    The elected start their holdings; the others are not appointed. The decision records the
    slate as adopted by vote (in writing: of the deadline's date), with each candidate's votes
    published on the call.
    """
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    vote = Vote.objects.select_for_update().filter(proposal=call.proposal_id, election=True).first()
    if call.status != Call.Status.SLATE or vote is None:
        raise ValidationError(_("No election is open on this call."))
    decisions.check_closable(vote, now)
    candidates = _candidates(call)
    # The tallies keep no ballot whole: a one-name ballot per vote received counts the same.
    result = counting.elect(
        ([int(pk)] for pk in decisions.secret_choices(vote)),
        candidates=[n.pk for n in candidates],
        seats=call.seats,
    )
    before = audit.snapshot(vote)
    vote.closed_at = now
    vote.electorate_size = vote.electorate.count()
    vote.yes, vote.no, vote.abstain = vote.casts.count(), 0, 0
    vote.quorum_met, vote.tie = True, result.tied_at_the_last_seat
    vote.save()
    audit.record(by=by, action=ELECTED, obj=vote, before=before)
    decision = decisions.vote_decision(vote=vote, by=by, outcome=Decision.Outcome.ADOPTED, now=now)
    elected = [n for n in candidates if n.pk in result.elected]
    for n in candidates:
        n.votes = result.votes[n.pk]
    for n in candidates:
        if n not in elected:
            before = audit.snapshot(n)
            n.status = Nomination.Status.NOT_APPOINTED
            n.save(update_fields=["status", "votes"])
            audit.record(by=by, action=NOT_APPOINTED, obj=n, before=before)
    _appoint(call, elected, decision=decision, by=by)
    return result


def written_elections_due(*, now) -> int:
    """Count each election in writing whose deadline has passed, as a decision of that date."""
    return decisions.close_each(
        decisions.written_votes_due(now=now).filter(election=True).select_related("proposal"),
        lambda vote: election_close(call=vote.proposal.call, by=SYSTEM, now=now),
    )

"""Every write to proposals, votes and decisions: `grep proposal_ vote_ decision_` finds them."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.files import check_upload, stored_name
from secretariat.core.mail import mail_queue
from secretariat.core.permissions import SYSTEM, service
from secretariat.core.versions import save_versioned
from secretariat.core.visibility import Visibility
from secretariat.meetings.models import Series
from secretariat.meetings.participation import present_members
from secretariat.regions.models import Person, Role
from secretariat.regions.selectors import contact_points, members_on
from secretariat.search.index import entries_refresh

from . import counting
from .models import Action, Attachment, Choice, Decision, Proposal, SecretTally, Vote, VoteCast

TABLED = gettext_noop("proposal tabled")
WITHDRAWN = gettext_noop("proposal withdrawn")
VOTE_OPENED = gettext_noop("vote opened")
VOTE_CAST = gettext_noop("vote cast")
VOTE_CLOSED = gettext_noop("vote closed")
DECIDED = gettext_noop("decision recorded")
REMINDED = gettext_noop("reminder sent")
ACTION_ADDED = gettext_noop("follow-up action added")
ACTION_REPORTED = gettext_noop("progress reported")
ACTION_DELETED = gettext_noop("follow-up action deleted")
ATTACHED = gettext_noop("file attached")

ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "png", "jpeg"}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


# --- proposals -----------------------------------------------------------------------------


def _check_tablers(*, region, members, entity, secretariat):
    if not (members or entity or secretariat):
        raise ValidationError(
            _("Say who tables the proposal: Members, an entity or the secretariat.")
        )
    if any(m.region_id != region.pk for m in members):
        raise ValidationError(_("Only the region's Members can table a proposal here."))


@service("decisions.table_as", on=("region", "members", "entity", "secretariat"))
@transaction.atomic
def proposal_create(
    *,
    region,
    by,
    series,
    title_en,
    text_en,
    title_fr="",
    text_fr="",
    meeting=None,
    agenda_item=None,
    members=(),
    entity=None,
    secretariat=False,
    visibility=None,
    shared_with=(),
) -> Proposal:
    """A draft proposal of Members, an entity or the secretariat, on an item of a meeting."""
    members, shared_with = list(members), list(shared_with)
    _check_tablers(region=region, members=members, entity=entity, secretariat=secretariat)
    _check_named(region, visibility, shared_with)
    if series.region_id != region.pk:
        raise ValidationError(_("The series belongs to another region."))
    if agenda_item is not None:
        meeting = meeting or agenda_item.meeting
        if meeting is None or agenda_item.session_id != meeting.session_id:
            raise ValidationError(_("The agenda item is not on that meeting's agenda."))
    if meeting is not None and meeting.series_id != series.pk:
        raise ValidationError(_("The meeting belongs to another series."))
    proposal = Proposal(
        region=region,
        series=series,
        meeting=meeting,
        agenda_item=agenda_item,
        title_en=title_en.strip(),
        title_fr=title_fr.strip(),
        text_en=text_en.strip(),
        text_fr=text_fr.strip(),
        tabled_by_entity=entity,
        tabled_by_secretariat=secretariat,
    )
    if visibility:
        proposal.visibility = visibility
    proposal.full_clean()
    proposal.save()
    proposal.tabled_by_members.set(members)
    proposal.shared_with.set(shared_with)
    audit.record(by=by, action=audit.CREATED, obj=proposal)
    return proposal


def _check_named(region, visibility, shared_with):
    if visibility == Visibility.NAMED and not shared_with:
        raise ValidationError({"shared_with": _("Name at least one Member to share it with.")})
    if any(m.region_id != region.pk for m in shared_with):
        raise ValidationError({"shared_with": _("Only the region's Members can be named.")})


def _check_draft(proposal):
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))


PROPOSAL_FIELDS = ["title_en", "title_fr", "text_en", "text_fr", "visibility"]


@service("decisions.act_for_proposal", on="proposal")
@transaction.atomic
def proposal_update(*, proposal, by, expected_version, shared_with=(), **changes) -> Proposal:
    """Edit a draft unless someone saved it since the editor loaded it (core.versions)."""
    _check_draft(proposal)
    shared_with = list(shared_with)
    _check_named(proposal.region, changes.get("visibility", proposal.visibility), shared_with)
    before = audit.snapshot(proposal)
    for name in PROPOSAL_FIELDS:
        if name in changes:
            value = changes[name]
            setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    proposal.full_clean()
    save_versioned(proposal, expected_version=expected_version, fields=PROPOSAL_FIELDS)
    proposal.shared_with.set(shared_with)
    audit.record(by=by, action=audit.UPDATED, obj=proposal, before=before)
    return proposal


@service("decisions.act_for_proposal", on="proposal")
@transaction.atomic
def proposal_attach(*, proposal, by, upload) -> Attachment:
    """Attach a file to a draft, checked by its content (PDF, Word, Excel or an image) and size."""
    _check_draft(proposal)
    kind = check_upload(upload, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
    attachment = Attachment(proposal=proposal, name=upload.name[:200], kind=kind)
    attachment.file.save(stored_name(kind), upload, save=True)
    audit.record(by=by, action=ATTACHED, obj=proposal, note=attachment.name)
    return attachment


def _set_status(proposal, status, *, by, action):
    before = audit.snapshot(proposal)
    proposal.status = status
    proposal.version += 1
    proposal.save(update_fields=["status", "version"])
    audit.record(by=by, action=action, obj=proposal, before=before)
    return proposal


@service("decisions.act_for_proposal", on="proposal")
@transaction.atomic
def proposal_table(*, proposal, by) -> Proposal:
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Only a draft can be tabled."))
    return _set_status(proposal, Proposal.Status.TABLED, by=by, action=TABLED)


@service("decisions.act_for_proposal", on="proposal")
@transaction.atomic
def proposal_withdraw(*, proposal, by) -> Proposal:
    if proposal.status not in (Proposal.Status.DRAFT, Proposal.Status.TABLED):
        raise ValidationError(_("A decided proposal cannot be withdrawn."))
    if Vote.objects.filter(proposal=proposal, closed_at=None).exists():
        raise ValidationError(_("A proposal cannot be withdrawn while it is put to the vote."))
    return _set_status(proposal, Proposal.Status.WITHDRAWN, by=by, action=WITHDRAWN)


# --- decisions -----------------------------------------------------------------------------


def _decision_create(*, proposal, by, method, outcome, decided_on) -> Decision:
    """Record the decision with the next reference: RHCAC21/D3 at a meeting, RHCAC/W2 in writing."""
    # Lock the series: two decisions recorded at once cannot take the same number.
    series = Series.objects.select_for_update().get(pk=proposal.series_id)
    if proposal.meeting_id:
        earlier = Decision.objects.filter(meeting=proposal.meeting_id)
        stem, letter = proposal.meeting.reference, "D"
    else:
        earlier = Decision.objects.filter(series=series, meeting=None)
        stem, letter = series.reference, "W"
    number = (earlier.aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision(
        region=proposal.region,
        proposal=proposal,
        series=series,
        meeting=proposal.meeting,
        agenda_item=proposal.agenda_item,
        number=number,
        reference=f"{stem}/{letter}{number}",
        title_en=proposal.title_en,
        title_fr=proposal.title_fr,
        text_en=proposal.text_en,
        text_fr=proposal.text_fr,
        decided_on=decided_on,
        method=method,
        outcome=outcome,
        visibility=proposal.visibility,
    )
    decision.full_clean()
    decision.save()
    decision.shared_with.set(proposal.shared_with.all())
    _set_status(proposal, Proposal.Status.DECIDED, by=by, action=DECIDED)
    audit.record(by=by, action=DECIDED, obj=decision, created=True)
    entries_refresh(decision)
    return decision


def _day_in(zone_name, when):
    return when.astimezone(zoneinfo.ZoneInfo(zone_name)).date()


def _meeting_day(meeting):
    """The day the meeting's session sat, in the session's own time zone."""
    session = meeting.session
    return _day_in(session.time_zone, session.starts_at or timezone.now())


CONSENSUS_OUTCOMES = {
    Decision.Outcome.ENDORSED,
    Decision.Outcome.ADOPTED,
    Decision.Outcome.NOTED,
    Decision.Outcome.DEFERRED,
    Decision.Outcome.WITHDRAWN,
}


@service("decisions.manage", on="proposal")
@transaction.atomic
def proposal_decide(*, proposal, by, outcome, unanimous=False, decided_on=None) -> Decision:
    """The chair records the meeting's decision without a vote: by consensus or unanimously."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.meeting_id is None:
        raise ValidationError(_("Only a proposal at a meeting is decided by the chair."))
    if proposal.status != Proposal.Status.TABLED:
        raise ValidationError(_("Only a tabled proposal can be decided."))
    if Vote.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal is put to the vote: its result decides it."))
    if outcome not in CONSENSUS_OUTCOMES:
        raise ValidationError(_("Choose an outcome the meeting can reach by consensus."))
    method = Decision.Method.UNANIMOUS if unanimous else Decision.Method.CONSENSUS
    return _decision_create(
        proposal=proposal,
        by=by,
        method=method,
        outcome=outcome,
        decided_on=decided_on or _meeting_day(proposal.meeting),
    )


# --- votes ---------------------------------------------------------------------------------


def _mail_members(vote, members, template):
    from django.urls import reverse

    proposal = vote.proposal
    link = settings.SITE_URL + reverse(
        "decisions:proposal-detail", args=[proposal.region.slug, proposal.pk]
    )
    for member in members:
        for person in contact_points(member):
            mail_queue(
                to=person.email,
                template=template,
                language=person.user.language if person.user else "en",
                context={
                    "person": person,
                    "member": member,
                    "vote": vote,
                    "link": link,
                    "proposal": proposal,
                    "region": proposal.region,
                },
                region_id=proposal.region_id,
            )


@service("decisions.manage", on="proposal")
@transaction.atomic
def vote_open(
    *,
    proposal,
    by,
    mode,
    ballot=Vote.Ballot.NAMED,
    quorum=0,
    majority=Vote.Majority.SIMPLE,
    base=Vote.Base.CAST,
    tie_rule=Vote.TieRule.FAILS,
    deadline=None,
    election=False,
    candidates=(),
    now=None,
) -> Vote:
    """Put a proposal to the vote: at its meeting (present delegations) or in writing (all Members).

    A written vote or silence procedure circulates the proposal to every Member's contact
    points by mail, with the deadline. An election's secret ballots name `candidates` (their
    nominations' ids) instead of yes, no or abstain.
    """
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Proposal.Status.DRAFT, Proposal.Status.TABLED):
        raise ValidationError(_("Only a draft or tabled proposal can be put to the vote."))
    if Vote.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal has already been put to the vote."))
    if mode == Vote.Mode.MEETING:
        if proposal.meeting_id is None:
            raise ValidationError(_("A proposal without a meeting is decided in writing."))
        electorate = present_members(proposal.meeting.session)
        deadline = None
    else:
        if deadline is None or deadline <= now:
            raise ValidationError({"deadline": _("Give a deadline in the future.")})
        electorate = list(members_on(proposal.region, timezone.localdate(now)))
        if mode == Vote.Mode.SILENCE:
            ballot, quorum = Vote.Ballot.NAMED, 0  # an objection is made openly
    if not electorate:
        raise ValidationError(_("No Member can vote: no delegation is registered as present."))
    if quorum > len(electorate):
        raise ValidationError(
            {
                "quorum": _("The quorum is larger than the %(n)d Members entitled to vote.")
                % {"n": len(electorate)}
            }
        )
    vote = Vote(
        proposal=proposal,
        mode=mode,
        ballot=ballot,
        quorum=quorum,
        majority=majority,
        base=base,
        tie_rule=tie_rule,
        opened_at=now,
        deadline=deadline,
        election=election,
    )
    vote.full_clean()
    vote.save()
    vote.electorate.set(electorate)
    if vote.ballot == Vote.Ballot.SECRET:
        # Every tally exists before the first ballot: none is made by, or dated to, a cast.
        choices = candidates if election else list(Choice)
        SecretTally.objects.bulk_create(SecretTally(vote=vote, choice=c) for c in choices)
    if proposal.status == Proposal.Status.DRAFT:
        _set_status(proposal, Proposal.Status.TABLED, by=by, action=TABLED)
    audit.record(by=by, action=VOTE_OPENED, obj=vote, created=True)
    if mode != Vote.Mode.MEETING:
        _mail_members(vote, electorate, "decisions/mail/circulated.txt")
    return vote


def _check_not_election(vote):
    if vote.election:
        raise ValidationError(_("This is an election: it is held on the call for nominations."))


def check_ballot(*, vote, member, by, now):
    """May `member`'s ballot on `vote` be cast now? (A vote or an election alike; who may cast
    it is the rule "decisions.cast_ballot", checked by the services that call this.)"""
    if vote.closed_at is not None or (vote.deadline and now > vote.deadline):
        raise ValidationError(_("This vote is closed."))
    if not vote.electorate.filter(pk=member.pk).exists():
        raise ValidationError(
            _("%(member)s is not entitled to vote on this proposal.") % {"member": member.display}
        )


def record_cast(*, vote, member, by, now, choice="", secret=(), action=VOTE_CAST) -> VoteCast:
    """That `member` voted (audited) and, unlinked to it, its `secret` ballot's choices added
    to the vote's tallies (never audited). A second cast for the same Member, even at the same
    moment, is refused."""
    try:
        with transaction.atomic():
            cast = VoteCast.objects.create(vote=vote, member=member, choice=choice, cast_at=now)
            if vote.ballot == Vote.Ballot.SECRET:
                _add_to_tallies(vote, secret)
            audit.record(by=by, action=action, obj=cast, created=True)
    except IntegrityError:
        raise ValidationError(
            _("%(member)s has already voted.") % {"member": member.display}
        ) from None
    return cast


def _add_to_tallies(vote, chosen):
    """Add one to the tally of each choice in `chosen`, writing every tally of the vote.

    Whatever the choice, a cast locks and rewrites all the vote's tallies in the same order,
    by the same statement: each of them then carries the last cast's transaction id, and
    their order and places on disk come out the same for every choice (decision 0016).
    """
    tallies = list(vote.secret_tallies.select_for_update().order_by("pk"))
    if not set(chosen) <= {t.choice for t in tallies}:
        # The callers check the choices; a ballot must never vanish unseen. (The message
        # names no choice: it may end in a log, with a time.)
        raise ValueError("a secret ballot names a choice the vote has no tally for")
    for t in tallies:
        t.ballots += int(t.choice in chosen)
    SecretTally.objects.bulk_update(tallies, ["ballots"])


def secret_choices(vote) -> list[str]:
    """Every choice the vote's secret ballots made, one item per ballot naming it."""
    return [t.choice for t in vote.secret_tallies.all() for _ in range(t.ballots)]


@service("decisions.cast_ballot", on="member")
def vote_cast(*, vote, member, choice, by, now=None) -> VoteCast:
    """One ballot per Member: a second one, even sent at the same moment, is refused."""
    now = now or timezone.now()
    _check_not_election(vote)
    check_ballot(vote=vote, member=member, by=by, now=now)
    allowed = [Choice.NO] if vote.mode == Vote.Mode.SILENCE else list(Choice)
    if choice not in allowed:
        raise ValidationError(_("Choose yes, no or abstain."))
    secret = vote.ballot == Vote.Ballot.SECRET
    return record_cast(
        vote=vote,
        member=member,
        by=by,
        now=now,
        choice="" if secret else choice,
        secret=[choice] if secret else (),
        action=gettext_noop("objection made") if vote.mode == Vote.Mode.SILENCE else VOTE_CAST,
    )


def _choices(vote):
    """Every choice made, as a list: secret ballots are only ever read as counts."""
    if vote.ballot == Vote.Ballot.SECRET:
        return secret_choices(vote)
    rows = vote.casts.values("choice").annotate(n=Count("pk")).order_by()
    return [row["choice"] for row in rows for _ in range(row["n"])]


@service("decisions.manage", on="vote.proposal")
@transaction.atomic
def vote_close(*, vote, by, casting_vote="", now=None) -> Decision:
    """Count, publish the result, record it as a decision (in writing: of the deadline's date)."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    _check_not_election(vote)
    now = now or timezone.now()
    check_closable(vote, now)
    electorate = vote.electorate.count()
    if vote.mode == Vote.Mode.SILENCE:
        objections = vote.casts.count()
        outcome = counting.silence(objections)
        tally = counting.Tally(0, objections, 0, electorate)
    else:
        tally = counting.tally(_choices(vote), electorate=electorate)
        try:
            result = counting.decide(tally, vote.rules, casting_vote=casting_vote or None)
        except counting.CountingError:
            raise ValidationError(
                _("The vote is tied: give the chair's casting vote (yes or no).")
            ) from None
        outcome = result.outcome
        vote.quorum_met = outcome != counting.Outcome.NO_QUORUM
        vote.tie = result.tie
        vote.casting_vote = result.casting_vote or ""
    before = audit.snapshot(vote)
    vote.closed_at = now
    vote.yes, vote.no, vote.abstain, vote.electorate_size = (
        tally.yes,
        tally.no,
        tally.abstain,
        electorate,
    )
    vote.save()
    audit.record(by=by, action=VOTE_CLOSED, obj=vote, before=before)
    adopted = outcome == counting.Outcome.ADOPTED
    return vote_decision(
        vote=vote,
        by=by,
        outcome=Decision.Outcome.ADOPTED if adopted else Decision.Outcome.REJECTED,
        now=now,
    )


def check_closable(vote, now):
    """A vote closes once: at the meeting when the chair says, in writing after its deadline."""
    if vote.closed_at is not None:
        raise ValidationError(_("This vote is already closed."))
    if vote.mode != Vote.Mode.MEETING and now < vote.deadline:
        raise ValidationError(_("The deadline has not passed."))


VOTE_METHODS = {
    Vote.Mode.MEETING: Decision.Method.VOTE,
    Vote.Mode.WRITTEN: Decision.Method.WRITTEN_VOTE,
    Vote.Mode.SILENCE: Decision.Method.SILENCE,
}


def vote_decision(*, vote, by, outcome, now) -> Decision:
    """Record a closed vote's outcome: of the meeting's day, or in writing of the deadline's."""
    proposal = vote.proposal
    if vote.mode == Vote.Mode.MEETING:
        decided_on = _meeting_day(proposal.meeting)
    else:
        decided_on = _day_in(proposal.region.time_zone, min(now, vote.deadline))
    return _decision_create(
        proposal=proposal,
        by=by,
        method=VOTE_METHODS[vote.mode],
        outcome=outcome,
        decided_on=decided_on,
    )


# --- written procedure (the tick) ------------------------------------------------------------

REMIND_BEFORE = datetime.timedelta(days=2)


def written_reminders_due(*, now) -> int:
    """Mail, once, the Members that have not answered a written procedure closing soon."""
    sent = 0
    due = Vote.objects.filter(
        closed_at=None,
        reminded_at=None,
        deadline__gt=now,
        deadline__lte=now + REMIND_BEFORE,
    ).exclude(mode=Vote.Mode.MEETING)
    for vote in due.select_related("proposal__region"):
        with transaction.atomic():
            # Claim the reminder first: two ticks at once cannot both send it.
            if not Vote.objects.filter(pk=vote.pk, reminded_at=None).update(reminded_at=now):
                continue
            answered = vote.casts.values("member")
            waiting = list(vote.electorate.exclude(pk__in=answered))
            _mail_members(vote, waiting, "decisions/mail/reminder.txt")
            audit.record(
                by=SYSTEM,
                action=REMINDED,
                obj=vote,
                note=", ".join(m.short_name_en for m in waiting),
            )
            sent += 1
    return sent


def written_votes_due(*, now):
    """Votes in writing (elections included) whose deadline has passed and that are still open."""
    return Vote.objects.filter(closed_at=None, deadline__lte=now).exclude(mode=Vote.Mode.MEETING)


def close_each(votes, close) -> int:
    """`close(vote)` for each of `votes`; one closed meanwhile by another tick, or tied under
    the chair's rule, is left for a person to see to."""
    closed = 0
    for vote in votes:
        try:
            close(vote)
        except ValidationError:
            continue
        closed += 1
    return closed


def written_procedures_due(*, now) -> int:
    """Close each written procedure whose deadline has passed, as a decision of that date."""
    return close_each(
        written_votes_due(now=now).filter(election=False),
        lambda vote: vote_close(vote=vote, by=SYSTEM, now=now),
    )


# --- follow-up actions -------------------------------------------------------------------------

ACTION_REMIND_BEFORE = datetime.timedelta(days=7)


def _check_owner(decision, member, entity):
    if member is not None and member.region_id != decision.region_id:
        raise ValidationError(_("Only the region's Members can own an action here."))
    if entity is not None and entity.region_id != decision.region_id:
        raise ValidationError(_("Only the region's entities can own an action here."))
    if member is not None and entity is not None:
        raise ValidationError(_("Choose a Member or an entity, not both."))


@service("decisions.manage", on="decision")
def action_add(*, decision, by, text_en, due_on, text_fr="", member=None, entity=None) -> Action:
    """The secretariat gives a decision a follow-up action; no Member nor entity: its own."""
    _check_owner(decision, member, entity)
    action = Action(
        decision=decision,
        text_en=text_en.strip(),
        text_fr=text_fr.strip(),
        member=member,
        entity=entity,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    audit.record(by=by, action=ACTION_ADDED, obj=action, created=True)
    return action


ACTION_FIELDS = ["text_en", "text_fr", "member", "entity", "due_on"]


@service("decisions.manage", on="action.decision")
@transaction.atomic
def action_update(*, action, by, expected_version, **changes) -> Action:
    """The secretariat edits an action unless someone saved it since it was loaded."""
    _check_owner(action.decision, changes.get("member"), changes.get("entity"))
    before = audit.snapshot(action)
    for name in ACTION_FIELDS:
        value = changes.get(name)
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    action.full_clean()
    save_versioned(action, expected_version=expected_version, fields=ACTION_FIELDS)
    if action.due_on != before["due_on"]:  # a new due date earns a new reminder
        Action.objects.filter(pk=action.pk).update(reminded_at=None)
    audit.record(by=by, action=audit.UPDATED, obj=action, before=before)
    return action


@service("decisions.manage", on="action.decision")
@transaction.atomic
def action_delete(*, action, by) -> None:
    """The secretariat deletes an action; the audit keeps what it was."""
    audit.record(by=by, action=ACTION_DELETED, obj=action, before={}, note=action.text_en)
    action.delete()


def _officers(entity):
    return Role.objects.active_on().filter(entity=entity, kind=Role.Kind.ENTITY_OFFICER)


@service("decisions.report_on_action", on="action")
@transaction.atomic
def action_report(*, action, by, status, note="") -> Action:
    """The owner reports progress: in progress or done, with a note of what was done."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == Action.Status.DONE:
        raise ValidationError(_("This action is already done."))
    if status not in (Action.Status.IN_PROGRESS, Action.Status.DONE):
        raise ValidationError(_("Report the action in progress or done."))
    before = audit.snapshot(action)
    action.status, action.note = status, note.strip() or action.note
    action.version += 1
    action.save(update_fields=["status", "note", "version"])
    audit.record(by=by, action=ACTION_REPORTED, obj=action, before=before)
    return action


def _owners(action):
    """Who answers for `action`: a Member's contact points, an entity's officers, or the
    regional secretariat."""
    if action.member_id:
        return list(contact_points(action.member))
    roles = (
        _officers(action.entity_id)
        if action.entity_id
        else Role.objects.active_on().filter(
            region=action.decision.region_id, kind=Role.Kind.SECRETARIAT
        )
    )
    people = Person.objects.filter(pk__in=roles.values("person"), is_active=True).exclude(email="")
    return list(people.select_related("user"))


def action_reminders_due(*, now) -> int:
    """Mail, once, the owners (Member, entity or secretariat) of actions due within a week."""
    from django.urls import reverse

    today = timezone.localdate(now)
    due = Action.objects.filter(
        status__in=Action.PENDING,
        reminded_at=None,
        due_on__gte=today,
        due_on__lte=today + ACTION_REMIND_BEFORE,
    ).select_related("decision__region", "member", "entity")
    sent = 0
    for action in due:
        with transaction.atomic():
            # Claim the reminder first: two ticks at once cannot both send it.
            if not Action.objects.filter(pk=action.pk, reminded_at=None).update(reminded_at=now):
                continue
            region = action.decision.region
            link = settings.SITE_URL + reverse(
                "decisions:decision-detail", args=[region.slug, action.decision_id]
            )
            for person in _owners(action):
                mail_queue(
                    to=person.email,
                    template="decisions/mail/action_reminder.txt",
                    language=person.user.language if person.user else "en",
                    context={"person": person, "action": action, "link": link, "region": region},
                    region_id=region.pk,
                )
            audit.record(by=SYSTEM, action=REMINDED, obj=action)
            sent += 1
    return sent

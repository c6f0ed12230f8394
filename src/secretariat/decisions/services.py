"""Every write to proposals, votes and decisions: `grep proposal_ vote_ decision_` finds them."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.mail import mail_queue
from secretariat.meetings.models import Delegation, Series
from secretariat.regions.models import Person, Role
from secretariat.regions.selectors import members_on, viewer_for

from . import counting
from .models import Action, Choice, Decision, Proposal, SecretBallot, Vote, VoteCast

TABLED = gettext_noop("proposal tabled")
WITHDRAWN = gettext_noop("proposal withdrawn")
VOTE_OPENED = gettext_noop("vote opened")
VOTE_CAST = gettext_noop("vote cast")
VOTE_CLOSED = gettext_noop("vote closed")
DECIDED = gettext_noop("decision recorded")
REMINDED = gettext_noop("reminder sent")
ACTION_ADDED = gettext_noop("follow-up action added")
ACTION_DONE = gettext_noop("follow-up action done")


def _is_secretariat(by, region):
    return by is None or by.has_perm("regions.manage_region", region)


def _check_secretariat(by, region):
    if not _is_secretariat(by, region):
        raise PermissionDenied(_("Only the regional secretariat can do this."))


# --- proposals -----------------------------------------------------------------------------


def _check_tablers(*, region, by, members, entity, secretariat):
    if not (members or entity or secretariat):
        raise ValidationError(
            _("Say who tables the proposal: Members, an entity or the secretariat.")
        )
    if any(m.region_id != region.pk for m in members):
        raise ValidationError(_("Only the region's Members can table a proposal here."))
    if _is_secretariat(by, region):
        return
    own = viewer_for(by).member_editor_ids
    if entity or secretariat or not members or any(m.pk not in own for m in members):
        raise PermissionDenied(_("A contact point tables proposals only for its own Member."))


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
) -> Proposal:
    """A draft proposal of Members, an entity or the secretariat, on an item of a meeting."""
    members = list(members)
    _check_tablers(region=region, by=by, members=members, entity=entity, secretariat=secretariat)
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
    audit.record(by=by, action=audit.CREATED, obj=proposal)
    return proposal


def _may_act_for(proposal, by) -> bool:
    if _is_secretariat(by, proposal.region):
        return True
    own = viewer_for(by).member_editor_ids
    return any(m.pk in own for m in proposal.tabled_by_members.all())


def _set_status(proposal, status, *, by, action):
    before = audit.snapshot(proposal)
    proposal.status = status
    proposal.version += 1
    proposal.save(update_fields=["status", "version"])
    audit.record(by=by, action=action, obj=proposal, before=before)
    return proposal


@transaction.atomic
def proposal_table(*, proposal, by) -> Proposal:
    if not _may_act_for(proposal, by):
        raise PermissionDenied(
            _("Only those who drafted the proposal, or the secretariat, can table it.")
        )
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Only a draft can be tabled."))
    return _set_status(proposal, Proposal.Status.TABLED, by=by, action=TABLED)


@transaction.atomic
def proposal_withdraw(*, proposal, by) -> Proposal:
    if not _may_act_for(proposal, by):
        raise PermissionDenied(
            _("Only those who tabled the proposal, or the secretariat, can withdraw it.")
        )
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
    _set_status(proposal, Proposal.Status.DECIDED, by=by, action=DECIDED)
    audit.record(by=by, action=DECIDED, obj=decision, created=True)
    return decision


def decision_record(*, proposal, by, method, outcome) -> Decision:
    """A decision at the proposal's meeting, of the day it sat (an election counted elsewhere)."""
    return _decision_create(
        proposal=proposal,
        by=by,
        method=method,
        outcome=outcome,
        decided_on=_meeting_day(proposal.meeting),
    )


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


@transaction.atomic
def proposal_decide(*, proposal, by, outcome, unanimous=False, decided_on=None) -> Decision:
    """The chair records the meeting's decision without a vote: by consensus or unanimously."""
    _check_secretariat(by, proposal.region)
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


def present_members(session):
    """Members whose approved delegation was not marked absent: they vote at the meeting."""
    delegations = (
        Delegation.objects.filter(
            invitation__session=session,
            invitation__member__isnull=False,
            status=Delegation.Status.APPROVED,
        )
        .annotate(absent=Count("delegates", filter=_absent_q()))
        .annotate(total=Count("delegates"))
        .select_related("invitation__member")
    )
    return [d.invitation.member for d in delegations if d.total == 0 or d.absent < d.total]


def _absent_q():
    from django.db.models import Q

    # A delegate counts as present unless marked absent (attendance may not be marked yet).
    return Q(delegates__attended=False)


def _contact_points(member):
    people = Person.objects.filter(
        pk__in=Role.objects.active_on()
        .filter(member=member, kind=Role.Kind.CONTACT_POINT)
        .values("person"),
        is_active=True,
    ).exclude(email="")
    return list(people.select_related("user"))


def _mail_members(vote, members, template):
    from django.urls import reverse

    proposal = vote.proposal
    link = settings.SITE_URL + reverse(
        "decisions:proposal-detail", args=[proposal.region.slug, proposal.pk]
    )
    for member in members:
        for person in _contact_points(member):
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
                scope=proposal.region.slug,
            )


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
    now=None,
) -> Vote:
    """Put a proposal to the vote: at its meeting (present delegations) or in writing (all Members).

    A written vote or silence procedure circulates the proposal to every Member's contact
    points by mail, with the deadline.
    """
    _check_secretariat(by, proposal.region)
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
    if proposal.status == Proposal.Status.DRAFT:
        _set_status(proposal, Proposal.Status.TABLED, by=by, action=TABLED)
    audit.record(by=by, action=VOTE_OPENED, obj=vote, created=True)
    if mode != Vote.Mode.MEETING:
        _mail_members(vote, electorate, "decisions/mail/circulated.txt")
    return vote


def _check_not_election(vote):
    if vote.election:
        raise ValidationError(_("This is an election: it is held on the call for nominations."))


def may_vote_for(user, vote) -> list:
    """The Members of the electorate `user` votes for (their own), that have not voted yet."""
    own = viewer_for(user).member_editor_ids
    voted = set(vote.casts.values_list("member_id", flat=True))
    return [m for m in vote.electorate.all() if m.pk in own and m.pk not in voted]


def vote_cast(*, vote, member, choice, by, now=None) -> VoteCast:
    """One ballot per Member: a second one, even sent at the same moment, is refused."""
    now = now or timezone.now()
    _check_not_election(vote)
    if member.pk not in viewer_for(by).member_editor_ids:
        raise PermissionDenied(
            _("Only the Member's contact point or Head of Customs votes for it.")
        )
    if vote.closed_at is not None or (vote.deadline and now > vote.deadline):
        raise ValidationError(_("This vote is closed."))
    if not vote.electorate.filter(pk=member.pk).exists():
        raise ValidationError(
            _("%(member)s is not entitled to vote on this proposal.") % {"member": member.display}
        )
    allowed = [Choice.NO] if vote.mode == Vote.Mode.SILENCE else list(Choice)
    if choice not in allowed:
        raise ValidationError(_("Choose yes, no or abstain."))
    secret = vote.ballot == Vote.Ballot.SECRET
    try:
        with transaction.atomic():
            cast = VoteCast.objects.create(
                vote=vote, member=member, choice="" if secret else choice, cast_at=now
            )
            if secret:
                SecretBallot.objects.create(vote=vote, choice=choice)
            action = gettext_noop("objection made") if vote.mode == Vote.Mode.SILENCE else VOTE_CAST
            audit.record(by=by, action=action, obj=cast, created=True)
    except IntegrityError:
        raise ValidationError(
            _("%(member)s has already voted.") % {"member": member.display}
        ) from None
    return cast


def _choices(vote):
    """Every choice made, as a list: secret ballots are only ever read as counts."""
    if vote.ballot == Vote.Ballot.SECRET:
        rows = vote.secret_ballots.values("choice").annotate(n=Count("pk")).order_by()
    else:
        rows = vote.casts.values("choice").annotate(n=Count("pk")).order_by()
    return [row["choice"] for row in rows for _ in range(row["n"])]


@transaction.atomic
def vote_close(*, vote, by, casting_vote="", now=None) -> Decision:
    """Count, publish the result, record it as a decision (in writing: of the deadline's date)."""
    _check_secretariat(by, vote.proposal.region)
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    proposal = vote.proposal  # its `vote` is now the locked row, which the decision shows
    if vote.closed_at is not None:
        raise ValidationError(_("This vote is already closed."))
    _check_not_election(vote)
    now = now or timezone.now()
    if vote.mode != Vote.Mode.MEETING and now < vote.deadline:
        raise ValidationError(_("The deadline has not passed."))
    electorate = vote.electorate.count()
    if vote.mode == Vote.Mode.SILENCE:
        objections = vote.casts.count()
        outcome = counting.silence(objections)
        tally = counting.Tally(0, objections, 0, electorate)
        method = Decision.Method.SILENCE
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
        method = (
            Decision.Method.VOTE if vote.mode == Vote.Mode.MEETING else Decision.Method.WRITTEN_VOTE
        )
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
    if vote.mode == Vote.Mode.MEETING:
        decided_on = _meeting_day(proposal.meeting)
    else:
        decided_on = _day_in(proposal.region.time_zone, min(now, vote.deadline))
    adopted = outcome == counting.Outcome.ADOPTED
    return _decision_create(
        proposal=proposal,
        by=by,
        method=method,
        outcome=Decision.Outcome.ADOPTED if adopted else Decision.Outcome.REJECTED,
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
                by=None, action=REMINDED, obj=vote, note=", ".join(m.short_name_en for m in waiting)
            )
            sent += 1
    return sent


def written_procedures_due(*, now) -> int:
    """Close each written procedure whose deadline has passed, as a decision of that date."""
    closed = 0
    due = Vote.objects.filter(closed_at=None, deadline__lte=now).exclude(mode=Vote.Mode.MEETING)
    for vote in due:
        try:
            vote_close(vote=vote, by=None, now=now)
        except ValidationError:
            continue  # closed meanwhile by another tick, or tied under the chair's rule
        closed += 1
    return closed


# --- follow-up actions -------------------------------------------------------------------------

ACTION_REMIND_BEFORE = datetime.timedelta(days=7)


def action_add(*, decision, by, text_en, due_on, text_fr="", member=None, entity=None) -> Action:
    """The secretariat gives a decision a follow-up action; no Member nor entity: its own."""
    _check_secretariat(by, decision.region)
    if member is not None and member.region_id != decision.region_id:
        raise ValidationError(_("Only the region's Members can own an action here."))
    if entity is not None and entity.region_id != decision.region_id:
        raise ValidationError(_("Only the region's entities can own an action here."))
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


def may_report_on(user, action) -> bool:
    """The secretariat, or for a Member's action that Member's contact point or Head of Customs."""
    if _is_secretariat(user, action.decision.region):
        return True
    return action.member_id is not None and action.member_id in viewer_for(user).member_editor_ids


@transaction.atomic
def action_done(*, action, by, note="") -> Action:
    if not may_report_on(by, action):
        raise PermissionDenied(_("Only the action's owner or the secretariat reports on it."))
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == Action.Status.DONE:
        raise ValidationError(_("This action is already done."))
    before = audit.snapshot(action)
    action.status, action.note = Action.Status.DONE, note.strip()
    action.save(update_fields=["status", "note"])
    audit.record(by=by, action=ACTION_DONE, obj=action, before=before)
    return action


def action_reminders_due(*, now) -> int:
    """Mail, once, the contact points of Members whose open action falls due within a week."""
    from django.urls import reverse

    today = timezone.localdate(now)
    due = Action.objects.filter(
        status=Action.Status.OPEN,
        reminded_at=None,
        member__isnull=False,
        due_on__gte=today,
        due_on__lte=today + ACTION_REMIND_BEFORE,
    ).select_related("decision__region", "member")
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
            for person in _contact_points(action.member):
                mail_queue(
                    to=person.email,
                    template="decisions/mail/action_reminder.txt",
                    language=person.user.language if person.user else "en",
                    context={"person": person, "action": action, "link": link, "region": region},
                    scope=region.slug,
                )
            audit.record(by=None, action=REMINDED, obj=action)
            sent += 1
    return sent

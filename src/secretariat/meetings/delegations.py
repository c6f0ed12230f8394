"""Invitations, delegations and attendance: every write (services) and the reads worth a name.

Kept beside services.py rather than in it, so `grep delegation_` and `session_invite` still
find every write while the agenda and document work changes services.py.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.mail import mail_queue
from secretariat.core.permissions import service
from secretariat.core.regions import is_shared
from secretariat.core.visibility import Viewer, Visibility
from secretariat.regions import services as regions_services
from secretariat.regions.models import Person, Role
from secretariat.regions.selectors import contact_points

from . import participation
from .models import (
    Delegate,
    Delegation,
    MeetingInvitation,
    PresidingOfficer,
    RegistrationAnswer,
    RegistrationQuestion,
    Session,
)

INVITED = gettext_noop("invited to the session")
REGISTERED = gettext_noop("delegation registered")
APPROVED = gettext_noop("delegation approved")
RETURNED = gettext_noop("delegation returned for changes")
ATTENDANCE = gettext_noop("attendance marked")
PRESIDING = gettext_noop("presiding officers named")
DEADLINE = gettext_noop("registration deadline changed")
QUESTION_ADDED = gettext_noop("registration question added")
QUESTION_REMOVED = gettext_noop("registration question removed")


# --- writes -------------------------------------------------------------------------------


def _recipients(invitation):
    """The people who register the invitee's delegation: a Member's contact points, an
    entity's officers, an organisation's observers, an invited individual themself."""
    region = invitation.session.region
    if invitation.member_id:
        return list(contact_points(invitation.member).filter(region=region))
    if invitation.person_id:
        people = Person.objects.filter(pk=invitation.person_id, is_active=True)
    else:
        roles = Role.objects.active_on().filter(
            participation.registrar_role_q(invitation.entity_id, invitation.organisation_id)
        )
        people = Person.objects.filter(pk__in=roles.values("person"), is_active=True)
    return list(people.filter(region=region).exclude(email="").select_related("user"))


def _mail_registrars(invitation, delegation, template):
    """Mail `template` to those who register the invitee's delegation, with its link."""
    session = invitation.session
    for person in _recipients(invitation):
        mail_queue(
            to=person.email,
            template=template,
            language=person.user.language if person.user else "en",
            context={
                "person": person,
                "session": session,
                "invitation": invitation,
                "region": session.region,
                "link": _register_link(delegation),
            },
            region_id=session.region_id,
        )


def _check_new_deadline(session, deadline):
    if deadline is None:
        raise ValidationError({"deadline": _("Give the registration deadline.")})
    now = timezone.now()
    # A session already held may be recorded with its past deadline (history, the demo).
    if deadline < now and (session.starts_at is None or session.starts_at > now):
        raise ValidationError({"deadline": _("This deadline has already passed.")})
    if session.starts_at and deadline > session.starts_at:
        raise ValidationError(
            {"deadline": _("The registration deadline comes after the session starts.")}
        )


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def session_invite(
    *, session, members=(), entities=(), organisations=(), people=(), deadline, by
) -> list:
    """Invite participants of every kind: Members, regional entities, observer organisations
    and individuals; each gets an empty delegation and a mail to those who register it.

    Already invited ones are left as they are (inviting twice sends nothing twice).
    """
    _check_new_deadline(session, deadline)
    wanted = (
        [("member", x) for x in members]
        + [("entity", x) for x in entities]
        + [("organisation", x) for x in organisations]
        + [("person", x) for x in people]
    )
    # A body every region shares (the WCO Secretariat) may be invited by any region.
    if any(not is_shared(x) and x.region_id != session.region_id for _kind, x in wanted):
        raise ValidationError(
            _("Only the region's Members, entities, organisations and people can be invited.")
        )
    already = {
        (kind, pk)
        for row in session.invitations.values_list(*(f"{k}_id" for k in MeetingInvitation.KINDS))
        for kind, pk in zip(MeetingInvitation.KINDS, row, strict=True)
        if pk
    }
    created = []
    for kind, invitee in wanted:
        if (kind, invitee.pk) in already:
            continue
        invitation = MeetingInvitation.objects.create(
            session=session, registration_deadline=deadline, **{kind: invitee}
        )
        delegation = Delegation.objects.create(invitation=invitation)
        audit.record(by=by, action=INVITED, obj=invitation, created=True)
        _mail_registrars(invitation, delegation, "meetings/mail/invitation.txt")
        created.append(invitation)
    return created


def _check_deadline(delegation, by):
    invitation = delegation.invitation
    secretariat = by.has_perm("meetings.manage_meetings", invitation.session)
    if timezone.now() > invitation.registration_deadline and not secretariat:
        raise ValidationError(
            _("Registration closed on %(deadline)s; ask the secretariat.")
            % {"deadline": date_format(invitation.registration_deadline, "DATETIME_FORMAT")}
        )


def _register_link(delegation):
    session = delegation.invitation.session
    return settings.SITE_URL + reverse(
        "meetings:delegation-register", args=[session.region.slug, session.pk, delegation.pk]
    )


def _mail_confirmation(delegation, by):
    """Tell the invitee's contact points (and whoever registered) what was registered."""
    invitation = delegation.invitation
    session = invitation.session
    people = {p.email: p for p in _recipients(invitation)}
    registrant = getattr(by, "person", None)
    if registrant is not None and registrant.email:
        people.setdefault(registrant.email, registrant)
    delegates = list(delegation.delegates.select_related("person"))
    for person in people.values():
        mail_queue(
            to=person.email,
            template="meetings/mail/registration.txt",
            language=person.user.language if person.user else "en",
            context={
                "person": person,
                "session": session,
                "invitation": invitation,
                "delegates": delegates,
                "registrant": str(registrant or by),
                "link": _register_link(delegation),
            },
            region_id=session.region_id,
        )


def _lock(delegation):
    """Wait for any other change to `delegation`, then see its state as that change left it."""
    Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
    delegation.refresh_from_db(fields=["status", "submitted_at", "approved_at"])


def _add_person(invitation, new_person, by):
    """A person of the invitee, added from the registration form (issue 19): the registrar
    need not go to the Member's page first."""
    kind = invitation.kind
    if kind == MeetingInvitation.Kind.PERSON:
        raise ValidationError(_("An invited individual registers themself only."))
    return regions_services.person_create.trusted(
        region=invitation.session.region,
        by=by,
        name=new_person["name"],
        position_en=new_person.get("position_en", ""),
        email=new_person.get("email", ""),
        **{kind: getattr(invitation, kind)},
    )


@service("meetings.register_delegation", on="delegation")
@transaction.atomic
def delegation_register(
    *, delegation, delegates, by, modes=None, answers=None, new_person=None
) -> Delegation:
    """Register (or change) a delegation: `delegates` is a list of (person, role, hide_email).

    Whoever registers for the invitee does it (a Member's contact point or Head of Customs,
    an entity's officer, an organisation's observer, an invited individual), before the
    deadline; the secretariat may register on anyone's behalf, late too. The delegation then
    awaits approval. `modes` maps people (ids) to how they attend (in person, online);
    `answers` maps people to {question id: answer} for the session's questions;
    `new_person` (name, position_en, email, role, mode, answers) adds one of the invitee's
    people and registers them too.
    """
    _lock(delegation)
    _check_deadline(delegation, by)
    invitation = delegation.invitation
    modes = dict(modes or {})
    answers = dict(answers or {})
    delegates = list(delegates)
    if new_person:
        if new_person.get("role") not in Delegate.Role.values:
            raise ValidationError(
                _("Choose a role in the delegation for %(p)s.") % {"p": new_person["name"]}
            )
        person = _add_person(invitation, new_person, by)
        delegates.append((person, new_person["role"], False))
        modes[person.pk] = new_person.get("mode", "")
        answers[person.pk] = new_person.get("answers", {})
    if not delegates:
        raise ValidationError(_("Name at least one person in the delegation."))
    people = [p for p, _role, _hide in delegates]
    if len({p.pk for p in people}) != len(people):
        raise ValidationError(_("A person appears twice in the delegation."))
    heads = [p for p, role, _hide in delegates if role == Delegate.Role.HEAD]
    if len(heads) > 1:
        raise ValidationError(_("A delegation has one head of delegation."))
    if set(modes.values()) - {"", *Delegate.Mode.values}:
        raise ValidationError(_("Say whether each person attends in person or online."))
    questions = {q.pk: q for q in invitation.session.questions.all()}
    for person_answers in answers.values():
        if set(person_answers) - set(questions):
            raise ValidationError(_("This question is not asked for this session."))
    for person, role, _hide in delegates:
        if role not in Delegate.Role.values:
            raise ValidationError(_("Choose a role in the delegation for %(p)s.") % {"p": person})
        if not participation.may_sit_for(person, invitation):
            raise ValidationError(
                _("%(p)s is not one of %(who)s's people.")
                % {"p": person, "who": invitation.invitee.display}
            )
    before = audit.snapshot(delegation)
    delegation.delegates.all().delete()
    order = sorted(delegates, key=lambda d: Delegate.ROLE_ORDER[d[1]])
    seats = Delegate.objects.bulk_create(
        Delegate(
            delegation=delegation,
            person=p,
            role=role,
            hide_email=bool(hide),
            position=i,
            mode=modes.get(p.pk, ""),
        )
        for i, (p, role, hide) in enumerate(order)
    )
    RegistrationAnswer.objects.bulk_create(
        RegistrationAnswer(delegate=seat, question=questions[qid], answer=str(text).strip())
        for seat in seats
        for qid, text in answers.get(seat.person_id, {}).items()
        if str(text).strip()
    )
    delegation.status = Delegation.Status.SUBMITTED
    delegation.submitted_at = timezone.now()
    delegation.approved_at = None
    delegation.save()
    _mail_confirmation(delegation, by)
    audit.record(
        by=by,
        action=REGISTERED,
        obj=delegation,
        before=before,
        note="; ".join(f"{p} ({Delegate.Role(r).label})" for p, r, _h in order),
    )
    return delegation


@service("meetings.manage_meetings", on="delegation.invitation.session")
@transaction.atomic
def delegation_approve(*, delegation, by) -> Delegation:
    _lock(delegation)
    if delegation.status != Delegation.Status.SUBMITTED:
        raise ValidationError(_("Only a registered delegation can be approved."))
    before = audit.snapshot(delegation)
    delegation.status = Delegation.Status.APPROVED
    delegation.approved_at = timezone.now()
    delegation.save()
    audit.record(by=by, action=APPROVED, obj=delegation, before=before)
    return delegation


@service("meetings.manage_meetings", on="delegation.invitation.session")
@transaction.atomic
def delegation_return(*, delegation, by, note="") -> Delegation:
    """Send a registered delegation back to its Member for changes."""
    _lock(delegation)
    if delegation.status not in participation.REGISTERED:
        raise ValidationError(_("Only a registered delegation can be returned."))
    before = audit.snapshot(delegation)
    delegation.status = Delegation.Status.RETURNED
    delegation.approved_at = None
    delegation.save()
    audit.record(by=by, action=RETURNED, obj=delegation, before=before, note=note)
    return delegation


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def attendance_mark(*, session, attended: dict, modes: dict | None = None, by) -> int:
    """Mark who attended: `attended` maps delegate ids of `session` to True/False/None, and
    `modes` (if given) maps them to how they attended: in person, online, or "" (not said).

    Every kind of participant is marked: Members' delegates, entities', observers' and
    invited individuals."""
    modes = modes or {}
    if set(modes) - set(attended):
        raise ValidationError(_("Some of these people are not in this session's delegations."))
    if set(modes.values()) - {"", *Delegate.Mode.values}:
        raise ValidationError(_("Say whether each person attended in person or online."))
    delegates = Delegate.objects.filter(
        delegation__invitation__session=session, pk__in=list(attended)
    ).select_related("person", "delegation__invitation__session__region")
    if len(delegates) != len(attended):
        raise ValidationError(_("Some of these people are not in this session's delegations."))
    changed = 0
    for delegate in delegates:
        value = attended[delegate.pk]
        if value:
            mode = modes.get(delegate.pk, delegate.mode)
        else:  # absent: no way of attending; not marked: as registered
            mode = "" if value is False else delegate.mode
        if delegate.attended == value and delegate.mode == mode:
            continue
        before = audit.snapshot(delegate)
        delegate.attended = value
        delegate.mode = mode
        delegate.save(update_fields=["attended", "mode"])
        audit.record(by=by, action=ATTENDANCE, obj=delegate, before=before)
        changed += 1
    return changed


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def presiding_set(*, session, officers, by) -> list:
    """Name who presides over `session`: `officers` is a list of (person, role, capacity_en,
    capacity_fr) in order: one chair, or two or more co-chairs; an empty list names nobody.

    The chair is a person in a capacity (usually the Vice-Chair's Head of Customs), distinct
    from the host Member and from the organising secretariat. The live console lets them run
    the sitting; the summary record and the news say who presided.
    """
    people = [person for person, *_rest in officers]
    if len({p.pk for p in people}) != len(people):
        raise ValidationError(_("A person is named twice."))
    if any(p.region_id != session.region_id for p in people):
        raise ValidationError(_("Only the region's people can preside."))
    roles = [role for _person, role, *_rest in officers]
    if set(roles) - set(PresidingOfficer.Role.values):
        raise ValidationError(_("Say whether each person is chair or co-chair."))
    chairs = roles.count(PresidingOfficer.Role.CHAIR)
    co_chairs = roles.count(PresidingOfficer.Role.CO_CHAIR)
    if chairs > 1 or (chairs and co_chairs) or co_chairs == 1:
        raise ValidationError(_("A session has one chair, or two or more co-chairs."))
    before = [str(o) for o in session.presiding.select_related("person")]
    session.presiding.all().delete()
    PresidingOfficer.objects.bulk_create(
        PresidingOfficer(
            session=session,
            person=person,
            role=role,
            capacity_en=capacity_en.strip(),
            capacity_fr=capacity_fr.strip(),
            position=i,
        )
        for i, (person, role, capacity_en, capacity_fr) in enumerate(officers)
    )
    after = [f"{p}, {PresidingOfficer.Role(r).label}" for p, r, *_rest in officers]
    if before != after:
        audit.record(
            by=by, action=PRESIDING, obj=session, note="; ".join(after) or _("nobody named")
        )
    return list(session.presiding.select_related("person"))


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def delegations_approve(*, session, delegations, by) -> int:
    """Approve several registered delegations of `session` at once (those not awaiting
    approval are left as they are); returns how many were approved."""
    chosen = list(
        Delegation.objects.select_for_update()
        .filter(invitation__session=session, pk__in=[d.pk for d in delegations])
        .select_related("invitation__session__region")
    )
    if len(chosen) != len(delegations):
        raise ValidationError(_("Some of these delegations are not invited to this session."))
    approved = 0
    for delegation in chosen:
        if delegation.status != Delegation.Status.SUBMITTED:
            continue
        before = audit.snapshot(delegation)
        delegation.status = Delegation.Status.APPROVED
        delegation.approved_at = timezone.now()
        delegation.save()
        audit.record(by=by, action=APPROVED, obj=delegation, before=before)
        approved += 1
    return approved


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def registration_deadline_change(*, session, deadline, by) -> int:
    """Move every invitation's deadline to `deadline` (not already past); mail the new one to
    those whose delegation is not registered yet. Returns how many invitees were told."""
    _check_new_deadline(session, deadline)
    invitations = list(
        session.invitations.select_related(
            "delegation", "member", "entity", "organisation", "person", "session__region"
        )
    )
    if not invitations:
        raise ValidationError(_("Nobody is invited yet: the deadline is set when inviting."))
    told = 0
    for invitation in invitations:
        if invitation.registration_deadline == deadline:
            continue
        before = audit.snapshot(invitation)
        invitation.registration_deadline = deadline
        invitation.save(update_fields=["registration_deadline"])
        audit.record(by=by, action=DEADLINE, obj=invitation, before=before)
        if invitation.delegation.status not in (
            Delegation.Status.DRAFT,
            Delegation.Status.RETURNED,
        ):
            continue
        told += 1
        _mail_registrars(invitation, invitation.delegation, "meetings/mail/deadline.txt")
    return told


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def registration_question_add(*, session, kind, text_en, text_fr="", by) -> RegistrationQuestion:
    """Ask every registered person of `session` one more question; the answers are the
    secretariat's alone (never on the participant list, its files or the API)."""
    if not text_en.strip():
        raise ValidationError({"text_en": _("Write the question in English.")})
    if kind not in RegistrationQuestion.Kind.values:
        raise ValidationError({"kind": _("Choose how the question is answered.")})
    last = session.questions.order_by("-position").first()
    question = RegistrationQuestion.objects.create(
        session=session,
        kind=kind,
        text_en=text_en.strip(),
        text_fr=text_fr.strip(),
        position=last.position + 1 if last else 0,
    )
    audit.record(by=by, action=QUESTION_ADDED, obj=question, created=True)
    return question


@service("meetings.manage_meetings", on="question.session")
@transaction.atomic
def registration_question_delete(*, question, by) -> None:
    """Stop asking `question`; the answers already given go with it."""
    audit.record(by=by, action=QUESTION_REMOVED, obj=question, note=question.text_en)
    question.delete()


# --- reads --------------------------------------------------------------------------------


# Members first, then entities, observer organisations and invited individuals, each by name,
# on every database.
def invitee_order(prefix=""):
    return (
        F(f"{prefix}member__short_name_en").asc(nulls_last=True),
        F(f"{prefix}entity__short_name_en").asc(nulls_last=True),
        F(f"{prefix}organisation__name_en").asc(nulls_last=True),
        F(f"{prefix}person__name").asc(nulls_last=True),
    )


@dataclass
class ParticipantList:
    """What one viewer may see of a session's delegations."""

    invitations: list
    show_names: bool
    show_emails: bool
    show_pending: bool

    def rows(self):
        """(invitee, delegation, delegate or None, email shown), for the CSV and the page."""
        for invitation in self.invitations:
            delegation = invitation.delegation
            people = delegation.delegates.all() if self.show_names else []
            if not people:
                yield invitation.invitee, delegation, None, ""
            for delegate in people:
                email = (
                    delegate.person.email if self.show_emails and not delegate.hide_email else ""
                )
                yield invitation.invitee, delegation, delegate, email


def participant_list(session: Session, viewer: Viewer) -> ParticipantList:
    """The session's invitees and delegations as `viewer` may see them.

    Names are for the region's participants, emails too (signed in, and never for a delegate
    who hid theirs); others see the Members and their delegations' status only when a meeting
    of the session is public. Delegations not yet approved show to participants only.
    """
    region_id = session.region_id
    participant = viewer.is_participant(region_id) or viewer.is_secretariat(region_id)
    public = any(m.visibility == Visibility.PUBLIC for m in session.meetings.all())
    invitations = MeetingInvitation.objects.none()
    if participant or public:
        invitations = (
            MeetingInvitation.objects.filter(session=session)
            .select_related("member", "entity", "organisation", "person", "delegation")
            .prefetch_related(
                Prefetch(
                    "delegation__delegates",
                    queryset=Delegate.objects.select_related("person"),
                )
            )
            .order_by(*invitee_order())
        )
        if not viewer.is_secretariat(region_id):
            shown = [Delegation.Status.APPROVED]
            if participant:
                shown.append(Delegation.Status.SUBMITTED)
            invitations = invitations.filter(delegation__status__in=shown)
    return ParticipantList(
        invitations=list(invitations),
        show_names=participant,
        show_emails=participant and viewer.user_id is not None,
        show_pending=participant,
    )


def registration_answers(session: Session, viewer: Viewer):
    """Every registered person's answers to the session's questions, for logistics: the
    secretariat's alone (anyone else gets nothing). Returns (questions, rows), each row
    (invitation, delegate, {question id: answer})."""
    if not viewer.is_secretariat(session.region_id):
        return [], []
    questions = list(session.questions.all())
    delegates = (
        Delegate.objects.filter(delegation__invitation__session=session)
        .exclude(delegation__status=Delegation.Status.DRAFT)
        .select_related(
            "person",
            "delegation__invitation__member",
            "delegation__invitation__entity",
            "delegation__invitation__organisation",
            "delegation__invitation__person",
        )
        .prefetch_related("answers")
        .order_by(*invitee_order("delegation__invitation__"), "position")
    )
    rows = [
        (d.delegation.invitation, d, {a.question_id: a.answer for a in d.answers.all()})
        for d in delegates
    ]
    return questions, rows


def own_invitations(session: Session, user):
    """The invitations to `session` whose delegations `user` registers: their Member's,
    entity's or organisation's, or their own as an invited individual."""
    registrar = participation.registrar_for(user)
    if not registrar:
        return []
    return list(
        session.invitations.filter(registrar.invitations_q())
        .select_related("member", "entity", "organisation", "person", "delegation")
        .order_by(*invitee_order())
    )


def delegations_to_register(user):
    """Open invitations `user` registers for (of every kind), deadline not passed."""
    registrar = participation.registrar_for(user)
    if not registrar:
        return Delegation.objects.none()
    return (
        Delegation.objects.filter(
            registrar.invitations_q("invitation__"),
            invitation__registration_deadline__gte=timezone.now(),
            invitation__session__published_at__isnull=False,
            status__in=(Delegation.Status.DRAFT, Delegation.Status.RETURNED),
        )
        .select_related(
            "invitation__session__region",
            "invitation__member",
            "invitation__entity",
            "invitation__organisation",
            "invitation__person",
        )
        .prefetch_related("invitation__session__meetings__series")
        .order_by("invitation__registration_deadline")
    )

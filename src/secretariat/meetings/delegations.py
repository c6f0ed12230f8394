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
from secretariat.core.visibility import Viewer, Visibility
from secretariat.regions.models import Person, Role
from secretariat.regions.selectors import contact_points

from . import participation
from .models import Delegate, Delegation, MeetingInvitation, Session

INVITED = gettext_noop("invited to the session")
REGISTERED = gettext_noop("delegation registered")
APPROVED = gettext_noop("delegation approved")
RETURNED = gettext_noop("delegation returned for changes")
ATTENDANCE = gettext_noop("attendance marked")


# --- writes -------------------------------------------------------------------------------


def _recipients(invitation):
    """The people who register the invitee's delegation: its contact points (or observers)."""
    region = invitation.session.region
    if invitation.member_id:
        return list(contact_points(invitation.member).filter(region=region))
    roles = Role.objects.active_on().filter(
        organisation=invitation.organisation, kind=Role.Kind.OBSERVER
    )
    people = Person.objects.filter(pk__in=roles.values("person"), is_active=True, region=region)
    return list(people.exclude(email="").select_related("user"))


@service("meetings.manage_meetings", on="session")
@transaction.atomic
def session_invite(*, session, members=(), organisations=(), deadline, by) -> list:
    """Invite Members and observer organisations; each gets an empty delegation and a mail.

    Already invited ones are left as they are (inviting twice sends nothing twice).
    """
    if deadline is None:
        raise ValidationError({"deadline": _("Give the registration deadline.")})
    if session.starts_at and deadline > session.starts_at:
        raise ValidationError(
            {"deadline": _("The registration deadline comes after the session starts.")}
        )
    foreign = [x for x in [*members, *organisations] if x.region_id != session.region_id]
    if foreign:
        raise ValidationError(_("Only the region's Members and organisations can be invited."))
    already = set(session.invitations.values_list("member_id", "organisation_id"))
    created = []
    wanted = [(m, None) for m in members] + [(None, o) for o in organisations]
    for member, organisation in wanted:
        key = (member.pk if member else None, organisation.pk if organisation else None)
        if key in already:
            continue
        invitation = MeetingInvitation.objects.create(
            session=session,
            member=member,
            organisation=organisation,
            registration_deadline=deadline,
        )
        delegation = Delegation.objects.create(invitation=invitation)
        audit.record(by=by, action=INVITED, obj=invitation, created=True)
        for person in _recipients(invitation):
            mail_queue(
                to=person.email,
                template="meetings/mail/invitation.txt",
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


@service("meetings.register_delegation", on="delegation")
@transaction.atomic
def delegation_register(*, delegation, delegates, by) -> Delegation:
    """Register (or change) a delegation: `delegates` is a list of (person, role, hide_email).

    The invited Member's contact point or Head of Customs registers, before the deadline
    (the secretariat may register for anyone, late too). The delegation then awaits approval.
    """
    _lock(delegation)
    _check_deadline(delegation, by)
    invitation = delegation.invitation
    if not delegates:
        raise ValidationError(_("Name at least one person in the delegation."))
    people = [p for p, _role, _hide in delegates]
    if len({p.pk for p in people}) != len(people):
        raise ValidationError(_("A person appears twice in the delegation."))
    heads = [p for p, role, _hide in delegates if role == Delegate.Role.HEAD]
    if len(heads) > 1:
        raise ValidationError(_("A delegation has one head of delegation."))
    for person, role, _hide in delegates:
        if role not in Delegate.Role.values:
            raise ValidationError(_("Choose a role in the delegation for %(p)s.") % {"p": person})
        if (invitation.member_id and person.member_id != invitation.member_id) or (
            invitation.organisation_id and person.organisation_id != invitation.organisation_id
        ):
            raise ValidationError(
                _("%(p)s is not one of %(who)s's people.")
                % {"p": person, "who": invitation.invitee.display}
            )
    before = audit.snapshot(delegation)
    delegation.delegates.all().delete()
    order = sorted(delegates, key=lambda d: Delegate.ROLE_ORDER[d[1]])
    Delegate.objects.bulk_create(
        Delegate(delegation=delegation, person=p, role=role, hide_email=bool(hide), position=i)
        for i, (p, role, hide) in enumerate(order)
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
def attendance_mark(*, session, attended: dict, by) -> int:
    """Mark who attended: `attended` maps delegate ids of `session` to True/False/None."""
    delegates = Delegate.objects.filter(
        delegation__invitation__session=session, pk__in=list(attended)
    ).select_related("person", "delegation__invitation__session__region")
    if len(delegates) != len(attended):
        raise ValidationError(_("Some of these people are not in this session's delegations."))
    changed = 0
    for delegate in delegates:
        value = attended[delegate.pk]
        if delegate.attended == value:
            continue
        before = audit.snapshot(delegate)
        delegate.attended = value
        delegate.save(update_fields=["attended"])
        audit.record(by=by, action=ATTENDANCE, obj=delegate, before=before)
        changed += 1
    return changed


# --- reads --------------------------------------------------------------------------------


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
            .select_related("member", "organisation", "delegation")
            .prefetch_related(
                Prefetch(
                    "delegation__delegates",
                    queryset=Delegate.objects.select_related("person"),
                )
            )
            .order_by(  # Members first, then observer organisations, on every database
                F("organisation__name_en").asc(nulls_first=True), "member__short_name_en"
            )
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


def own_invitations(session: Session, viewer: Viewer):
    """The invitations to `session` of the Members whose delegations `viewer` registers."""
    if not viewer.member_editor_ids:
        return []
    return list(
        session.invitations.filter(member__in=viewer.member_editor_ids).select_related(
            "member", "delegation"
        )
    )


def delegations_to_register(viewer: Viewer):
    """Open invitations of the Members `viewer` registers for, deadline not passed."""
    return (
        Delegation.objects.filter(
            invitation__member__in=viewer.member_editor_ids,
            invitation__registration_deadline__gte=timezone.now(),
            invitation__session__published_at__isnull=False,
            status__in=(Delegation.Status.DRAFT, Delegation.Status.RETURNED),
        )
        .select_related("invitation__session__region", "invitation__member")
        .prefetch_related("invitation__session__meetings__series")
        .order_by("invitation__registration_deadline")
    )

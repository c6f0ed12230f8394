"""Pages for invitations, delegations, the participant list and attendance."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.files import download
from secretariat.core.views import form_save
from secretariat.regions.models import Organisation
from secretariat.regions.selectors import members_on, viewer_for
from secretariat.regions.web import require, with_region

from . import delegations, selectors
from .delegation_forms import AttendanceForm, InviteForm, RegisterForm
from .models import Delegate, Delegation, Session


def _session(region, pk, user) -> Session:
    """A session of `region` the user may see, with its visible meetings; 404 otherwise."""
    try:
        return selectors.sessions_for(region, viewer_for(user)).get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


def _participants_url(session):
    return redirect("meetings:participant-list", region=session.region.slug, pk=session.pk)


@login_required
@with_region
def session_invite(request, region, pk):
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    day = timezone.localdate(session.starts_at) if session.starts_at else None
    form = InviteForm(
        request.POST or None,
        members=members_on(region, day),
        organisations=Organisation.objects.filter(region=region),
        initial={"members": members_on(region, day), "organisations": []},
    )
    if request.method == "POST":
        created = form_save(
            form,
            lambda form: delegations.session_invite(
                session=session,
                members=form.cleaned_data["members"],
                organisations=form.cleaned_data["organisations"],
                deadline=form.cleaned_data["deadline"],
                by=request.user,
            ),
        )
        if created is not None:
            messages.success(request, _("%(n)d invitations sent.") % {"n": len(created)})
            return _participants_url(session)
    invited = session.invitations.select_related("member", "organisation")
    return render(
        request,
        "meetings/session_invite.html",
        {"session": session, "form": form, "invited": invited},
    )


@login_required
@with_region
def delegation_register(request, region, pk, delegation):
    session = _session(region, pk, request.user)
    delegation = get_object_or_404(
        Delegation.objects.select_related(
            "invitation__member", "invitation__organisation", "invitation__session__region"
        ),
        pk=delegation,
        invitation__session=session,
    )
    invitation = delegation.invitation
    if invitation.member_id:
        require(request, "regions.change_member", invitation.member)
        people = invitation.member.people.filter(is_active=True)
    else:
        require(request, "regions.manage_region", region)
        people = invitation.organisation.people.filter(is_active=True)
    current = {d.person_id: d for d in delegation.delegates.all()}
    form = RegisterForm(request.POST or None, people=people, current=current)
    closed = timezone.now() > invitation.registration_deadline and not request.user.has_perm(
        "regions.manage_region", region
    )
    if request.method == "POST":
        form_save(
            form,
            lambda form: delegations.delegation_register(
                delegation=delegation, delegates=form.delegates(), by=request.user
            ),
        )
        if form.is_valid():
            messages.success(
                request, _("Your delegation is registered; the secretariat will approve it.")
            )
            return _participants_url(session)
    return render(
        request,
        "meetings/delegation_register.html",
        {"session": session, "delegation": delegation, "form": form, "closed": closed},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@with_region
def delegation_decide(request, region, pk, delegation, decision):
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    delegation = get_object_or_404(Delegation, pk=delegation, invitation__session=session)
    service = {
        "approve": delegations.delegation_approve,
        "return": delegations.delegation_return,
    }.get(decision)
    if service is None:
        raise Http404
    try:
        service(delegation=delegation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The delegation is %(status)s.") % {"status": delegation.get_status_display()},
        )
    return _participants_url(session)


@with_region
def participant_list(request, region, pk):
    session = _session(region, pk, request.user)
    viewer = viewer_for(request.user)
    return render(
        request,
        "meetings/participant_list.html",
        {
            "session": session,
            "participants": delegations.participant_list(session, viewer),
            "manage": viewer.is_secretariat(region.pk),
            "ours": delegations.own_invitations(session, viewer),
        },
    )


@with_region
def participant_csv(request, region, pk):
    session = _session(region, pk, request.user)
    participants = delegations.participant_list(session, viewer_for(request.user))
    table = io.StringIO()
    writer = csv.writer(table)
    header = [_("Member or organisation"), _("Delegation")]
    if participants.show_names:
        header += [_("Name"), _("Position"), _("Role in the delegation")]
    if participants.show_emails:
        header.append(_("Email"))
    writer.writerow(header)
    for invitee, delegation, delegate, email in participants.rows():
        row = [invitee.display, delegation.get_status_display()]
        if participants.show_names:
            row += (
                [str(delegate.person), delegate.person.position, delegate.get_role_display()]
                if delegate
                else ["", "", ""]
            )
        if participants.show_emails:
            row.append(email)
        writer.writerow(row)
    return download(
        table.getvalue(),
        filename=f"participants-{session.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@with_region
def attendance(request, region, pk):
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    delegates = (
        Delegate.objects.filter(delegation__invitation__session=session)
        .exclude(delegation__status=Delegation.Status.DRAFT)
        .select_related(
            "person", "delegation__invitation__member", "delegation__invitation__organisation"
        )
        .order_by(
            # Members first, then observer organisations, on every database.
            F("delegation__invitation__organisation__name_en").asc(nulls_first=True),
            "delegation__invitation__member__short_name_en",
            "position",
        )
    )
    form = AttendanceForm(request.POST or None, delegates=delegates)
    if request.method == "POST" and form.is_valid():
        changed = delegations.attendance_mark(
            session=session, attended=form.marks(), by=request.user
        )
        messages.success(request, _("Attendance saved (%(n)d changes).") % {"n": changed})
        return redirect("meetings:attendance", region=region.slug, pk=session.pk)
    return render(request, "meetings/attendance.html", {"session": session, "form": form})

"""Pages for invitations, delegations, the participant list and attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.tables import Table, table_download
from secretariat.core.views import form_save
from secretariat.regions.models import Entity, Organisation, Person
from secretariat.regions.selectors import members_on, viewer_for
from secretariat.regions.web import require, with_region

from . import delegations, participation, selectors
from .delegation_forms import (
    AttendanceForm,
    DeadlineForm,
    InviteForm,
    PresidingForm,
    QuestionForm,
    RegisterForm,
)
from .models import Delegate, Delegation, MeetingInvitation, RegistrationQuestion, Session


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
        entities=Entity.objects.filter(region=region),
        organisations=Organisation.objects.for_region(region),
        people=Person.objects.for_region(region).filter(is_active=True),
        initial={"members": members_on(region, day), "organisations": []},
    )
    if request.method == "POST":
        created = form_save(
            form,
            lambda form: delegations.session_invite(
                session=session,
                members=form.cleaned_data["members"],
                entities=form.cleaned_data["entities"],
                organisations=form.cleaned_data["organisations"],
                people=form.cleaned_data["people"],
                deadline=form.cleaned_data["deadline"],
                by=request.user,
            ),
        )
        if created is not None:
            messages.success(request, _("%(n)d invitations sent.") % {"n": len(created)})
            return _participants_url(session)
    invited = session.invitations.select_related("member", "entity", "organisation", "person")
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
            "invitation__member",
            "invitation__entity",
            "invitation__organisation",
            "invitation__person",
            "invitation__session__region",
        ),
        pk=delegation,
        invitation__session=session,
    )
    invitation = delegation.invitation
    require(request, "meetings.register_delegation", delegation)
    people = participation.invitee_people(invitation)
    seats = delegation.delegates.prefetch_related("answers")
    current = {d.person_id: d for d in seats}
    form = RegisterForm(
        request.POST or None,
        people=people,
        current=current,
        questions=session.questions.all(),
        # The registrant sees back what they answered; nobody else's answers reach them.
        answers={(d.person_id, a.question_id): a.answer for d in seats for a in d.answers.all()},
        hybrid=session.mode == Session.Mode.HYBRID,
        allow_new=invitation.kind != MeetingInvitation.Kind.PERSON,
    )
    closed = timezone.now() > invitation.registration_deadline and not request.user.has_perm(
        "regions.manage_region", region
    )
    if request.method == "POST":
        form_save(
            form,
            lambda form: delegations.delegation_register(
                delegation=delegation,
                delegates=form.delegates(),
                modes=form.modes(),
                answers=form.answers(),
                new_person=form.new_person(),
                by=request.user,
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
        {
            "session": session,
            "delegation": delegation,
            "form": form,
            "closed": closed,
            "on_behalf": not participation.registrar_for(request.user).registers(invitation),
        },
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
            "ours": delegations.own_invitations(session, request.user),
            "count": participation.attendance_count(session),
        },
    )


@with_region
def participant_csv(request, region, pk):
    session = _session(region, pk, request.user)
    participants = delegations.participant_list(session, viewer_for(request.user))
    header = [_("Member or organisation"), _("Delegation")]
    if participants.show_names:
        header += [_("Name"), _("Position"), _("Role in the delegation")]
    if participants.show_emails:
        header.append(_("Email"))
    rows = []
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
        rows.append(row)
    return table_download(
        Table(_("Participants"), header, rows),
        fmt="csv",
        name=[region.slug, "participants", session.title_en],
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
            "person",
            "delegation__invitation__member",
            "delegation__invitation__entity",
            "delegation__invitation__organisation",
            "delegation__invitation__person",
        )
        .order_by(*delegations.invitee_order("delegation__invitation__"), "position")
    )
    form = AttendanceForm(request.POST or None, delegates=delegates)
    if request.method == "POST" and form.is_valid():
        changed = delegations.attendance_mark(
            session=session, attended=form.marks(), modes=form.modes(), by=request.user
        )
        messages.success(request, _("Attendance saved (%(n)d changes).") % {"n": changed})
        return redirect("meetings:attendance", region=region.slug, pk=session.pk)
    return render(request, "meetings/attendance.html", {"session": session, "form": form})


@login_required
@with_region
def presiding_edit(request, region, pk):
    """The secretariat names who presides: the chair, or co-chairs, each in a capacity."""
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    form = PresidingForm(
        request.POST or None,
        people=Person.objects.filter(region=region, is_active=True),
        current=participation.presiding_officers(session),
    )
    if request.method == "POST":
        saved = form_save(
            form,
            lambda form: delegations.presiding_set(
                session=session, officers=form.officers(), by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Who presides is saved."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "meetings/presiding_edit.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@with_region
def registration_edit(request, region, pk):
    """The secretariat's registration settings: the deadline and the questions asked."""
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    deadline_form = DeadlineForm(request.POST if action == "deadline" else None)
    question_form = QuestionForm(request.POST if action == "question" else None)
    if action == "deadline":
        told = form_save(
            deadline_form,
            lambda form: delegations.registration_deadline_change(
                session=session, deadline=form.cleaned_data["deadline"], by=request.user
            ),
        )
        if told is not None:
            messages.success(
                request,
                _("The deadline is changed; %(n)d invitees not registered yet were told.")
                % {"n": told},
            )
            return redirect("meetings:registration-edit", region=region.slug, pk=session.pk)
    elif action == "question":
        added = form_save(
            question_form,
            lambda form: delegations.registration_question_add(
                session=session,
                kind=form.cleaned_data["kind"],
                text_en=form.cleaned_data["text_en"],
                text_fr=form.cleaned_data["text_fr"],
                by=request.user,
            ),
        )
        if added is not None:
            messages.success(request, _("The question is added to the registration form."))
            return redirect("meetings:registration-edit", region=region.slug, pk=session.pk)
    errors = deadline_form.errors or question_form.errors
    return render(
        request,
        "meetings/registration_edit.html",
        {
            "session": session,
            "deadline": session.invitations.aggregate(d=Max("registration_deadline"))["d"],
            "questions": session.questions.all(),
            "deadline_form": deadline_form,
            "question_form": question_form,
        },
        status=400 if errors else 200,
    )


@require_POST
@login_required
@with_region
def registration_question_delete(request, region, pk, asked):
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    question = get_object_or_404(RegistrationQuestion, pk=asked, session=session)
    delegations.registration_question_delete(question=question, by=request.user)
    messages.success(request, _("The question is removed."))
    return redirect("meetings:registration-edit", region=region.slug, pk=session.pk)


@login_required
@with_region
def registration_csv(request, region, pk):
    """Every registered person with their answers, for logistics: the secretariat's only."""
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    questions, rows = delegations.registration_answers(session, viewer_for(request.user))
    columns = [
        _("Participant"),
        _("Kind"),
        _("Name"),
        _("Role in the delegation"),
        _("Attends"),
        _("Email"),
        _("Phone"),
        *(q.text for q in questions),
    ]
    table = [
        [
            invitation.invitee.display,
            invitation.get_kind_display(),
            str(delegate.person),
            delegate.get_role_display(),
            delegate.get_mode_display(),
            delegate.person.email,
            delegate.person.phone,
            *(answers.get(q.pk, "") for q in questions),
        ]
        for invitation, delegate, answers in rows
    ]
    return table_download(
        Table(_("Registration"), columns, table),
        fmt="csv",
        name=[region.slug, "registration", session.title_en],
    )


@require_POST
@login_required
@with_region
def delegations_approve(request, region, pk):
    """Approve the delegations ticked on the participant list, at once."""
    require(request, "meetings.manage_meetings", region)
    session = _session(region, pk, request.user)
    chosen = [int(x) for x in request.POST.getlist("delegation") if x.isdigit()]
    picked = list(Delegation.objects.filter(invitation__session=session, pk__in=chosen))
    if not picked:
        messages.error(request, _("Tick the delegations to approve."))
    else:
        try:
            n = delegations.delegations_approve(
                session=session, delegations=picked, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d delegations approved.") % {"n": n})
    return _participants_url(session)

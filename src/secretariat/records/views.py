"""Summary records: the list, a record with its numbered paragraphs, the secretariat's edits
and steps (circulate, adopt, new edition), Members' comments, and the DOCX and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.audit import history_of
from secretariat.core.files import download
from secretariat.core.views import edit_versioned, form_save
from secretariat.meetings.selectors import sessions_for
from secretariat.regions.models import Member
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import exports, selectors, services
from .forms import (
    CirculateForm,
    CommentForm,
    DraftForm,
    NewParagraphForm,
    ParagraphForm,
    ReviseForm,
)
from .models import RecordParagraph, RecordSection, SummaryRecord


def _sessions_to_draft(region, viewer):
    """The sessions that have begun and have no record yet: the secretariat drafts theirs."""
    return sessions_for(region, viewer).filter(summary_records=None, starts_at__lte=timezone.now())


@with_region
def record_list(request, region):
    viewer = viewer_for(request.user)
    can_manage = request.user.has_perm("records.manage", region)
    return render(
        request,
        "records/record_list.html",
        {
            "records": selectors.record_list(region, viewer),
            "draft_form": DraftForm(sessions=_sessions_to_draft(region, viewer))
            if can_manage
            else None,
        },
    )


@require_POST
@login_required
@with_region
def record_draft(request, region):
    require(request, "records.manage", region)
    form = DraftForm(request.POST, sessions=_sessions_to_draft(region, viewer_for(request.user)))
    if not form.is_valid():
        messages.error(request, _("Choose a session that has no summary record yet."))
        return redirect("records:record-list", region.slug)
    try:
        record = services.record_draft(session=form.cleaned_data["session"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("records:record-list", region.slug)
    messages.success(request, _("The draft is built: check and edit its paragraphs."))
    return redirect(record)


def _record(request, region, pk) -> SummaryRecord:
    try:
        return selectors.record_page(region, pk, viewer_for(request.user))
    except SummaryRecord.DoesNotExist:
        raise Http404 from None


def _record_to_edit(request, region, pk) -> SummaryRecord:
    """The record, for the secretariat only: others who may read it get 403, others 404."""
    record = _record(request, region, pk)
    require(request, "records.edit_record", record)
    return record


def _member_of(request, region):
    """The Member a contact point or Head of Customs comments for (the first, if several)."""
    ids = viewer_for(request.user).member_editor_ids
    return Member.objects.filter(region=region, pk__in=ids).order_by("short_name_en").first()


def _detail_context(request, record):
    can_edit = request.user.has_perm("records.edit_record", record)
    can_comment = request.user.has_perm("records.comment", record)
    return {
        "record": record,
        "can_edit": can_edit and not record.is_locked,
        "can_manage": can_edit,
        "can_comment": can_comment,
        "commenting_for": _member_of(request, record.session.region) if can_comment else None,
        "comment_form": CommentForm() if can_comment else None,
        "status_line": exports.status_line(record),
        "history": history_of(record)[:50] if can_edit else [],
        "revised_by": SummaryRecord.objects.filter(revises=record).first() if can_edit else None,
    }


@with_region
def record_detail(request, region, pk):
    record = _record(request, region, pk)
    return render(request, "records/record_detail.html", _detail_context(request, record))


def _download(content, record, extension, content_type):
    # Drafts and circulated records are not public: no export is kept by a shared cache.
    name = exports.filename(record, extension)
    return download(content, filename=name, content_type=content_type)


@with_region
def record_docx(request, region, pk):
    record = _record(request, region, pk)
    return _download(
        exports.record_docx(record),
        record,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@with_region
def record_pdf(request, region, pk):
    record = _record(request, region, pk)
    return _download(exports.record_pdf(record, request=request), record, "pdf", "application/pdf")


def _paragraph(record, pk) -> RecordParagraph:
    return get_object_or_404(
        RecordParagraph.objects.select_related("section__record__session__region"),
        pk=pk,
        section__record=record,
    )


def _back_to(record, paragraph=None):
    url = record.get_absolute_url()
    return redirect(f"{url}#p{paragraph.pk}" if paragraph else url)


@login_required
@with_region
def paragraph_edit(request, region, pk, paragraph):
    record = _record_to_edit(request, region, pk)
    paragraph = _paragraph(record, paragraph)
    form = ParagraphForm(request.POST or None, instance=paragraph)

    def save(form):
        services.paragraph_update(
            paragraph=paragraph,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        )

    return edit_versioned(
        request,
        form=form,
        save=save,
        template="records/paragraph_form.html",
        context={"record": record, "paragraph": paragraph},
        success_url=f"{record.get_absolute_url()}#p{paragraph.pk}",
        success_message=_("The paragraph is saved."),
    )


@login_required
@with_region
def paragraph_add(request, region, pk, section):
    record = _record_to_edit(request, region, pk)
    section = get_object_or_404(RecordSection, pk=section, record=record)
    form = NewParagraphForm(request.POST or None)
    if request.method == "POST":
        paragraph = form_save(
            form,
            lambda form: services.paragraph_add(
                section=section, by=request.user, **form.cleaned_data
            ),
        )
        if paragraph is not None:
            messages.success(request, _("The paragraph is added."))
            return _back_to(record, paragraph)
    return render(
        request,
        "records/paragraph_form.html",
        {"record": record, "section": section, "form": form},
        status=400 if form.errors else 200,
    )


def _step(request, run, success):
    """Run one service; say what happened (or why it was refused)."""
    try:
        result = run()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result


@require_POST
@login_required
@with_region
def paragraph_move(request, region, pk, paragraph):
    record = _record_to_edit(request, region, pk)
    paragraph = _paragraph(record, paragraph)
    up = request.POST.get("direction") == "up"
    _step(
        request,
        lambda: services.paragraph_move(paragraph=paragraph, by=request.user, up=up),
        _("The paragraph is moved."),
    )
    return _back_to(record, paragraph)


@require_POST
@login_required
@with_region
def paragraph_delete(request, region, pk, paragraph):
    record = _record_to_edit(request, region, pk)
    paragraph = _paragraph(record, paragraph)
    _step(
        request,
        lambda: services.paragraph_delete(paragraph=paragraph, by=request.user),
        _("The paragraph is removed; the following ones are renumbered."),
    )
    return _back_to(record)


@login_required
@with_region
def record_circulate(request, region, pk):
    record = _record_to_edit(request, region, pk)
    form = CirculateForm(request.POST or None, region=region)
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.record_circulate(
                record=record, comments_due=form.cleaned_data["comments_due"], by=request.user
            ),
        )
        if form.is_valid():
            messages.success(
                request, _("The record is circulated: the Members' contact points are mailed.")
            )
            return redirect(record)
    return render(
        request,
        "records/record_circulate.html",
        {"record": record, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@with_region
def record_adopt(request, region, pk):
    record = _record_to_edit(request, region, pk)
    _step(
        request,
        lambda: services.record_adopt(record=record, by=request.user),
        _("The record is adopted and locked."),
    )
    return redirect(record)


@require_POST
@login_required
@with_region
def record_revise(request, region, pk):
    record = _record_to_edit(request, region, pk)
    form = ReviseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the adopted record needs a new edition."))
        return redirect(record)
    edition = _step(
        request,
        lambda: services.record_revise(
            record=record, by=request.user, reason=form.cleaned_data["reason"]
        ),
        _("A new edition is open as a draft; the adopted one stays as it was."),
    )
    return redirect(edition or record)


@require_POST
@login_required
@with_region
def comment_add(request, region, pk, paragraph):
    record = _record(request, region, pk)
    require(request, "records.comment", record)
    paragraph = _paragraph(record, paragraph)
    form = CommentForm(request.POST)
    if form.is_valid():
        _step(
            request,
            lambda: services.comment_add(
                paragraph=paragraph,
                member=_member_of(request, region),
                text=form.cleaned_data["text"],
                by=request.user,
            ),
            _("Your comment is sent to the secretariat."),
        )
    else:
        messages.error(request, _("Write your comment."))
    return _back_to(record, paragraph)

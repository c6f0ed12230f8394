from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from secretariat.core.files import serve_stored
from secretariat.core.views import edit_versioned, form_save
from secretariat.core.visibility import Visibility
from secretariat.meetings.models import Session
from secretariat.meetings.selectors import visible_meetings
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import packs, selectors, services
from .forms import DocumentEditForm, DocumentForm, ReplaceForm, WithdrawForm
from .models import SHOWN_INLINE, Document


@login_required
@with_region
def document_upload(request, region, session):
    require(request, "documents.manage_documents", region)
    session = get_object_or_404(Session, region=region, pk=session)
    form = DocumentForm(request.POST or None, request.FILES or None, session=session)

    def save(form):
        data = form.cleaned_data
        return services.document_upload(
            session=session,
            by=request.user,
            upload=data["file"],
            shared_with=data.get("shared_with") or (),
            **{k: data[k] for k in form.Meta.fields if k != "shared_with"},
        )

    if request.method == "POST":
        document = form_save(form, save, field="file")
        if document is not None:
            messages.success(request, _("%(ref)s is uploaded.") % {"ref": document.reference})
            return redirect(session.get_absolute_url())
    return render(request, "documents/document_form.html", {"form": form, "session": session})


@login_required
@with_region
def document_replace(request, region, pk):
    require(request, "documents.manage_documents", region)
    document = get_object_or_404(Document.objects.select_related("session"), region=region, pk=pk)
    form = ReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        version = form_save(
            form,
            lambda form: services.document_replace(
                document=document, upload=form.cleaned_data["file"], by=request.user
            ),
            field="file",
        )
        if version is not None:
            messages.success(
                request,
                _("Version %(number)s of %(ref)s is uploaded.")
                % {"number": version.number, "ref": document.reference},
            )
            return redirect(document.session.get_absolute_url())
    versions = document.versions.select_related("uploaded_by")
    return render(
        request,
        "documents/replace_form.html",
        {"form": form, "document": document, "versions": versions},
    )


def _managed_document(request, region, pk):
    require(request, "documents.manage_documents", region)
    return get_object_or_404(
        Document.objects.select_related("session__region"), region=region, pk=pk
    )


@login_required
@with_region
def document_edit(request, region, pk):
    document = _managed_document(request, region, pk)
    return edit_versioned(
        request,
        form=DocumentEditForm(request.POST or None, instance=document),
        template="documents/document_edit.html",
        context={"document": document, "session": document.session},
        save=lambda f: services.document_update(
            document=document,
            by=request.user,
            expected_version=f.cleaned_data["version"],
            shared_with=f.cleaned_data.get("shared_with") or (),
            **f.changes(),
        ),
        success_url=document.session.get_absolute_url(),
        success_message=_("The document is saved."),
    )


@login_required
@with_region
def document_withdraw(request, region, pk):
    document = _managed_document(request, region, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        form_save(
            form,
            lambda form: services.document_withdraw(
                document=document, by=request.user, **form.cleaned_data
            ),
        )
        if form.is_valid():
            messages.success(
                request,
                _("%(ref)s is withdrawn: its readers no longer see it.")
                % {"ref": document.reference},
            )
            return redirect(document.session.get_absolute_url())
    return render(
        request,
        "documents/document_withdraw.html",
        {"form": form, "document": document, "session": document.session},
        status=400 if form.errors else 200,
    )


@login_required
@with_region
def document_delete(request, region, pk):
    document = _managed_document(request, region, pk)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        session = document.session
        form_save(form, lambda form: services.document_delete(document=document, by=request.user))
        if form.is_valid():
            messages.success(request, _("%(ref)s is deleted.") % {"ref": document.reference})
            return redirect(session.get_absolute_url())
    return render(
        request,
        "documents/document_delete.html",
        {"form": form, "document": document, "session": document.session},
        status=400 if form.errors else 200,
    )


def _serve(version, *, public):
    return serve_stored(
        version.file.open("rb"),
        content_type=version.content_type,
        inline=version.kind in SHOWN_INLINE,
        filename=version.download_name,
        private=not public,
    )


@with_region
def document_download(request, region, pk, number=None):
    viewer = viewer_for(request.user)
    try:
        document = selectors.document_for(region, pk, viewer)
    except Document.DoesNotExist:
        raise Http404 from None
    versions = document.versions.order_by("-number")
    version = (versions.filter(number=number) if number else versions).first()
    if version is None:
        raise Http404
    return _serve(version, public=document.visibility == Visibility.PUBLIC)


@with_region
def session_pack(request, region, session):
    """A ZIP of the latest version of each document of the session the reader may see: built
    once by the worker (documents.packs) and handed out until a document changes; meanwhile
    a page that reloads itself says it is being prepared."""
    viewer = viewer_for(request.user)
    try:
        session = selectors.visible_session(region, session, viewer)
    except Session.DoesNotExist:
        raise Http404 from None
    documents = selectors.session_documents(session, viewer)
    references = visible_meetings(viewer).filter(session=session).order_by("series__order")
    stem = "-".join(m.reference for m in references.select_related("series")) or "session"
    items = packs.entries(documents)
    name = packs.pack_ask(session.pk, items)
    if not packs.pack_ready(name):
        response = render(
            request,
            "documents/pack_progress.html",
            {"session": session, "count": len(items), "again": request.get_full_path()},
        )
        response["Cache-Control"] = "no-store"
        response["Refresh"] = "2"
        return response
    storage = default_storage
    return serve_stored(
        storage.open(name, "rb"),
        storage=storage,
        name=name,
        content_type="application/zip",
        filename=f"{stem}-documents.zip",
    )

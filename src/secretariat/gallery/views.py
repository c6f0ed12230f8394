"""Galleries: the public page, the secretariat's upload and editing pages, and the photo files."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.files import inert, serve_stored
from secretariat.core.views import edit_versioned, form_save
from secretariat.core.visibility import Visibility
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import require, with_region

from . import selectors, services
from .forms import GalleryEditForm, GalleryForm, PhotoEditForm, PhotoUploadForm
from .images import RENDITION_TYPE, as_jpeg
from .models import Gallery, Photo

MANAGE = "gallery.manage_gallery"
FULL_SIZE_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def _gallery(request, region, pk) -> Gallery:
    try:
        return selectors.gallery_for(region, pk, viewer_for(request.user))
    except Gallery.DoesNotExist:
        raise Http404 from None


def _managed_gallery(request, region, pk) -> Gallery:
    require(request, MANAGE, region)
    return get_object_or_404(Gallery.objects.select_related("region"), region=region, pk=pk)


def _managed_photo(request, region, gallery, pk) -> Photo:
    gallery = _managed_gallery(request, region, gallery)
    photo = get_object_or_404(Photo, gallery=gallery, pk=pk)
    photo.gallery = gallery
    return photo


def _edit(request, *, form, update, **page):
    """A versioned edit: `update` (a service) gets the form's changes and the loaded version."""

    def save(form):
        update(by=request.user, expected_version=form.cleaned_data["version"], **form.changes())

    return edit_versioned(request, form=form, save=save, **page)


@with_region
def gallery_list(request, region):
    galleries = selectors.visible_galleries(region, viewer_for(request.user)).annotate(
        photo_count=Count("photos")
    )
    return render(
        request,
        "gallery/gallery_list.html",
        {"galleries": galleries, "can_manage": request.user.has_perm(MANAGE, region)},
    )


@with_region
def gallery_detail(request, region, pk):
    gallery = _gallery(request, region, pk)
    viewer = viewer_for(request.user)
    photos = selectors.gallery_page(
        gallery=gallery, viewer=viewer, number=request.GET.get("photos")
    )
    return render(
        request,
        "gallery/gallery_detail.html",
        {"gallery": gallery, "photos": photos, "can_manage": request.user.has_perm(MANAGE, region)},
    )


@login_required
@with_region
def gallery_create(request, region):
    require(request, MANAGE, region)
    form = GalleryForm(request.POST or None, region=region)
    if request.method == "POST":
        gallery = form_save(
            form,
            lambda form: services.gallery_create(
                region=region, by=request.user, **form.cleaned_data
            ),
        )
        if gallery is not None:
            messages.success(request, _("The gallery is created: add its photos."))
            return redirect("gallery:photo-upload", region.slug, gallery.pk)
    return render(
        request, "gallery/gallery_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@with_region
def gallery_edit(request, region, pk):
    gallery = _managed_gallery(request, region, pk)
    return _edit(
        request,
        form=GalleryEditForm(request.POST or None, instance=gallery, region=region),
        update=partial(services.gallery_update, gallery=gallery),
        template="gallery/gallery_form.html",
        context={"gallery": gallery},
        success_url=gallery.get_absolute_url(),
        success_message=_("The gallery is updated."),
    )


@login_required
@with_region
def gallery_manage(request, region, pk):
    gallery = _managed_gallery(request, region, pk)
    return render(
        request,
        "gallery/gallery_manage.html",
        {"gallery": gallery, "photos": selectors.gallery_edit_page(gallery)},
    )


@login_required
@with_region
def photo_upload(request, region, pk):
    gallery = _managed_gallery(request, region, pk)
    form = PhotoUploadForm(request.POST or None, request.FILES or None)

    def save(form):
        data = form.cleaned_data
        return services.photo_add(
            gallery=gallery,
            by=request.user,
            upload=data["image"],
            **{k: data[k] for k in services.PHOTO_FIELDS},
        )

    if request.method == "POST":
        form_save(form, save, field="image")
        if form.is_valid():
            messages.success(request, _("The photo is added to the gallery."))
            return redirect(gallery)
    return render(
        request,
        "gallery/photo_upload.html",
        {"gallery": gallery, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@with_region
def photo_edit(request, region, gallery, pk):
    photo = _managed_photo(request, region, gallery, pk)
    return _edit(
        request,
        form=PhotoEditForm(request.POST or None, instance=photo),
        update=partial(services.photo_update, photo=photo),
        template="gallery/photo_edit.html",
        context={"gallery": photo.gallery, "photo": photo},
        success_url=photo.gallery.get_manage_url(),
        success_message=_("The caption is updated."),
    )


@require_POST
@login_required
@with_region
def photo_move(request, region, gallery, pk):
    photo = _managed_photo(request, region, gallery, pk)
    services.photo_move(photo=photo, by=request.user, direction=request.POST.get("direction"))
    return redirect(f"{photo.gallery.get_manage_url()}#photo-{photo.pk}")


@login_required
@with_region
def photo_delete(request, region, gallery, pk):
    photo = _managed_photo(request, region, gallery, pk)
    if request.method == "POST":
        services.photo_delete(photo=photo, by=request.user)
        messages.success(request, _("The photo is deleted."))
        return redirect(photo.gallery.get_manage_url())
    return render(request, "gallery/photo_delete.html", {"gallery": photo.gallery, "photo": photo})


# Files: served through these views, never from the media directory, and never run.


def _photo(request, region, pk) -> Photo:
    try:
        return selectors.photo_for(region, pk, viewer_for(request.user))
    except Photo.DoesNotExist:
        raise Http404 from None


def _inert(response, photo):
    """A photo is only ever shown or saved (core.files.inert); a public one may be cached."""
    public = photo.gallery.visibility == Visibility.PUBLIC
    inert(response, private=not public)
    if public:
        response["Cache-Control"] = "public, max-age=3600"
    return response


def _serve(photo, name, *, content_type, download_name=None):
    response = serve_stored(
        photo.image.storage.open(name, "rb"),
        storage=photo.image.storage,
        name=name,
        filename=download_name or "",
        content_type=content_type,
        inline=download_name is None,
    )
    if response.status_code == 302:  # a signed address of the bucket: never cached publicly
        return response
    return _inert(response, photo)


@with_region
def photo_rendition(request, region, pk, width):
    """A smaller copy: WebP, or JPEG for a client that does not accept WebP (link previews)."""
    photo = _photo(request, region, pk)
    rendition = next((r for r in photo.renditions if r["width"] == width), None)
    if rendition is None:
        raise Http404
    if RENDITION_TYPE in request.headers.get("Accept", ""):
        response = _serve(photo, rendition["name"], content_type=RENDITION_TYPE)
    else:
        with photo.image.storage.open(rendition["name"], "rb") as file:
            response = _inert(HttpResponse(as_jpeg(file), content_type="image/jpeg"), photo)
    patch_vary_headers(response, ["Accept"])
    return response


@with_region
def photo_download(request, region, pk):
    """The full size (the cleaned original) as a file to save, never shown in place."""
    photo = _photo(request, region, pk)
    extension = photo.image.name.rsplit(".", 1)[-1]
    return _serve(
        photo,
        photo.image.name,
        content_type=FULL_SIZE_TYPES[extension],
        download_name=photo.download_name,
    )

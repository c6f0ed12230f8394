"""Every write to galleries and photos; each is audited.

`by` is the person acting, checked against gallery.rules; None is the platform itself (the
demo, commands), which no request can be.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.permissions import service
from secretariat.core.versions import save_versioned

from .images import RENDITION_EXTENSION, photo_clean
from .models import Gallery, Photo

PHOTO_ADDED = gettext_noop("photo added")
PHOTO_UPDATED = gettext_noop("photo caption updated")
PHOTO_MOVED = gettext_noop("photo moved")
PHOTO_DELETED = gettext_noop("photo deleted")

GALLERY_FIELDS = ["title_en", "title_fr", "session", "visibility"]
PHOTO_FIELDS = ["caption_en", "caption_fr", "credit"]


def _check_session(region, session):
    if session is not None and session.region_id != region.pk:
        raise ValidationError(_("The meeting session belongs to another region."))


def _touch(gallery):
    gallery.updated_at = timezone.now()
    Gallery.objects.filter(pk=gallery.pk).update(updated_at=gallery.updated_at)


# Galleries


@service("gallery.manage_gallery", on="region")
@transaction.atomic
def gallery_create(*, region, by, title_en, is_demo=False, **fields) -> Gallery:
    _check_session(region, fields.get("session"))
    gallery = Gallery(region=region, title_en=title_en, is_demo=is_demo, **fields)
    gallery.full_clean()
    gallery.save()
    audit.record(by=by, action=audit.CREATED, obj=gallery)
    return gallery


@service("gallery.manage_gallery", on="gallery")
@transaction.atomic
def gallery_update(*, gallery, by, expected_version, **changes) -> Gallery:
    """Save the edit unless someone saved the gallery since it was loaded (core.versions)."""
    _check_session(gallery.region, changes.get("session"))
    before = audit.snapshot(gallery)
    for name, value in changes.items():
        setattr(gallery, name, value)
    gallery.updated_at = timezone.now()
    gallery.full_clean()
    save_versioned(gallery, expected_version=expected_version, fields=[*changes, "updated_at"])
    audit.record(by=by, action=audit.UPDATED, obj=gallery, before=before)
    return gallery


# Photos


def _store(photo, clean, stem):
    """Save the cleaned full size and its renditions under generated names."""
    photo.image.save(f"{stem}.{clean.extension}", ContentFile(clean.full.content), save=False)
    photo.width, photo.height = clean.full.width, clean.full.height
    storage = photo.image.storage
    photo.renditions = [
        {
            "width": r.width,
            "height": r.height,
            "name": storage.save(
                f"gallery/{stem}-{r.width}.{RENDITION_EXTENSION}", ContentFile(r.content)
            ),
        }
        for r in clean.renditions
    ]


def _files_of(photo):
    return [photo.image.name, *(r["name"] for r in photo.renditions)]


def _remove_files(storage, names):
    for name in names:
        storage.delete(name)


@service("gallery.manage_gallery", on="gallery")
@transaction.atomic
def photo_add(*, gallery, by, upload, caption_en, caption_fr="", credit="") -> Photo:
    """Check the upload (gallery.images), store it cleaned with its renditions, last in order."""
    clean = photo_clean(upload)
    last = gallery.photos.aggregate(last=Max("order"))["last"]
    photo = Photo(
        gallery=gallery,
        caption_en=caption_en,
        caption_fr=caption_fr,
        credit=credit,
        order=0 if last is None else last + 1,
        original_name=(upload.name or "")[:255],
    )
    _store(photo, clean, uuid.uuid4().hex)
    try:
        photo.full_clean(exclude=["image"])
        photo.save()
        _touch(gallery)
        audit.record(by=by, action=PHOTO_ADDED, obj=photo, created=True)
    except Exception:
        _remove_files(photo.image.storage, _files_of(photo))
        raise
    return photo


@service("gallery.manage_gallery", on="photo.gallery")
@transaction.atomic
def photo_update(*, photo, by, expected_version, **changes) -> Photo:
    """Captions and credit; refused if someone saved the photo since it was loaded."""
    before = audit.snapshot(photo)
    for name, value in changes.items():
        setattr(photo, name, value)
    photo.full_clean(exclude=["image"])
    save_versioned(photo, expected_version=expected_version, fields=list(changes))
    _touch(photo.gallery)
    audit.record(by=by, action=PHOTO_UPDATED, obj=photo, before=before)
    return photo


@service("gallery.manage_gallery", on="photo.gallery")
@transaction.atomic
def photo_move(*, photo, by, direction: str) -> Photo:
    """Swap the photo with its neighbour before ("up") or after ("down") it."""
    photos = list(photo.gallery.photos.select_for_update().order_by("order", "pk"))
    index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(photos):
        return photo
    photos[index], photos[other] = photos[other], photos[index]
    for order, each in enumerate(photos):
        if each.order != order:
            Photo.objects.filter(pk=each.pk).update(order=order)
    photo.order = other
    _touch(photo.gallery)
    audit.record(
        by=by, action=PHOTO_MOVED, obj=photo.gallery, note=f"{photo.caption_en} → {other + 1}"
    )
    return photo


@service("gallery.manage_gallery", on="photo.gallery")
@transaction.atomic
def photo_delete(*, photo, by) -> None:
    """Remove the photo and, once the deletion is committed, its files."""
    gallery, storage, names = photo.gallery, photo.image.storage, _files_of(photo)
    audit.record(by=by, action=PHOTO_DELETED, obj=photo, note=photo.caption_en)
    photo.delete()
    _touch(gallery)
    transaction.on_commit(lambda: _remove_files(storage, names))

"""What a reader may see of galleries and their photos."""

from django.core.paginator import Paginator

from secretariat.core.visibility import Viewer, can_see, visible_q

from .models import Gallery, Photo

PHOTOS_PER_PAGE = 6
OG_IMAGE_WIDTH = 1280


def visible_galleries(region, viewer: Viewer):
    return (
        Gallery.objects.filter(region=region)
        .filter(visible_q(viewer, named=None))
        .select_related("region")
    )


def gallery_for(region, pk, viewer: Viewer) -> Gallery:
    return visible_galleries(region, viewer).get(pk=pk)


def photo_for(region, pk, viewer: Viewer) -> Photo:
    """A photo of a gallery the viewer may see, for its files."""
    galleries = visible_galleries(region, viewer)
    return Photo.objects.select_related("gallery__region").get(pk=pk, gallery__in=galleries)


def gallery_page(*, gallery, viewer: Viewer, number=None, per_page=PHOTOS_PER_PAGE):
    """One page of the gallery's photos (2 queries), or None when there is nothing to show.

    A news item may show its photos one at a time (per_page=1), as the seed's pager does.
    """
    if gallery is None or not can_see(viewer, gallery, region_id=gallery.region_id):
        return None
    paginator = Paginator(gallery.photos.all(), per_page)
    if not paginator.count:
        return None
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    for photo in page.object_list:
        photo.gallery = gallery  # each photo's URLs need the region: no query per photo
    return page


def og_image_url(*, gallery, viewer: Viewer) -> str | None:
    """The path of the first photo's widest rendition up to 1280 px, for og:image."""
    if gallery is None or not can_see(viewer, gallery, region_id=gallery.region_id):
        return None
    photo = gallery.photos.first()
    if photo is None or not photo.renditions:
        return None
    photo.gallery = gallery
    return photo.rendition_url(photo.rendition_for(OG_IMAGE_WIDTH)["width"])


def gallery_edit_page(gallery):
    """Every photo of the gallery, for the secretariat's page to caption, order and delete."""
    photos = list(gallery.photos.all())
    for photo in photos:
        photo.gallery = gallery
    return photos

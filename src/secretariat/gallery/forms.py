from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import LocalizedModelChoiceField, VersionedForm
from secretariat.meetings.models import Session

from .images import MAX_BYTES, MAX_PIXELS
from .models import Gallery, Photo
from .services import GALLERY_FIELDS, PHOTO_FIELDS


class _SessionMixin:
    def _sessions(self, region):
        self.fields["session"] = LocalizedModelChoiceField(
            label=_("Meeting session"),
            queryset=Session.objects.filter(region=region).prefetch_related("meetings__series"),
            required=False,
            label_attr="title",
            help_text=_("The meeting session the photos were taken at, if any."),
        )


class GalleryForm(_SessionMixin, forms.ModelForm):
    class Meta:
        model = Gallery
        fields = GALLERY_FIELDS

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self._sessions(region)


class GalleryEditForm(_SessionMixin, VersionedForm):
    class Meta:
        model = Gallery
        fields = GALLERY_FIELDS

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self._sessions(region)


class PhotoUploadForm(forms.ModelForm):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    field_order = ["image", *PHOTO_FIELDS]

    class Meta:
        model = Photo
        fields = PHOTO_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _(
            "A JPEG or PNG image of at most %(mb)s MB and %(mp)s million pixels. "
            "Location and camera data are removed before it is kept."
        ) % {"mb": MAX_BYTES // (1024 * 1024), "mp": MAX_PIXELS // 1_000_000}


class PhotoEditForm(VersionedForm):
    class Meta:
        model = Photo
        fields = PHOTO_FIELDS

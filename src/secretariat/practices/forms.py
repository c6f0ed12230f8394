from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput, LocalizedModelMultipleChoiceField, VersionedForm

from .models import Practice, Theme

FIELDS = [
    "title",
    "summary",
    "body",
    "themes",
    "tags",
    "effective_from",
    "effective_to",
    "status",
    "source_url",
    "language",
    "visibility",
]
WIDGETS = {
    "effective_from": DateInput(),
    "effective_to": DateInput(),
    "summary": forms.Textarea(attrs={"rows": 3}),
}


class _ThemesMixin:
    def _themes(self, region):
        field = LocalizedModelMultipleChoiceField(
            label=_("Themes"),
            queryset=Theme.objects.filter(region=region).select_related("parent__parent"),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["themes"] = field


class PracticeForm(_ThemesMixin, forms.ModelForm):
    """A new practice, for one of the Members the contact point keeps."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=None)

    class Meta:
        model = Practice
        fields = ["member", *FIELDS]
        widgets = WIDGETS

    def __init__(self, *args, region, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self._themes(region)


class PracticeEditForm(_ThemesMixin, VersionedForm):
    class Meta:
        model = Practice
        fields = FIELDS
        widgets = WIDGETS

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self._themes(region)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or an image."))


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name_en", "name_fr", "parent", "order"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Theme.objects.filter(region=region)

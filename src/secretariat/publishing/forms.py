from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput, VersionedForm
from secretariat.gallery.models import Gallery

from .models import NewsItem
from .services import EDITABLE


class NewsItemForm(VersionedForm):
    class Meta:
        model = NewsItem
        fields = EDITABLE
        widgets = {
            "lead_en": forms.Textarea(attrs={"rows": 2}),
            "lead_fr": forms.Textarea(attrs={"rows": 2}),
            "body_en": forms.Textarea(attrs={"rows": 16}),
            "body_fr": forms.Textarea(attrs={"rows": 16}),
        }

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["gallery"].queryset = Gallery.objects.filter(region=instance.region)


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Publication date"), widget=DateInput())
    lead_en = forms.CharField(
        label=_("Lead (English)"), max_length=600, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_fr = forms.CharField(
        label=_("Lead (French)"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

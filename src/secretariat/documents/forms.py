from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import VersionedForm
from secretariat.core.visibility import Visibility
from secretariat.regions.models import Member

from .models import Document


class DocumentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), PNG or JPEG."),
    )

    class Meta:
        model = Document
        fields = [
            "reference",
            "title_en",
            "title_fr",
            "language",
            "agenda_item",
            "visibility",
            "shared_with",
        ]
        widgets = {"shared_with": forms.CheckboxSelectMultiple}

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["agenda_item"].queryset = session.agenda.order_by("parent_id", "position")
        self.fields["shared_with"].queryset = Member.objects.filter(region=session.region)

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Visibility.NAMED and not data.get("shared_with"):
            self.add_error("shared_with", _("Name at least one Member to share it with."))
        return data

    def validate_unique(self):
        """The service checks the reference against the session; the form has no session."""


class ReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("New file"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), PNG or JPEG. Earlier versions are kept."),
    )


class DocumentEditForm(VersionedForm):
    """A document's reference, titles, language, agenda item and visibility (not its file)."""

    class Meta:
        model = Document
        fields = [
            "reference",
            "title_en",
            "title_fr",
            "language",
            "agenda_item",
            "visibility",
            "shared_with",
        ]
        widgets = {"shared_with": forms.CheckboxSelectMultiple}

    def __init__(self, *args, instance, **kwargs):
        kwargs.setdefault("initial", {})["shared_with"] = list(instance.shared_with.all())
        super().__init__(*args, instance=instance, **kwargs)
        session = instance.session
        self.fields["agenda_item"].queryset = session.agenda.order_by("parent_id", "position")
        self.fields["shared_with"].queryset = Member.objects.filter(region=session.region)

    def validate_unique(self):
        """The service checks the reference against the session's other documents."""

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self._meta.fields if name != "shared_with"
        }


class WithdrawForm(forms.Form):
    reason_en = forms.CharField(
        label=_("Reason (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_fr = forms.CharField(
        label=_("Reason (French)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

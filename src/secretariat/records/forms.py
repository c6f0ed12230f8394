import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import VersionedForm
from secretariat.meetings.forms import LocalDateTimeInput

from .models import RecordParagraph


def _text_area(rows=5):
    return forms.Textarea(attrs={"rows": rows})


class ParagraphForm(VersionedForm):
    class Meta:
        model = RecordParagraph
        fields = ["text_en", "text_fr"]
        widgets = {"text_en": _text_area(), "text_fr": _text_area()}


class NewParagraphForm(forms.Form):
    text_en = forms.CharField(label=_("Text (English)"), widget=_text_area())
    text_fr = forms.CharField(label=_("Text (French)"), widget=_text_area(), required=False)


class DraftForm(forms.Form):
    session = forms.ChoiceField(label=_("Session"))

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["session"].choices = [(pk, s.title) for pk, s in self.sessions.items()]

    def clean_session(self):
        return self.sessions[self.cleaned_data["session"]]


class CirculateForm(forms.Form):
    comments_due = forms.DateTimeField(
        label=_("Comments due by"),
        widget=LocalDateTimeInput(),
        help_text=_("In the region's time zone."),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(region.time_zone)

    def clean_comments_due(self):
        # The browser sends wall-clock time: read it in the region's zone.
        return self.cleaned_data["comments_due"].replace(tzinfo=self.zone)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=_text_area(3), max_length=5000)


class ReviseForm(forms.Form):
    reason = forms.CharField(label=_("Why a new edition"), widget=_text_area(2), max_length=2000)

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.forms import zone_choices
from secretariat.core.forms import LocalizedModelChoiceField
from secretariat.core.visibility import Visibility

from .models import AgendaItem, Series, Session


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.Form):
    """A new meeting in its own session; times are read in the session's time zone."""

    series = LocalizedModelChoiceField(
        label=_("Series"), queryset=Series.objects.none(), label_attr="name"
    )
    number = forms.IntegerField(label=_("Number"), min_value=1)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=LocalDateTimeInput(),
        required=False,
        help_text=_("Empty: date to be decided."),
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput(), required=False)
    mode = forms.ChoiceField(label=_("Mode"), choices=Session.Mode.choices)
    extraordinary = forms.BooleanField(label=_("Extraordinary"), required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    host = LocalizedModelChoiceField(label=_("Host Member"), queryset=None, required=False)
    video_platform = forms.CharField(label=_("Video platform"), max_length=100, required=False)
    join_link = forms.URLField(label=_("Join link"), required=False, assume_scheme="https")
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=[
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
            (Visibility.MEMBERS, Visibility.MEMBERS.label),
        ],
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = region.series.all()
        self.fields["host"].queryset = region.members.all()

    def clean(self):
        data = super().clean()
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or "UTC")
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                # The browser sends wall-clock time: it is the session's zone, not the server's.
                data[name] = timezone.make_aware(timezone.make_naive(data[name]), zone)
        return data


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    parent = LocalizedModelChoiceField(
        label=_("Sub-item of"), queryset=None, required=False, label_attr="title"
    )
    meeting = LocalizedModelChoiceField(
        label=_("Part of"), queryset=None, required=False, label_attr="full_title"
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = session.agenda.filter(parent=None)
        self.fields["meeting"].queryset = session.meetings.all()

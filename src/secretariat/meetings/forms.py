import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.forms import zone_choices
from secretariat.core.forms import LocalizedModelChoiceField, VersionedForm
from secretariat.core.visibility import Visibility
from secretariat.regions.models import Person

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


class AmendmentReasonMixin:
    """After adoption, every change to the agenda carries a reason (the services ask for it)."""

    def add_reason_fields(self, session):
        if session.agenda_adopted_at is None:
            return
        self.fields["reason_en"] = forms.CharField(
            label=_("Reason for the amendment (English)"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            help_text=_("The agenda is adopted: the change is listed with its reason."),
        )
        self.fields["reason_fr"] = forms.CharField(
            label=_("Reason for the amendment (French)"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )


class AgendaItemAddForm(AmendmentReasonMixin, AgendaItemForm):
    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, session=session, **kwargs)
        self.add_reason_fields(session)


class AmendmentReasonForm(AmendmentReasonMixin, forms.Form):
    """The reason asked before moving or deleting an item of an adopted agenda."""

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_reason_fields(session)


class AgendaItemEditForm(AmendmentReasonMixin, VersionedForm):
    """An item's titles, kind, presenter, timing and place; times in the session's zone."""

    parent = LocalizedModelChoiceField(
        label=_("Sub-item of"), queryset=None, required=False, label_attr="title"
    )
    meeting = LocalizedModelChoiceField(
        label=_("Part of"), queryset=None, required=False, label_attr="full_title"
    )
    presenter_person = LocalizedModelChoiceField(
        label=_("Presenter (a person)"), queryset=None, required=False
    )
    presenter_member = LocalizedModelChoiceField(
        label=_("Presenter (a Member)"), queryset=None, required=False
    )
    presenter_entity = LocalizedModelChoiceField(
        label=_("Presenter (an entity)"), queryset=None, required=False
    )
    planned_start = forms.DateTimeField(
        label=_("Planned start"), widget=LocalDateTimeInput(), required=False
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title_en",
            "title_fr",
            "kind",
            "parent",
            "meeting",
            "presenter_person",
            "presenter_member",
            "presenter_entity",
            "planned_start",
            "duration_minutes",
        ]
        labels = {"duration_minutes": _("Duration (minutes)")}

    def __init__(self, *args, instance, **kwargs):
        session = instance.session
        self.zone = zoneinfo.ZoneInfo(session.time_zone)
        if instance.planned_start:
            # Shown as the session's wall-clock time, whatever the viewer's own zone.
            local = timezone.localtime(instance.planned_start, self.zone)
            kwargs.setdefault("initial", {})["planned_start"] = local.replace(tzinfo=None)
        super().__init__(*args, instance=instance, **kwargs)
        region = session.region
        self.fields["parent"].queryset = session.agenda.filter(parent=None).exclude(pk=instance.pk)
        self.fields["meeting"].queryset = session.meetings.all()
        # The shared Secretary General presents in every region.
        self.fields["presenter_person"].queryset = Person.objects.for_region(region).filter(
            is_active=True
        )
        self.fields["presenter_member"].queryset = region.members.all()
        self.fields["presenter_entity"].queryset = region.entities.all()
        self.add_reason_fields(session)

    def clean_planned_start(self):
        value = self.cleaned_data["planned_start"]
        # The browser sends wall-clock time: it is the session's zone, not the server's.
        return value and timezone.make_aware(timezone.make_naive(value), self.zone)


class PostponeForm(forms.Form):
    to = forms.DateTimeField(
        label=_("New start"),
        widget=LocalDateTimeInput(),
        required=False,
        help_text=_("Leave empty if the new date is to be decided."),
    )
    reason_en = forms.CharField(
        label=_("Reason (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_fr = forms.CharField(
        label=_("Reason (French)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(session.time_zone)

    def clean_to(self):
        value = self.cleaned_data["to"]
        return value and timezone.make_aware(timezone.make_naive(value), self.zone)


class SessionEditForm(VersionedForm):
    """The session's description, dates, place and mode, and each meeting's title and
    visibility. Times are read in the session's time zone (the one chosen on the form)."""

    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=LocalDateTimeInput(),
        required=False,
        help_text=_("Empty: date to be decided."),
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput(), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    host = LocalizedModelChoiceField(label=_("Host Member"), queryset=None, required=False)
    join_link = forms.URLField(label=_("Join link"), required=False, assume_scheme="https")
    reason_en = forms.CharField(
        label=_("Reason for a change of dates or place (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Once the session is published, a change of its dates or place needs a reason: it "
            "is kept in the session's history and mailed to the registered delegations."
        ),
    )
    reason_fr = forms.CharField(
        label=_("Reason (French)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    class Meta:
        model = Session
        fields = [
            "description_en",
            "description_fr",
            "starts_at",
            "ends_at",
            "time_zone",
            "mode",
            "extraordinary",
            "venue",
            "host",
            "video_platform",
            "join_link",
        ]

    def __init__(self, *args, instance, **kwargs):
        initial = kwargs.setdefault("initial", {})
        zone = zoneinfo.ZoneInfo(instance.time_zone)
        for name in ("starts_at", "ends_at"):
            value = getattr(instance, name)
            if value:
                # Shown as the session's wall-clock time, whatever the viewer's own zone.
                initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)
        self.meetings = list(instance.meetings.all())
        for meeting in self.meetings:
            for name in ("title_en", "title_fr", "visibility"):
                initial[f"m{meeting.pk}_{name}"] = getattr(meeting, name)
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["host"].queryset = instance.region.members.all()
        for meeting in self.meetings:
            reference = meeting.reference
            self.fields[f"m{meeting.pk}_title_en"] = forms.CharField(
                label=_("%(ref)s: own title (English)") % {"ref": reference},
                max_length=300,
                required=False,
                help_text=_("Leave empty to use the series' name with the number."),
            )
            self.fields[f"m{meeting.pk}_title_fr"] = forms.CharField(
                label=_("%(ref)s: own title (French)") % {"ref": reference},
                max_length=300,
                required=False,
            )
            self.fields[f"m{meeting.pk}_visibility"] = forms.ChoiceField(
                label=_("%(ref)s: visibility") % {"ref": reference},
                choices=[
                    (Visibility.PUBLIC, Visibility.PUBLIC.label),
                    (Visibility.MEMBERS, Visibility.MEMBERS.label),
                    (Visibility.SECRETARIAT, Visibility.SECRETARIAT.label),
                ],
            )

    def clean(self):
        data = super().clean()
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or "UTC")
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                # The browser sends wall-clock time: it is the session's zone, not the server's.
                data[name] = timezone.make_aware(timezone.make_naive(data[name]), zone)
        return data

    def meeting_changes(self) -> dict:
        return {
            meeting: {
                name: self.cleaned_data[f"m{meeting.pk}_{name}"]
                for name in ("title_en", "title_fr", "visibility")
            }
            for meeting in self.meetings
        }


class CancelForm(forms.Form):
    reason_en = forms.CharField(
        label=_("Reason (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_fr = forms.CharField(
        label=_("Reason (French)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import (
    DateInput,
    LocalizedModelChoiceField,
    LocalizedModelMultipleChoiceField,
    VersionedForm,
)
from secretariat.core.visibility import Visibility
from secretariat.meetings.forms import LocalDateTimeInput
from secretariat.meetings.models import AgendaItem, Meeting

from .models import Action, Choice, Decision, Proposal, Vote


class NamedMembersMixin:
    """A visibility with "Named Members", and the region's Members to name."""

    def name_members(self, region):
        self.fields["shared_with"].queryset = region.members.all()

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Visibility.NAMED and not data.get("shared_with"):
            self.add_error("shared_with", _("Name at least one Member to share it with."))
        return data


class ProposalForm(NamedMembersMixin, forms.Form):
    """A new proposal: on an item of a meeting, or (for the secretariat) for a written procedure."""

    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    series = LocalizedModelChoiceField(
        label=_("Series"),
        queryset=None,
        required=False,
        label_attr="name",
        help_text=_("For a proposal decided in writing between meetings."),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    text_en = forms.CharField(
        label=_("Text (English)"), widget=forms.Textarea, help_text=_("Markdown.")
    )
    text_fr = forms.CharField(label=_("Text (French)"), widget=forms.Textarea, required=False)
    members = LocalizedModelMultipleChoiceField(
        label=_("Tabled by Members"), queryset=None, required=False
    )
    secretariat = forms.BooleanField(label=_("Tabled by the secretariat"), required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    shared_with = LocalizedModelMultipleChoiceField(
        label=_("Named Members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “Named Members”: the Members who may see it."),
    )

    def __init__(self, *args, region, own_members, is_secretariat, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_members(region)
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(session__region=region, meeting__isnull=False)
            .select_related("meeting__series")
            .order_by("-session__starts_at", "position")
        )
        self.fields["agenda_item"].label_from_instance = lambda i: (
            f"{i.meeting.reference}: {i.title}"
        )
        self.fields["series"].queryset = region.series.all()
        self.fields["members"].queryset = (
            region.members.all() if is_secretariat else region.members.filter(pk__in=own_members)
        )
        if not is_secretariat:
            del self.fields["series"], self.fields["secretariat"]

    def clean(self):
        data = super().clean()
        item, series = data.get("agenda_item"), data.get("series")
        if not item and not series:
            raise forms.ValidationError(
                _("Choose an agenda item, or a series for a written procedure.")
            )
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        item = data.pop("agenda_item")
        if item:
            data.update(agenda_item=item, meeting=item.meeting, series=item.meeting.series)
        data.setdefault("secretariat", False)
        return data


class ProposalEditForm(NamedMembersMixin, VersionedForm):
    """A draft's text and who may see it; who tables it and where stay as drafted."""

    class Meta:
        model = Proposal
        fields = ["title_en", "title_fr", "text_en", "text_fr", "visibility", "shared_with"]
        widgets = {"shared_with": forms.CheckboxSelectMultiple}
        field_classes = {"shared_with": LocalizedModelMultipleChoiceField}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_members(region)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, Excel or an image; 20 MB at most.")
    )


class ConsensusForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (o.value, o.label) for o in Decision.Outcome if o not in (Decision.Outcome.REJECTED,)
        ],
    )
    unanimous = forms.BooleanField(
        label=_("Unanimously"), required=False, help_text=_("Otherwise: by consensus.")
    )


class VoteOpenForm(forms.Form):
    mode = forms.ChoiceField(label=_("How"), choices=Vote.Mode.choices)
    ballot = forms.ChoiceField(label=_("Ballot"), choices=Vote.Ballot.choices)
    quorum = forms.IntegerField(label=_("Quorum"), min_value=0, initial=0)
    majority = forms.ChoiceField(label=_("Majority"), choices=Vote.Majority.choices)
    base = forms.ChoiceField(label=_("Counted"), choices=Vote.Base.choices)
    tie_rule = forms.ChoiceField(label=_("Tie rule"), choices=Vote.TieRule.choices)
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=LocalDateTimeInput(),
        required=False,
        help_text=_("In writing only; in the region's time zone."),
    )

    def __init__(self, *args, region, has_meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(region.time_zone)
        if not has_meeting:
            self.fields["mode"].choices = [
                c for c in Vote.Mode.choices if c[0] != Vote.Mode.MEETING
            ]

    def clean_deadline(self):
        value = self.cleaned_data.get("deadline")
        # The browser sends wall-clock time: read it in the region's zone.
        return value.replace(tzinfo=self.zone) if value else None


class BallotForm(forms.Form):
    member = LocalizedModelChoiceField(label=_("For"), queryset=None)
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Choice.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, members, silence=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        if silence:
            self.fields["choice"].choices = [(Choice.NO.value, _("I object"))]
            self.fields["choice"].label = _("Objection")


class CloseForm(forms.Form):
    casting_vote = forms.ChoiceField(
        label=_("Chair's casting vote"),
        choices=[
            ("", _("none")),
            (Choice.YES.value, Choice.YES.label),
            (Choice.NO.value, Choice.NO.label),
        ],
        required=False,
        help_text=_("Needed only on a tie, when the stated rule gives the chair a casting vote."),
    )

    def __init__(self, *args, casting, **kwargs):
        super().__init__(*args, **kwargs)
        if not casting:  # the tie rule gives the chair no casting vote
            del self.fields["casting_vote"]


class RegisterFilter(forms.Form):
    series = forms.ChoiceField(label=_("Series"), required=False)
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False, empty_label=_("any")
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999, required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("any")), *Decision.Outcome.choices], required=False
    )
    q = forms.CharField(label=_("Words or reference"), max_length=100, required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [("", _("any"))] + [
            (s.reference, s.reference) for s in region.series.all()
        ]
        self.fields["meeting"].queryset = Meeting.objects.filter(
            series__region=region
        ).select_related("series")
        self.fields["meeting"].label_from_instance = lambda m: m.reference


class ActionOwnerMixin:
    def set_owners(self, region):
        self.fields["member"].queryset = region.members.all()
        self.fields["entity"].queryset = region.entities.all()
        self.fields["entity"].label_attr = "short_name"

    def clean(self):
        data = super().clean()
        if data.get("member") and data.get("entity"):
            raise forms.ValidationError(_("Choose a Member or an entity, not both."))
        return data


class ActionForm(ActionOwnerMixin, forms.Form):
    """A follow-up action; without a Member or an entity, the secretariat owns it."""

    text_en = forms.CharField(label=_("Action (English)"), max_length=500)
    text_fr = forms.CharField(label=_("Action (French)"), max_length=500, required=False)
    member = LocalizedModelChoiceField(label=_("Owner: a Member"), queryset=None, required=False)
    entity = LocalizedModelChoiceField(
        label=_("or an entity"), queryset=None, required=False, label_attr="short_name"
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_owners(region)


class ActionEditForm(ActionOwnerMixin, VersionedForm):
    class Meta:
        model = Action
        fields = ["text_en", "text_fr", "member", "entity", "due_on"]
        field_classes = {"member": LocalizedModelChoiceField, "entity": LocalizedModelChoiceField}
        labels = {
            "text_en": _("Action (English)"),
            "text_fr": _("Action (French)"),
            "member": _("Owner: a Member"),
            "entity": _("or an entity"),
            "due_on": _("Due on"),
        }
        widgets = {"due_on": DateInput}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_owners(region)


class ActionReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in (Action.Status.IN_PROGRESS, Action.Status.DONE)],
    )
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea, required=False)

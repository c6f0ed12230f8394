import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput, LocalizedModelChoiceField
from secretariat.meetings.forms import LocalDateTimeInput
from secretariat.meetings.models import AgendaItem
from secretariat.regions.models import Post


class CallForm(forms.Form):
    post = LocalizedModelChoiceField(label=_("Post"), queryset=None, label_attr="name")
    term_starts_on = forms.DateField(label=_("Term starts on"), widget=DateInput())
    term_ends_on = forms.DateField(label=_("Term ends on"), widget=DateInput(), required=False)
    seats = forms.IntegerField(
        label=_("Seats to fill"), min_value=1, required=False, help_text=_("Empty: every seat.")
    )
    deadline = forms.DateTimeField(
        label=_("Nominations close on"),
        widget=LocalDateTimeInput(),
        help_text=_("In the region's time zone."),
    )
    subject_to_confirmation = forms.BooleanField(
        label=_("Subject to confirmation by another body"), required=False
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(region.time_zone)
        self.fields["post"].queryset = Post.objects.filter(
            region=region, holder_kind__in=[Post.HolderKind.MEMBER, Post.HolderKind.PERSON]
        )

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        return value.replace(tzinfo=self.zone)  # wall-clock time in the region's zone


class NominationForm(forms.Form):
    proposed_by = LocalizedModelChoiceField(label=_("Proposed by"), queryset=None)
    nominee = LocalizedModelChoiceField(label=_("Nominee"), queryset=None)
    statement = forms.CharField(
        label=_("Statement"), widget=forms.Textarea, help_text=_("Markdown.")
    )

    def __init__(self, *args, call, proposers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"].queryset = proposers
        region = call.region
        if call.post.holder_kind == Post.HolderKind.PERSON:
            self.fields["nominee"].queryset = region.people.filter(is_active=True)
        else:
            self.fields["nominee"].queryset = region.members.all()


class SlateForm(forms.Form):
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(session__region=region, meeting__isnull=False)
            .select_related("meeting__series")
            .order_by("-session__starts_at", "position")
        )
        self.fields["agenda_item"].label_from_instance = lambda i: (
            f"{i.meeting.reference}: {i.title}"
        )


class ElectionBallotForm(forms.Form):
    """A Member's ballot in an election: up to as many candidates as there are seats."""

    member = forms.ModelChoiceField(queryset=None, label=_("Voting for"))
    nominations = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Candidates"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, candidates, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["nominations"].queryset = candidates
        self.fields["nominations"].label_from_instance = lambda n: n.nominee.display
        self.fields["nominations"].help_text = _("Choose up to %(seats)d.") % {"seats": seats}

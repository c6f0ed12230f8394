import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput, LocalizedModelChoiceField
from secretariat.decisions.forms import VoteOpenForm
from secretariat.decisions.models import Vote
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
    """At a meeting (an agenda item), or in writing between meetings (a series)."""

    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False)
    series = LocalizedModelChoiceField(
        label=_("or in writing, in the series"),
        queryset=None,
        required=False,
        label_attr="name",
        help_text=_("For an election in writing between meetings."),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = region.series.all()
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(session__region=region, meeting__isnull=False)
            .select_related("meeting__series")
            .order_by("-session__starts_at", "position")
        )
        self.fields["agenda_item"].label_from_instance = lambda i: (
            f"{i.meeting.reference}: {i.title}"
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("agenda_item")) == bool(data.get("series")):
            raise forms.ValidationError(
                _("Choose an agenda item, or a series for a written procedure.")
            )
        return data

    def service_kwargs(self) -> dict:
        item = self.cleaned_data["agenda_item"]
        if item is None:
            return {"series": self.cleaned_data["series"]}
        return {"series": item.meeting.series, "meeting": item.meeting, "agenda_item": item}


class ElectionOpenForm(VoteOpenForm):
    """How the election is held: a vote's form with only its mode and deadline (the ballot is
    secret, the rule "in order of votes, a tie to the earliest nominated")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("ballot", "quorum", "majority", "base", "tie_rule"):
            del self.fields[name]
        self.fields["mode"].choices = [
            c for c in self.fields["mode"].choices if c[0] != Vote.Mode.SILENCE
        ]


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

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput, LocalizedModelChoiceField
from secretariat.meetings.models import AgendaItem
from secretariat.plans.models import Activity, Indicator


class ReportForm(forms.Form):
    entity = LocalizedModelChoiceField(label=_("Regional entity"), queryset=None, empty_label=None)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Period from"), widget=DateInput())
    ends_on = forms.DateField(label=_("Period to"), widget=DateInput())

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities


class _Labelled(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.objective.focus_area.plan.title} · {obj}"


class WriteForm(forms.Form):
    """One text pair per section, and the plan items the report speaks to."""

    activities = _Labelled(
        label=_("Plan activities reported on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = _Labelled(
        label=_("Plan indicators reported on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, report, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[f"s{section.pk}_en"] = forms.CharField(
                label=_("%(heading)s (English)") % {"heading": section.heading},
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
                initial=section.body_en,
                help_text=_("Markdown."),
            )
            self.fields[f"s{section.pk}_fr"] = forms.CharField(
                label=_("%(heading)s (French)") % {"heading": section.heading},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=section.body_fr,
            )
        plan_items = {"objective__focus_area__plan__region": report.region}
        related = ("objective__focus_area__plan",)
        self.fields["activities"].queryset = Activity.objects.filter(**plan_items).select_related(
            *related
        )
        self.fields["indicators"].queryset = Indicator.objects.filter(**plan_items).select_related(
            *related
        )
        self.fields["activities"].initial = list(report.activities.values_list("pk", flat=True))
        self.fields["indicators"].initial = list(report.indicators.values_list("pk", flat=True))

    def section_texts(self):
        return {
            s: (self.cleaned_data[f"s{s.pk}_en"], self.cleaned_data[f"s{s.pk}_fr"])
            for s in self.sections
        }


class _AgendaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        day = obj.session.starts_at.date().isoformat() if obj.session.starts_at else "—"
        return f"{day} · {obj.title}"


class PresentForm(forms.Form):
    agenda_item = _AgendaChoice(label=_("Presented at"), queryset=None)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(session__region=region, parent__isnull=True)
            .select_related("session")
            .order_by("-session__starts_at", "position")
        )

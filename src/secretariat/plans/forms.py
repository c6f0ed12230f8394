from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput, LocalizedModelChoiceField, VersionedForm
from secretariat.decisions.models import Decision
from secretariat.regions.models import Entity, Member

from .models import (
    Activity,
    Evidence,
    FocusArea,
    Indicator,
    Objective,
    Plan,
    Question,
    ReportingPeriod,
    Survey,
)


class ProgressForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Reporting period"), queryset=None, empty_label=None)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    narrative = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Visible to the secretariat once submitted, and to all once approved."),
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, CSV or an image; checked by its content."),
    )
    evidence_audience = forms.ChoiceField(
        label=_("Who may download the evidence"),
        choices=Evidence.Audience.choices,
        initial=Evidence.Audience.MEMBERS,
    )

    def __init__(self, *args, periods, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["value"].help_text = _("In %(unit)s.") % {"unit": unit}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SuccessorForm(forms.Form):
    slug = forms.SlugField(label=_("Short address"), help_text=_("For example rsp-2022-2024."))
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class AnswerForm(forms.Form):
    """One field per question; the service checks the values and says what is wrong."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question, answers.get(question.pk, ""))

    @staticmethod
    def _field(question, initial):
        label = question.text + (" *" if question.required else "")
        common = {"label": label, "required": False, "initial": initial}
        kind = question.kind
        if kind == "yes_no":
            choices = [("yes", _("Yes")), ("no", _("No"))]
        elif kind == "scale":
            choices = [(str(n), str(n)) for n in range(1, question.scale_max + 1)]
        elif kind == "choice":
            choices = [(o, o) for o in question.option_list]
        elif kind == "number":
            return forms.CharField(**common, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        else:
            return forms.CharField(**common, widget=forms.Textarea(attrs={"rows": 3}))
        return forms.ChoiceField(**common, choices=choices, widget=forms.RadioSelect)

    def answers(self):
        return {q: self.data.get(f"q{q.pk}", "") for q in self.questions}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns: code, period, value and, if you like, narrative."),
    )


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: code and objective; for a new indicator also title_en, unit, baseline "
            "and baseline_on; if you like title_fr, direction (up or down), measured_by_en, "
            "measured_by_fr, weight and one “target <period>” column per period."
        ),
    )


# Building a plan and its survey: the secretariat's pages


_DATES = {"starts_on": DateInput(), "ends_on": DateInput()}
_PLAN_FIELDS = [
    "title_en",
    "title_fr",
    "starts_on",
    "ends_on",
    "status",
    "summary_en",
    "summary_fr",
    "endorsement",
    "endorsing_decision",
    "dashboard_audience",
    "on_track_margin",
    "at_risk_margin",
]
_COORDINATOR_FIELDS = {
    "coordinator_member": LocalizedModelChoiceField,
    "coordinator_entity": LocalizedModelChoiceField,
}


class _InRegion:
    """Choices limited to the plan's region (coordinators, decisions, plans, objectives)."""

    def __init__(self, *args, region, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        if "coordinator_member" in fields:
            fields["coordinator_member"].queryset = Member.objects.filter(region=region)
            fields["coordinator_entity"].queryset = Entity.objects.filter(region=region)
        if "endorsing_decision" in fields:
            fields["endorsing_decision"].queryset = Decision.objects.filter(region=region)
        if "plan" in fields:
            fields["plan"].queryset = Plan.objects.filter(region=region)
        if "objective" in fields:
            fields["objective"].queryset = Objective.objects.filter(focus_area__plan=plan)


class PlanForm(_InRegion, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["slug", *_PLAN_FIELDS]
        widgets = _DATES
        help_texts = {"slug": _("For example rsp-2022-2024.")}


class PlanEditForm(_InRegion, VersionedForm):
    class Meta:
        model = Plan
        fields = _PLAN_FIELDS
        widgets = _DATES


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["label", "starts_on", "ends_on"]
        widgets = _DATES


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["number", "title_en", "title_fr", "weight"]


class FocusAreaEditForm(VersionedForm):
    Meta = FocusAreaForm.Meta


class ObjectiveForm(_InRegion, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["number", "title_en", "title_fr", "weight", *_COORDINATOR_FIELDS]
        field_classes = _COORDINATOR_FIELDS


class ObjectiveEditForm(_InRegion, VersionedForm):
    Meta = ObjectiveForm.Meta


class ActivityForm(_InRegion, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title_en",
            "title_fr",
            "due_on",
            "is_milestone",
            "status",
            *_COORDINATOR_FIELDS,
        ]
        field_classes = _COORDINATOR_FIELDS
        widgets = {"due_on": DateInput()}


class ActivityEditForm(_InRegion, VersionedForm):
    Meta = ActivityForm.Meta


class _Targets:
    """One target field per reporting period of the plan, after the indicator's own fields."""

    def __init__(self, *args, plan, targets=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.periods = list(plan.periods.all())
        for period in self.periods:
            self.fields[f"target_{period.pk}"] = forms.DecimalField(
                label=_("Target for %(period)s") % {"period": period.label},
                max_digits=14,
                decimal_places=2,
                required=False,
                initial=(targets or {}).get(period.pk),
            )

    def targets(self) -> dict:
        return {p: self.cleaned_data.get(f"target_{p.pk}") for p in self.periods}


class IndicatorForm(_Targets, _InRegion, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "objective",
            "code",
            "title_en",
            "title_fr",
            "unit",
            "baseline_value",
            "baseline_on",
            "direction",
            "measured_by_en",
            "measured_by_fr",
            "weight",
            *_COORDINATOR_FIELDS,
        ]
        field_classes = _COORDINATOR_FIELDS
        widgets = {
            "baseline_on": DateInput(),
            "measured_by_en": forms.Textarea(attrs={"rows": 3}),
            "measured_by_fr": forms.Textarea(attrs={"rows": 3}),
        }


class IndicatorEditForm(_Targets, _InRegion, VersionedForm):
    Meta = IndicatorForm.Meta


class SurveyForm(_InRegion, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title_en", "title_fr", "plan"]


class SurveyEditForm(_InRegion, VersionedForm):
    Meta = SurveyForm.Meta


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "text_en", "text_fr", "options", "scale_max", "required"]
        widgets = {"options": forms.Textarea(attrs={"rows": 4})}


class QuestionEditForm(VersionedForm):
    Meta = QuestionForm.Meta

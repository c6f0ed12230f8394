from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import DateInput

from .models import Evidence


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

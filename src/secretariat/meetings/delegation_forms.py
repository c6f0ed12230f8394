"""Forms for invitations, delegation registration and attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import LocalizedModelMultipleChoiceField
from secretariat.regions.models import Member, Organisation

from .models import Delegate


class InviteForm(forms.Form):
    members = LocalizedModelMultipleChoiceField(
        label=_("Members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = LocalizedModelMultipleChoiceField(
        label=_("Observer organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateTimeField(
        label=_("Registration deadline"),
        help_text=_("In your time zone. Contact points register their delegations before it."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, members, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["organisations"].queryset = organisations

    def clean(self):
        data = super().clean()
        if not data.get("members") and not data.get("organisations"):
            raise forms.ValidationError(_("Choose at least one Member or organisation."))
        return data


NOT_IN = ""
ROLE_CHOICES = [(NOT_IN, _("not in the delegation")), *Delegate.Role.choices]


class RegisterForm(forms.Form):
    """One role and one 'hide my email' per person of the invited Member."""

    def __init__(self, *args, people, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            seat = current.get(person.pk)
            self.fields[f"role_{person.pk}"] = forms.ChoiceField(
                label=_("Role of %(p)s") % {"p": person},
                choices=ROLE_CHOICES,
                required=False,
                initial=seat.role if seat else NOT_IN,
            )
            self.fields[f"hide_{person.pk}"] = forms.BooleanField(
                label=_("Hide the email of %(p)s") % {"p": person},
                required=False,
                initial=seat.hide_email if seat else False,
            )

    def rows(self):
        return [
            (person, self[f"role_{person.pk}"], self[f"hide_{person.pk}"]) for person in self.people
        ]

    def delegates(self):
        return [
            (person, self.cleaned_data[f"role_{person.pk}"], self.cleaned_data[f"hide_{person.pk}"])
            for person in self.people
            if self.cleaned_data[f"role_{person.pk}"]
        ]


ATTENDANCE_CHOICES = [("", _("not marked")), ("yes", _("attended")), ("no", _("absent"))]
ATTENDANCE_VALUES = {"": None, "yes": True, "no": False}
ATTENDANCE_KEYS = {v: k for k, v in ATTENDANCE_VALUES.items()}


class AttendanceForm(forms.Form):
    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegates = list(delegates)
        for d in self.delegates:
            self.fields[f"att_{d.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(p)s") % {"p": d.person},
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=ATTENDANCE_KEYS[d.attended],
            )

    def rows(self):
        return [(d, self[f"att_{d.pk}"]) for d in self.delegates]

    def marks(self):
        return {d.pk: ATTENDANCE_VALUES[self.cleaned_data[f"att_{d.pk}"]] for d in self.delegates}

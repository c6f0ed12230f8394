"""Forms for invitations, delegation registration and attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.forms import LocalizedModelMultipleChoiceField
from secretariat.regions.models import Entity, Member, Organisation, Person

from .models import Delegate, PresidingOfficer, RegistrationQuestion


class InviteForm(forms.Form):
    members = LocalizedModelMultipleChoiceField(
        label=_("Members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    entities = LocalizedModelMultipleChoiceField(
        label=_("Regional entities"),
        queryset=Entity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = LocalizedModelMultipleChoiceField(
        label=_("Observer organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Invited individuals"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_(
            "A host-government minister, an expert: people on the region's list, each invited "
            "in their own name. Hold Ctrl (or Cmd) to choose several."
        ),
    )
    deadline = forms.DateTimeField(
        label=_("Registration deadline"),
        help_text=_("In your time zone. Contact points register their delegations before it."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, members, entities, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["entities"].queryset = entities
        self.fields["organisations"].queryset = organisations
        self.fields["people"].queryset = people

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("members", "entities", "organisations", "people")):
            raise forms.ValidationError(
                _("Choose at least one Member, entity, organisation or person.")
            )
        return data


NOT_IN = ""
ROLE_CHOICES = [(NOT_IN, _("not in the delegation")), *Delegate.Role.choices]


YES_NO = [("", "—"), ("yes", _("yes")), ("no", _("no"))]


def _answer_field(question, label, initial=""):
    if question.kind == RegistrationQuestion.Kind.YES_NO:
        return forms.ChoiceField(label=label, choices=YES_NO, required=False, initial=initial)
    return forms.CharField(label=label, max_length=500, required=False, initial=initial)


class RegisterForm(forms.Form):
    """One role and one 'hide my email' per person of the invitee; in a hybrid session how
    each attends; each of the session's questions; and one new person added inline."""

    def __init__(
        self,
        *args,
        people,
        current,
        questions=(),
        answers=None,
        hybrid=False,
        allow_new=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.questions = list(questions)
        self.hybrid = hybrid
        answers = answers or {}
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
            if hybrid:
                self.fields[f"mode_{person.pk}"] = forms.ChoiceField(
                    label=_("How %(p)s attends") % {"p": person},
                    choices=MODE_CHOICES,
                    required=False,
                    initial=seat.mode if seat else "",
                )
            for q in self.questions:
                self.fields[f"q{q.pk}_{person.pk}"] = _answer_field(
                    q,
                    _("%(question)s (%(p)s)") % {"question": q.text, "p": person},
                    answers.get((person.pk, q.pk), ""),
                )
        self.new = []
        if allow_new:
            self.fields["new_name"] = forms.CharField(
                label=_("Full name"), max_length=200, required=False
            )
            self.fields["new_position"] = forms.CharField(
                label=_("Position"), max_length=200, required=False
            )
            self.fields["new_email"] = forms.EmailField(label=_("Email"), required=False)
            self.fields["new_role"] = forms.ChoiceField(
                label=_("Role in the delegation"), choices=ROLE_CHOICES, required=False
            )
            names = ["new_name", "new_position", "new_email", "new_role"]
            if hybrid:
                self.fields["new_mode"] = forms.ChoiceField(
                    label=_("Attends"), choices=MODE_CHOICES, required=False
                )
                names.append("new_mode")
            for q in self.questions:
                self.fields[f"new_q{q.pk}"] = _answer_field(q, q.text)
                names.append(f"new_q{q.pk}")
            self.new = [self[name] for name in names]

    def clean(self):
        data = super().clean()
        if data.get("new_name", "").strip() and not data.get("new_role"):
            self.add_error("new_role", _("Choose a role in the delegation for the new person."))
        return data

    def rows(self):
        return [
            {
                "person": person,
                "role": self[f"role_{person.pk}"],
                "hide": self[f"hide_{person.pk}"],
                "mode": self[f"mode_{person.pk}"] if self.hybrid else None,
                "answers": [self[f"q{q.pk}_{person.pk}"] for q in self.questions],
            }
            for person in self.people
        ]

    def delegates(self):
        return [
            (person, self.cleaned_data[f"role_{person.pk}"], self.cleaned_data[f"hide_{person.pk}"])
            for person in self.people
            if self.cleaned_data[f"role_{person.pk}"]
        ]

    def modes(self):
        if not self.hybrid:
            return {}
        return {p.pk: self.cleaned_data[f"mode_{p.pk}"] for p in self.people}

    def answers(self):
        return {
            p.pk: {q.pk: self.cleaned_data[f"q{q.pk}_{p.pk}"] for q in self.questions}
            for p in self.people
        }

    def new_person(self):
        """The person added inline, as delegation_register takes it, or None."""
        data = self.cleaned_data
        if not data.get("new_name", "").strip():
            return None
        return {
            "name": data["new_name"].strip(),
            "position_en": data["new_position"].strip(),
            "email": data["new_email"],
            "role": data["new_role"],
            "mode": data.get("new_mode", ""),
            "answers": {q.pk: data[f"new_q{q.pk}"] for q in self.questions},
        }


MODE_CHOICES = [("", _("not said")), *Delegate.Mode.choices]


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("New deadline"),
        help_text=_(
            "In your time zone. Those who have not registered yet receive the new deadline by mail."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


QUESTION_PRESETS = [
    ("", _("Write my own question"), RegistrationQuestion.Kind.TEXT, "", ""),
    (
        "arrival",
        _("Arrival and departure"),
        RegistrationQuestion.Kind.TEXT,
        "Arrival and departure (dates, flights)",
        "Arrivée et départ (dates, vols)",
    ),
    (
        "visa",
        _("Visa letter"),
        RegistrationQuestion.Kind.YES_NO,
        "Do you need a letter for your visa?",
        "Avez-vous besoin d'une lettre pour votre visa ?",
    ),
    (
        "dietary",
        _("Dietary needs"),
        RegistrationQuestion.Kind.TEXT,
        "Dietary needs",
        "Besoins alimentaires",
    ),
    (
        "access",
        _("Access needs"),
        RegistrationQuestion.Kind.TEXT,
        "Access needs (mobility, hearing, sight)",
        "Besoins d'accessibilité (mobilité, audition, vue)",
    ),
]
PRESETS = {key: (kind, en, fr) for key, _label, kind, en, fr in QUESTION_PRESETS if key}


class QuestionForm(forms.Form):
    """A question from the usual ones, or the secretariat's own."""

    preset = forms.ChoiceField(
        label=_("Question"),
        choices=[(key, label) for key, label, *_rest in QUESTION_PRESETS],
        required=False,
    )
    text_en = forms.CharField(label=_("Own question (English)"), max_length=300, required=False)
    text_fr = forms.CharField(label=_("Own question (French)"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Answer"), choices=RegistrationQuestion.Kind.choices, required=False
    )

    def clean(self):
        data = super().clean()
        preset = data.get("preset")
        if preset:
            data["kind"], data["text_en"], data["text_fr"] = PRESETS[preset]
        elif not data.get("text_en", "").strip():
            raise forms.ValidationError(_("Choose a question or write your own in English."))
        data["kind"] = data.get("kind") or RegistrationQuestion.Kind.TEXT
        return data


ATTENDANCE_CHOICES = [
    ("", _("not marked")),
    (Delegate.Mode.IN_PERSON, _("present in person")),
    (Delegate.Mode.ONLINE, _("present online")),
    ("yes", _("present")),
    ("no", _("absent")),
]
# choice: (attended, mode)
ATTENDANCE_VALUES = {
    "": (None, ""),
    Delegate.Mode.IN_PERSON: (True, Delegate.Mode.IN_PERSON),
    Delegate.Mode.ONLINE: (True, Delegate.Mode.ONLINE),
    "yes": (True, ""),
    "no": (False, ""),
}


def attendance_key(delegate) -> str:
    if delegate.attended is None:
        return ""
    if delegate.attended is False:
        return "no"
    return delegate.mode or "yes"


class AttendanceForm(forms.Form):
    """One choice per registered person, of every kind of participant: present in person,
    present online, absent, or not marked."""

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegates = list(delegates)
        for d in self.delegates:
            self.fields[f"att_{d.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(p)s") % {"p": d.person},
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=attendance_key(d),
            )

    def rows(self):
        return [(d, self[f"att_{d.pk}"]) for d in self.delegates]

    def marks(self):
        return {
            d.pk: ATTENDANCE_VALUES[self.cleaned_data[f"att_{d.pk}"]][0] for d in self.delegates
        }

    def modes(self):
        return {
            d.pk: ATTENDANCE_VALUES[self.cleaned_data[f"att_{d.pk}"]][1] for d in self.delegates
        }


class PresidingForm(forms.Form):
    """Up to `ROWS` presiding officers: a person of the region, chair or co-chair, a capacity."""

    ROWS = 3

    def __init__(self, *args, people, current, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(current)
        for i in range(self.ROWS):
            officer = current[i] if i < len(current) else None
            self.fields[f"person_{i}"] = forms.ModelChoiceField(
                label=_("Person"),
                queryset=people,
                required=False,
                initial=officer.person_id if officer else None,
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Presides as"),
                choices=PresidingOfficer.Role.choices,
                required=False,
                initial=officer.role if officer else PresidingOfficer.Role.CHAIR,
            )
            self.fields[f"capacity_en_{i}"] = forms.CharField(
                label=_("Capacity (English)"),
                max_length=200,
                required=False,
                initial=officer.capacity_en if officer else "",
                help_text=_("Vice-Chair of the region, Director General of Customs of Indonesia."),
            )
            self.fields[f"capacity_fr_{i}"] = forms.CharField(
                label=_("Capacity (French)"),
                max_length=200,
                required=False,
                initial=officer.capacity_fr if officer else "",
            )

    def rows(self):
        return [
            [self[f"{name}_{i}"] for name in ("person", "role", "capacity_en", "capacity_fr")]
            for i in range(self.ROWS)
        ]

    def officers(self):
        data = self.cleaned_data
        return [
            (
                data[f"person_{i}"],
                data[f"role_{i}"],
                data[f"capacity_en_{i}"],
                data[f"capacity_fr_{i}"],
            )
            for i in range(self.ROWS)
            if data.get(f"person_{i}")
        ]

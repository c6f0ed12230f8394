"""core.views.form_save: one way a view saves a form and shows a service's refusal."""

from django import forms
from django.core.exceptions import ValidationError

from secretariat.core.views import form_save


class NoteForm(forms.Form):
    title = forms.CharField()
    file = forms.CharField(required=False)


def refuse(error):
    def save(form):
        raise error

    return save


def test_a_valid_form_returns_what_the_service_made():
    form = NoteForm({"title": "Agenda"})
    assert form_save(form, lambda form: form.cleaned_data["title"].upper()) == "AGENDA"
    assert not form.errors


def test_an_invalid_form_never_reaches_the_service():
    called = []
    form = NoteForm({})
    assert form_save(form, called.append) is None
    assert called == [] and "title" in form.errors


def test_a_refusal_goes_above_the_form_or_on_the_field_given():
    form = NoteForm({"title": "Agenda"})
    assert form_save(form, refuse(ValidationError("The agenda is adopted."))) is None
    assert form.non_field_errors() == ["The agenda is adopted."]

    form = NoteForm({"title": "Agenda"})
    form_save(form, refuse(ValidationError("Not a PDF.")), field="file")
    assert form.errors == {"file": ["Not a PDF."]}


def test_a_refusal_naming_fields_goes_on_them_and_the_rest_above():
    form = NoteForm({"title": "Agenda"})
    error = ValidationError({"title": "Taken.", "deadline": "Too late."})
    form_save(form, refuse(error))
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Too late."]


def test_nothing_posted_is_not_saved():
    called = []
    form = NoteForm(None)
    assert form_save(form, called.append) is None
    assert called == [] and not form.is_valid()


def test_after_a_refusal_the_form_is_no_longer_valid():
    form = NoteForm({"title": "Agenda"})
    form_save(form, refuse(ValidationError("The agenda is adopted.")))
    assert not form.is_valid()

import copy

from django import forms


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was loaded at, for core.versions."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, instance, **kwargs):
        # The form edits a copy: the service compares the untouched original with the changes.
        kwargs.setdefault("initial", {})["version"] = instance.version
        super().__init__(data, instance=copy.copy(instance), **kwargs)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def rebase(self, version: int):
        """After a conflict, let the next save apply on top of the version now stored."""
        self.data = self.data.copy()
        self.data["version"] = version


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LocalizedLabelsMixin:
    """Choices labelled in the viewer's language, by an attribute such as `display`."""

    def __init__(self, *args, label_attr="display", **kwargs):
        self.label_attr = label_attr
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return getattr(obj, self.label_attr)


class LocalizedModelChoiceField(LocalizedLabelsMixin, forms.ModelChoiceField):
    pass


class LocalizedModelMultipleChoiceField(LocalizedLabelsMixin, forms.ModelMultipleChoiceField):
    pass

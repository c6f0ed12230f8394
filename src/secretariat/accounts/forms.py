import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def zone_choices():
    zones = sorted(
        z
        for z in zoneinfo.available_timezones()
        if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones)]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Monthly statistics”."),
    )


class ActivateForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput, strip=False
    )
    password2 = forms.CharField(
        label=_("The same password again"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data

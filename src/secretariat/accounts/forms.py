import zoneinfo

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from secretariat.regions.models import Region

from . import services


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


class SignInAddressForm(forms.Form):
    email = forms.EmailField(label=_("New sign-in address"))
    password = forms.CharField(
        label=_("Your current password"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


RESET_REVOKES = _(
    "Setting a new password from a reset link also revokes your API access tokens and your "
    "calendar address: make new ones afterwards."
)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """allauth's 'forgotten password' form, saying what a reset revokes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = RESET_REVOKES


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    """allauth's new-password form behind a reset link: whoever could read the mailbox may
    have set it, so what opened the account without a password stops working too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = RESET_REVOKES

    def save(self):
        super().save()
        services.password_reset_revoke(user=self.user)


class RegionOpenForm(forms.ModelForm):
    """The platform administrator opens a region and names its first secretariat person."""

    person_name = forms.CharField(label=_("First secretariat person: full name"), max_length=200)
    person_email = forms.EmailField(
        label=_("Their email"), help_text=_("The invitation to sign in goes here.")
    )
    person_position = forms.CharField(label=_("Their position"), max_length=200, required=False)

    class Meta:
        model = Region
        fields = [
            "name_en",
            "name_fr",
            "short_name_en",
            "short_name_fr",
            "abbreviation",
            "slug",
            "time_zone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Usual time zone"), choices=zone_choices, initial="UTC"
        )

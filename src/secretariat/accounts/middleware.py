import zoneinfo

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _


class PreferencesMiddleware:
    """Signed-in people see pages in their chosen language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class SecretariatTwoFactorMiddleware:
    """The one place the rule lives: secretariat staff set up an authenticator app first.

    A secretariat role opens nominations, votes and restricted documents, so until its
    holder has TOTP every page but the account pages (sign-in, sign-out, two-factor
    set-up) sends them to the set-up page. Off when MFA_REQUIRED_FOR_SECRETARIAT is False.
    """

    EXEMPT = ("/accounts/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_SECRETARIAT
            and request.user.is_authenticated
            and not request.path.startswith(self.EXEMPT)
            and needs_two_factor(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Your secretariat role requires two-factor authentication: "
                    "set it up to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def needs_two_factor(user) -> bool:
    return user.has_perm("regions.act_as_secretariat") and not is_mfa_enabled(
        user, [Authenticator.Type.TOTP]
    )

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings

# The one password every demo account shares: printed by `demo`, refused everywhere else.
DEMO_PASSWORD = "demo-Jakarta-2020"


class AuthenticationBackend(AllauthBackend):
    """allauth's email login, which refuses the demo password outside demo mode."""

    def authenticate(self, request, **credentials):
        if not settings.DEMO and credentials.get("password") == DEMO_PASSWORD:
            return None
        return super().authenticate(request, **credentials)

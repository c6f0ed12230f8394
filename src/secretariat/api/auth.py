"""Who is calling the API: a personal access token, the site's session, or nobody.

Every operation accepts all three. An anonymous caller reads what the public
sees; a token or a session reads what its user may see, decided by the rules
in each app's `rules.py`. A token that is sent but not valid is refused with a
401 rather than silently read as anonymous, so a script never mistakes a
revoked token for a narrower view of the data.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from secretariat.accounts.models import AccessToken

# `last_used_at` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class AccessTokenAuth(HttpBearer):
    """`Authorization: Bearer sec_...`, a personal access token made on the account page."""

    def __call__(self, request):
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, secret = header.partition(" ")
        secret = secret.strip()
        if scheme.lower() != self.openapi_scheme or not secret:
            raise AuthenticationError(
                message=_("Send your access token as “Authorization: Bearer <token>”.")
            )
        return self.authenticate(request, secret)

    def authenticate(self, request, token):
        found = AccessToken.find(token)
        if found is None:
            raise AuthenticationError(
                message=_(
                    "This access token is not valid: it is unknown, it was revoked, "
                    "or its account is deactivated."
                )
            )
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        request.user = found.user
        return found.user


class SiteSessionAuth(SessionAuth):
    """The session of someone signed in to the site (same-origin use, e.g. the docs page)."""


def anonymous(request):
    """No credentials: the caller reads what the public sees."""
    request.user = AnonymousUser()
    return request.user


API_AUTH = [AccessTokenAuth(), SiteSessionAuth(), anonymous]
# Writes: nobody anonymous, refused with 401 before the body is read.
SIGNED_IN = [AccessTokenAuth(), SiteSessionAuth()]

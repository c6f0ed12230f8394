from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from secretariat.core import access
from secretariat.core.mail import mail_queue_text


def site():
    """What allauth's mails call the site ("Hello from …", "Thank you for using …"): the name
    the pages show, at the address links point to (there is no django.contrib.sites here)."""
    return SimpleNamespace(name="Secretariat", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """People join by invitation; allauth's mail (password reset...) goes through the outbox."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(
            template_prefix, email, {"email": email, "current_site": site()} | context
        )
        mail_queue_text(to=email, subject=message.subject, body=message.body)

    # Links in mail point to the configured address, never to the request's Host header: a
    # forged Host would otherwise send a reset link to someone else's site.
    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # Mail about an account goes to its sign-in address only (decision 0002).
        super().send_notification_mail(template_prefix, user, context, email=user.email)

    def set_password(self, user, password):
        # A change or a reset signs out the other sessions (their hash no longer matches):
        # the live streams they opened check their access again, and end.
        super().set_password(user, password)
        access.narrowed("password changed")

from allauth.account.adapter import DefaultAccountAdapter

from secretariat.core.mail import mail_queue_text


class AccountAdapter(DefaultAccountAdapter):
    """People join by invitation; allauth's mail (password reset...) goes through the outbox."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        mail_queue_text(to=email, subject=message.subject, body=message.body)

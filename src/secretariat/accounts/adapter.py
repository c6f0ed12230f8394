from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """People join by invitation from the secretariat, never by signing themselves up."""

    def is_open_for_signup(self, request):
        return False

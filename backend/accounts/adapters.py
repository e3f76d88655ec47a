from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.http import HttpRequest

from backend.accounts import services, tokens
from backend.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    """Once a student verifies their address, the school memberships its domain vouches for
    are approved (the sign-up form, backend/accounts/forms.py, sets the role and asks to
    join). A new password revokes the user's API tokens."""

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            services.membership_approve_by_domain(user=email_address.user)
        return confirmed

    def set_password(self, user: User, password: str) -> None:
        """allauth's password change, reset and set all come here."""
        tokens.user_password_set(user=user, password=password)

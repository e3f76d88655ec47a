from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "backend.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from backend.accounts.mfa import record_activation

        authenticator_added.connect(record_activation, dispatch_uid="accounts_mfa_activation")

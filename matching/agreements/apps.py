from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """A placement's lifecycle: agreements, signatures, handledare, minors' safety, evaluation."""

    name = "matching.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

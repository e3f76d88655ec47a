from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """A placement's lifecycle: agreements and signatures, handledare, safety for minors, evaluation."""

    name = "matching.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Chamber reporting: reads only (placement counts, supply versus demand, exports)."""

    name = "backend.reports"
    label = "reports"
    verbose_name = _("Reports")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who did what and when: staff actions and every read of a student's data by someone else."""

    name = "backend.audit"
    label = "audit"
    verbose_name = _("Audit log")

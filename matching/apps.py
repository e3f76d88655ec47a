from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        """Follow the supply and demand sides' changes, and check the weights at startup."""
        from companies import signals as company_signals
        from matching import checks, receivers  # noqa: F401 - checks register on import
        from schools import signals as school_signals

        company_signals.opportunity_changed.connect(
            receivers.opportunity_changed, dispatch_uid="matching.opportunity_changed"
        )
        company_signals.opportunity_closed.connect(
            receivers.opportunity_closed, dispatch_uid="matching.opportunity_closed"
        )
        company_signals.company_changed.connect(
            receivers.company_changed, dispatch_uid="matching.company_changed"
        )
        school_signals.placement_request_changed.connect(
            receivers.placement_request_changed, dispatch_uid="matching.placement_request_changed"
        )
        school_signals.student_profile_changed.connect(
            receivers.student_profile_changed, dispatch_uid="matching.student_profile_changed"
        )
        school_signals.school_changed.connect(
            receivers.school_changed, dispatch_uid="matching.school_changed"
        )

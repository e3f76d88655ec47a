"""Who may read which report (DESIGN.md, "Who may see and do what"), answered once for the
page, the API, commands and tests alike:

- chamber staff (and a superuser) read every report, all of them counts, and set the GLA target;
- a counsellor reads the coverage of their own schools (places secured against the need, the
  pupils still without a placement): backend/reports/coordinator.py;
- everyone reads the open data;
- nobody else reads anything.

The selectors and services ask these functions and raise PermissionDenied (a 403 on every
surface) with the message beside the rule when the answer is no.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import User

REPORTS_REFUSED = _("Only chamber staff see the reports.")
GLA_TARGET_REFUSED = _("Only chamber staff set the GLA target.")
COVERAGE_REFUSED = _("Only the school's counsellors see its pupils without a placement.")


def reads_reports(actor: Actor) -> bool:
    """The chamber's aggregated reports: chamber staff acting for the chamber, a superuser."""
    return actor.moderator


def reads_open_data(actor: Actor) -> bool:
    """The open data (suppressed counts under CC BY 4.0) is public."""
    return True


def sets_gla_target(actor: Actor) -> bool:
    return actor.moderator


def reads_school_coverage(actor: Actor) -> bool:
    """A counsellor reads their own schools' coverage (none when they act for no school yet)."""
    return actor.is_authenticated and actor.role == User.Role.COUNSELLOR


def coverage_school_ids(actor: Actor) -> frozenset[int]:
    """The schools whose coverage the actor reads: those they act for as a counsellor."""
    return actor.organisation_ids_as(User.Role.COUNSELLOR)


def require(allowed: bool, message: str) -> None:
    """The selectors' and services' one way to refuse: PermissionDenied saying why."""
    if not allowed:
        raise PermissionDenied(message)


def require_reports(actor: Actor) -> None:
    """Every report selector's first line."""
    require(reads_reports(actor), REPORTS_REFUSED)

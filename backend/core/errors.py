"""The domain's own errors, raised by services and selectors whatever surface called them.

Django's ValidationError (bad input, by field) and PermissionDenied (not theirs to do) complete
the set. Each surface maps them to its answer in one place: the API in backend/api/exceptions.py
(TransitionError a 400, Conflict a 409), the pages in frontend/views/common.py (a message).
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refusal whose `message` a person can act on."""

    default_message = ""

    def __init__(self, message: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class TransitionError(DomainError):
    """A status change the object's current state does not allow. `allowed`, when given, names
    the actions that are."""

    def __init__(self, message: str, *, allowed: Iterable[str] | None = None) -> None:
        super().__init__(message)
        self.allowed = None if allowed is None else tuple(allowed)


class Conflict(DomainError):  # noqa: N818 -- named for its answer, a 409 Conflict
    """The request was valid but the state changed under it: the last places were taken by
    someone else a moment earlier."""

    default_message = _("Someone else changed this at the same time; reload and try again.")

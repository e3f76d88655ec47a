"""What the school side's services share."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.core.errors import TransitionError
from backend.reference.models import Programme
from schools.models import School


class InvalidTransitionError(TransitionError):
    """A status change a school's or a request's current state does not allow; its message
    names what is allowed."""


def check_programme_offered(*, school: School, programme: Programme | None) -> None:
    """A school that lists its programmes is held to them."""
    if programme is None:
        return
    offered = set(school.programmes.values_list("code", flat=True))
    if offered and programme.code not in offered:
        raise ValidationError(
            {"programme": _("The school does not offer this programme.")},
            code="not_offered",
        )


def require(data: Mapping[str, Any], fields: Iterable[str]) -> None:
    missing = {field: _("This field is required.") for field in fields if data.get(field) is None}
    if missing:
        raise ValidationError(missing, code="required")

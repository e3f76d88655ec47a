"""Validators shared by the school side's models."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_MONTH = r"(?:0[1-9]|1[0-2])"
# Day of month, or day + 60 for a samordningsnummer.
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
# YYMMDD-XXXX (separator required, so ten-digit phone numbers pass) or YYYYMMDD[-]XXXX.
PERSONNUMMER_PATTERN = re.compile(
    rf"(?<!\d)(?:\d{{2}}{_MONTH}{_DAY}[-+]\d{{4}}|(?:19|20)\d{{2}}{_MONTH}{_DAY}[-+]?\d{{4}})(?!\d)"
)
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def looks_like_personnummer(text: str) -> bool:
    return bool(PERSONNUMMER_PATTERN.search(text or ""))


def validate_no_personnummer(text: str) -> None:
    """Refuse free text that seems to contain a Swedish personal identity number: we never store
    one, and students (often minors) paste them without thinking."""
    if looks_like_personnummer(text):
        raise ValidationError(
            _(
                "This text seems to contain a personal identity number (personnummer). "
                "Remove it: Praktikbryggan never stores personal identity numbers."
            ),
            code="personnummer",
        )


def validate_birth_date(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("A birth date cannot be in the future."), code="future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("Enter a birth date after 1900."), code="too_early")

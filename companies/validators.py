"""The Swedish organisationsnummer: ten digits, the last a Luhn check digit (Skatteverket)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s-]")


def normalise_organisation_number(value: str) -> str:
    """Digits only: "556036-0793" and "556036 0793" are both stored as "5560360793"."""
    return _SEPARATORS.sub("", str(value or ""))


def luhn_check_digit(digits: str) -> int:
    """The digit that makes `digits` + check digit pass the Luhn test (weights 2, 1, 2 … from the
    left, as Skatteverket computes it over the first nine digits)."""
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def validate_organisation_number(value: str) -> None:
    digits = normalise_organisation_number(value)
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        raise ValidationError(
            _("Enter an organisation number of ten digits, e.g. 556036-0793."), code="invalid"
        )
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("This organisation number has a wrong check digit; check it for typos."),
            code="checksum",
        )

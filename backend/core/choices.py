"""A choice field's label, read cheaply.

Django's get_<field>_display() (5.2) builds a dict of every choice on each call, hashing each
lazy label, which translates it: a list of 30 statuses spent half a millisecond there. A model
sets its own for the fields its lists show (Django keeps a get_<field>_display defined on the
class).
"""

from collections.abc import Callable

from django.db import models
from django.utils.encoding import force_str


def display(field: str, choices: type[models.Choices]) -> Callable[[models.Model], str]:
    """get_<field>_display as Django's: the label in the active language, or the value itself
    when it is not one of `choices`."""
    labels = dict(choices.choices)

    def get_display(instance: models.Model) -> str:
        value = getattr(instance, field)
        return force_str(labels.get(value, value), strings_only=True)

    return get_display

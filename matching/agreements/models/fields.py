"""Field helpers shared by the lifecycle's models."""

from django.db import models

MAX_TEXT = 2000


def text_field(label: str, *, max_length: int = MAX_TEXT) -> models.TextField:
    return models.TextField(label, max_length=max_length, blank=True)

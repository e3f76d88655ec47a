from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Organisation
from backend.reference.models import Municipality


class School(models.Model):
    """A school is an Organisation (membership, verification, suspension) with a place."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="school"
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Organisation
from backend.reference.models import Municipality


class Company(models.Model):
    """A company is an Organisation (membership, verification, suspension) with a place."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="company"
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

"""What chamber staff set for the reports: the GLA target of each school year."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GlaTarget(models.Model):
    """How many students the chamber aims to see in GLA (apprenticeship) placements in a school
    year; set by chamber staff on the target page."""

    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the school year starts: 2025 for 2025/26 (1 July to 30 June)."),
    )
    placements = models.PositiveIntegerField(
        _("target GLA placements"), help_text=_("Students in GLA placements starting that year.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("GLA target")
        verbose_name_plural = _("GLA targets")
        ordering = ["school_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_year__gte=2000, school_year__lte=2100),
                name="reports_glatarget_school_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year}/{(self.school_year + 1) % 100:02d}: {self.placements}"


class GlaTargetChange(models.Model):
    """Each time staff set a year's target: the history shown beside the target."""

    school_year = models.PositiveSmallIntegerField(_("school year"))
    placements = models.PositiveIntegerField(_("target GLA placements"))
    previous = models.PositiveIntegerField(_("previous target"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("GLA target change")
        verbose_name_plural = _("GLA target changes")
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.school_year}: {self.previous} -> {self.placements}"


class PlacementTally(models.Model):
    """The students of the counted (confirmed and completed) placements added up by the month
    they start, kind, programme and municipality: the summary the reports fold instead of
    reading a million placements. Kept exact on write by the placement services (confirm adds,
    cancel takes away: backend/reports/services.py); rebuilt whole after a bulk load."""

    month = models.DateField(_("month"))  # its first day
    kind = models.CharField(_("kind"), max_length=20)
    programme = models.CharField(_("programme"), max_length=8, blank=True)  # "": not stated
    municipality = models.CharField(_("municipality"), max_length=4)
    students = models.IntegerField(_("students"), default=0)
    # Of them: at an opportunity naming a STEM area when confirmed; each stated gender.
    stem_content = models.IntegerField(_("at STEM content"), default=0)
    female = models.IntegerField(_("female"), default=0)
    male = models.IntegerField(_("male"), default=0)
    other = models.IntegerField(_("other"), default=0)

    class Meta:
        verbose_name = _("placement tally")
        verbose_name_plural = _("placement tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kind", "programme", "municipality"],
                name="reports_tally_one_row_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.programme} {self.municipality}"

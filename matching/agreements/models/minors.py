"""The safety of pupils under 18: the company's risk assessment and the school's hour limits."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationLevel
from matching.agreements.models.fields import text_field
from matching.models import Placement
from schools.models import School


class RiskAssessment(models.Model):
    """The company's risk assessment for a pupil under 18 (Arbetsmiljöverket, AFS 2012:3,
    Minderårigas arbetsmiljö). Every item must be ticked before the company can confirm it;
    changing an item withdraws the confirmation."""

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="risk_assessment",
        verbose_name=_("placement"),
    )
    no_forbidden_tasks = models.BooleanField(
        _(
            "The tasks include no work forbidden for minors (e.g. dangerous machines, "
            "hazardous chemicals, heavy lifting, work alone with a risk of violence)"
        ),
        default=False,
    )
    supervision_arranged = models.BooleanField(
        _("An experienced adult supervises the pupil whenever they work"), default=False
    )
    hours_within_age_limits = models.BooleanField(
        _("The working hours are within the limits for the pupil's age (no night work)"),
        default=False,
    )
    risks_explained = models.BooleanField(
        _("The risks and the safety rules are explained to the pupil on the first day"),
        default=False,
    )
    protective_equipment = models.BooleanField(
        _("Any protective equipment the tasks need is provided"), default=False
    )
    notes = text_field(_("notes"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    ITEMS = (
        "no_forbidden_tasks",
        "supervision_arranged",
        "hours_within_age_limits",
        "risks_explained",
        "protective_equipment",
    )

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True)
                | Q(
                    no_forbidden_tasks=True,
                    supervision_arranged=True,
                    hours_within_age_limits=True,
                    risks_explained=True,
                    protective_equipment=True,
                ),
                name="agreements_risk_confirmed_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(self.placement)

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, item) for item in self.ITEMS)


class HourLimit(models.Model):
    """The working hours a school allows its pupils at one level (e.g. not before 06 or after
    20 for prao). Without a row the defaults in matching/agreements/rules.py apply."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="hour_limits", verbose_name=_("school")
    )
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)
    earliest_start = models.TimeField(_("earliest start"))
    latest_end = models.TimeField(_("latest end"))
    max_hours_per_day = models.PositiveSmallIntegerField(
        _("hours per day at most"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week at most"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )

    class Meta:
        verbose_name = _("hour limit")
        verbose_name_plural = _("hour limits")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "level"], name="agreements_hour_limit_one_per_level"
            ),
            models.CheckConstraint(
                condition=Q(latest_end__gt=F("earliest_start")),
                name="agreements_hour_limit_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_level_display()}"

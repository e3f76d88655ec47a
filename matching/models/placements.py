"""A placement: the confirmed outcome that the chamber counts."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.core.choices import display
from backend.reference.models import (
    EducationLevel,
    Municipality,
    PlacementKind,
    Programme,
    Sector,
)
from companies.models import Opportunity
from matching.models.applications import Application
from matching.models.matches import Proposal
from schools.models import PlacementRequest, School, StudentProfile


class Placement(models.Model):
    """N students of a school at an opportunity for a period; named (one student) or not.

    What the reports group by (kind, level, programme, municipality, the company's sector and
    chamber membership) is copied in when the placement is confirmed, so the counts neither need
    joins nor move when an opportunity or company is edited later, and survive a student's
    erasure (the gender too, which is never shown alone).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("opportunity"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="placements", verbose_name=_("school")
    )
    request = models.ForeignKey(
        PlacementRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("placement request"),
    )
    student = models.ForeignKey(
        StudentProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("student"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement",
        verbose_name=_("application"),
    )
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
        verbose_name=_("proposal"),
    )
    students_count = models.PositiveSmallIntegerField(_("number of students"), default=1)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    chamber_member = models.BooleanField(_("at a chamber member"), default=False)
    student_gender = models.CharField(
        _("student's gender"),
        max_length=10,
        choices=StudentProfile.Gender.choices,
        blank=True,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    # A placement the school confirmed waits for the company's agreement; one the company
    # confirmed (a proposal, an accepted offer) has it from the start.
    company_agreed_at = models.DateTimeField(_("company agreed at"), null=True, blank=True)
    company_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company agreed by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="matching_placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(students_count__gte=1), name="matching_placement_students_positive"
            ),
            models.CheckConstraint(
                condition=Q(student__isnull=True) | Q(students_count=1),
                name="matching_placement_named_is_one",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="matching_placement_completed_has_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="matching_placement_cancelled_has_at",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "start_date"], name="placement_status_start_idx"),
            models.Index(fields=["school", "status"], name="placement_school_idx"),
            # With what the reports read of a placement grouped by opportunity (the companies
            # report, STEM areas): an index-only scan in the order of the groups, a sixth of the
            # table, where the table was read whole and hashed (1,000,000 placements: 0.3 s
            # against 0.5-0.7 s).
            models.Index(
                fields=["opportunity", "status"],
                include=["municipality", "start_date", "students_count"],
                name="placement_opportunity_idx",
            ),
        ]

    get_status_display = display("status", Status)

    def __str__(self) -> str:
        return f"{self.students_count} x {self.opportunity} ({self.start_date} - {self.end_date})"

    @property
    def holds_places(self) -> bool:
        """A confirmed or completed placement used its places (of the opportunity and the
        request); only cancelling gives them back."""
        return self.status != self.Status.CANCELLED

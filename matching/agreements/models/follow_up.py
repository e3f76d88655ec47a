"""During and after a placement: the check-in and the two evaluations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.agreements.models.fields import MAX_TEXT, text_field
from matching.models import Placement


class CheckIn(models.Model):
    """The mid-placement three-way meeting (pupil, handledare, teacher), noted by one of them."""

    class Role(models.TextChoices):
        HANDLEDARE = "handledare", _("handledare")
        TEACHER = "teacher", _("teacher")

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("placement"),
    )
    held_on = models.DateField(_("held on"))
    note = models.TextField(_("note"), max_length=MAX_TEXT)
    author_role = models.CharField(_("noted by the"), max_length=12, choices=Role.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["placement", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.held_on}"


class HandledareEvaluation(models.Model):
    """The handledare's evaluation at the end; it also signs off the student's certificate."""

    class Attendance(models.TextChoices):
        FULL = "full", _("present every day")
        MOSTLY = "mostly", _("a few days absent")
        POOR = "poor", _("often absent")

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="handledare_evaluation",
        verbose_name=_("placement"),
    )
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices)
    strengths = models.TextField(_("the student's strengths"), max_length=MAX_TEXT)
    would_host_again = models.BooleanField(_("would host again"))
    signed_off_by_name = models.CharField(_("signed off by"), max_length=120)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("handledare's evaluation")
        verbose_name_plural = _("handledare's evaluations")
        indexes = [models.Index(fields=["would_host_again"], name="agreements_eval_host_idx")]

    def __str__(self) -> str:
        return str(self.placement)


class StudentEvaluation(models.Model):
    """The student's evaluation of the workplace."""

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="student_evaluation",
        verbose_name=_("placement"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_recommend = models.BooleanField(_("would recommend the workplace"))
    comment = text_field(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("student's evaluation")
        verbose_name_plural = _("student's evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="agreements_student_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return str(self.placement)

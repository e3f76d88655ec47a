"""A student's application to an opportunity, and the history of its status."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.core.choices import display
from companies.models import Opportunity
from schools.models import School, StudentProfile

CV_MAX_BYTES = 5 * 1024 * 1024


class PrivateStorage(FileSystemStorage):
    """Files that no URL serves: under PRIVATE_MEDIA_ROOT (default var/private), outside
    MEDIA_ROOT. A CV leaves only through the permission-checked download of the API."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        # Read on every use, so a test's settings override applies.
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL.")


_private_storage = PrivateStorage()


def cv_storage() -> PrivateStorage:
    return _private_storage


def cv_upload_to(application: "Application", filename: str) -> str:
    # The stored name never carries the uploader's file name.
    return f"cvs/{uuid.uuid4().hex}.pdf"


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        INTERVIEW = "interview", _("interview")
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Null once the student has been erased: the row stays, anonymised, for the counts.
    student = models.ForeignKey(
        StudentProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("student"),
    )
    # The student's school when they applied: the counsellor's view and the counts keep it.
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="applications", verbose_name=_("school")
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("opportunity"),
    )
    motivation = models.TextField(_("motivation"), max_length=5000)
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_upload_to, storage=cv_storage, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "opportunity"],
                condition=Q(student__isnull=False),
                name="matching_application_once_per_opportunity",
            ),
        ]
        indexes = [
            models.Index(fields=["opportunity", "status"], name="application_opportunity_idx"),
            models.Index(fields=["school", "status"], name="application_school_idx"),
        ]

    get_status_display = display("status", Status)

    def __str__(self) -> str:
        return f"{self.student or _('(erased)')} → {self.opportunity}"


class ApplicationEvent(models.Model):
    """One transition of an application: who moved it, from what to what, and when."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Application.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Application.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "id"]

    get_to_status_display = display("to_status", Application.Status)

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"

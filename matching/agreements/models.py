"""A placement's lifecycle: the plan agreed before it, the agreement versions and their
signatures, the safety of minors, the check-in during it and the evaluations after it.

Every row hangs off matching.Placement; the lifecycle status (draft → awaiting_signatures →
ready → started → evaluated) is computed by matching/agreements/selectors.py, never stored.
Writes go through matching/agreements/services.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationLevel
from companies.models import Opportunity
from matching.models import Placement
from schools.models import School

MAX_TEXT = 2000


def _text(label: str, *, max_length: int = MAX_TEXT) -> models.TextField:
    return models.TextField(label, max_length=max_length, blank=True)


class PlacementPlan(models.Model):
    """What the school and the company agree on before the placement: the agreement's content.

    Which fields a kind needs is in matching/agreements/rules.py (REQUIRED_PLAN_FIELDS)."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="plan", verbose_name=_("placement")
    )
    # The handledare (workplace supervisor)
    handledare_name = models.CharField(_("handledare"), max_length=120, blank=True)
    handledare_role = models.CharField(_("handledare's role"), max_length=120, blank=True)
    handledare_email = models.EmailField(_("handledare's e-mail"), blank=True)
    handledare_phone = models.CharField(_("handledare's phone"), max_length=40, blank=True)
    handledare_trained = models.BooleanField(
        _("the handledare has taken a handledare course"), default=False
    )
    # The contact teacher at the school
    teacher_name = models.CharField(_("contact teacher"), max_length=120, blank=True)
    teacher_email = models.EmailField(_("contact teacher's e-mail"), blank=True)
    teacher_phone = models.CharField(_("contact teacher's phone"), max_length=40, blank=True)
    # Times and tasks
    daily_start = models.TimeField(_("working day starts"), null=True, blank=True)
    daily_end = models.TimeField(_("working day ends"), null=True, blank=True)
    break_minutes = models.PositiveSmallIntegerField(
        _("breaks per day (minutes)"), default=0, validators=[MaxValueValidator(240)]
    )
    days_per_week = models.PositiveSmallIntegerField(
        _("working days per week"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    tasks = _text(_("tasks"))
    # Safety
    accident_contact = models.CharField(
        _("contact in case of an accident"), max_length=200, blank=True
    )
    insurance_note = _text(_("insurance"))
    # GLA: the employment terms and the utbildningskontrakt (gymnasieförordningen 4 kap.)
    salary_amount = models.DecimalField(
        _("salary"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    salary_period = models.CharField(
        _("salary period"), max_length=10, choices=Opportunity.SalaryPeriod.choices, blank=True
    )
    employment_hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week in the employment"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    education_parts = _text(_("parts of the education done at the workplace"))
    weeks_per_term = models.PositiveSmallIntegerField(
        _("weeks per term at the workplace"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    damage_cost_split = _text(_("how the cost of damage is split"))
    contract_start = models.DateField(_("contract period starts"), null=True, blank=True)
    contract_end = models.DateField(_("contract period ends"), null=True, blank=True)
    early_termination_grounds = _text(_("grounds for ending the contract early"))
    # Thesis
    company_supervisor_name = models.CharField(
        _("supervisor at the company"), max_length=120, blank=True
    )
    company_supervisor_email = models.EmailField(_("company supervisor's e-mail"), blank=True)
    university_name = models.CharField(_("university"), max_length=200, blank=True)
    university_supervisor_name = models.CharField(
        _("supervisor at the university"), max_length=120, blank=True
    )
    university_supervisor_email = models.EmailField(_("university supervisor's e-mail"), blank=True)
    confidentiality = _text(_("confidentiality"))
    publication_terms = _text(_("publication terms"))
    # The start of the placement, once everything it needs is in place
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("placement plan")
        verbose_name_plural = _("placement plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_start__isnull=True)
                | Q(daily_end__isnull=True)
                | Q(daily_end__gt=F("daily_start")),
                name="agreements_plan_day_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_end__gte=F("contract_start")),
                name="agreements_plan_contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.placement)


class Agreement(models.Model):
    """One version of the agreement document. Editing the plan creates the next version; the
    signatures of earlier versions stay as a record but no longer count."""

    class Kind(models.TextChoices):
        APL = "apl", _("Placement agreement (APL, LIA, prao, praktik)")
        GLA = "gla", _("GLA training contract (utbildningskontrakt)")
        THESIS = "thesis", _("Thesis agreement")

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("placement"),
    )
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The Swedish document as signed, byte for byte, and its SHA-256 (hex).
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["placement", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "version"], name="agreements_agreement_one_per_version"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="agreements_agreement_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.placement_id})"


class Signature(models.Model):
    """One party's confirmation of one agreement version, with the checksum of what it read."""

    class Party(models.TextChoices):
        STUDENT = "student", _("student")
        GUARDIAN = "guardian", _("guardian")
        SCHOOL = "school", _("school (huvudman)")
        COMPANY = "company", _("company (employer)")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("agreement"),
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    # The person who signs: the user, or the guardian whose signature a counsellor records.
    signer_name = models.CharField(_("name of the signer"), max_length=200)
    method = models.CharField(_("method"), max_length=20)
    reference = models.CharField(_("reference of the signing method"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["agreement", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"], name="agreements_signature_one_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.signer_name}"


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
    notes = _text(_("notes"))
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
    comment = _text(_("comment"))
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

"""The plan agreed before a placement, the agreement versions made from it and their signatures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from companies.models import Opportunity
from companies.opportunity_rules import MAX_CONTRACT_DAYS, salary_problem
from matching.agreements.models.fields import text_field
from matching.models import Placement


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
    tasks = text_field(_("tasks"))
    # Safety
    accident_contact = models.CharField(
        _("contact in case of an accident"), max_length=200, blank=True
    )
    insurance_note = text_field(_("insurance"))
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
    education_parts = text_field(_("parts of the education done at the workplace"))
    weeks_per_term = models.PositiveSmallIntegerField(
        _("weeks per term at the workplace"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    damage_cost_split = text_field(_("how the cost of damage is split"))
    contract_start = models.DateField(_("contract period starts"), null=True, blank=True)
    contract_end = models.DateField(_("contract period ends"), null=True, blank=True)
    early_termination_grounds = text_field(_("grounds for ending the contract early"))
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
    confidentiality = text_field(_("confidentiality"))
    publication_terms = text_field(_("publication terms"))
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

    def clean(self) -> None:
        """The constraints' rules as field errors (services validate with these, not with the
        constraints' names), and pay and contract lengths that can be real."""
        errors = {}
        if self.daily_start and self.daily_end and self.daily_end <= self.daily_start:
            errors["daily_end"] = _("The working day ends before it starts.")
        start, end = self.contract_start, self.contract_end
        if start and end and end < start:
            errors["contract_end"] = _("The contract period ends before it starts.")
        elif start and end and (end - start).days > MAX_CONTRACT_DAYS:
            errors["contract_end"] = _(
                "A GLA contract lasts at most three years, the rest of the education."
            )
        salary = salary_problem(self.salary_amount, self.salary_period)
        if salary:
            errors["salary_amount"] = salary
        if errors:
            raise ValidationError(errors)


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

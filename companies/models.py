"""The supply side: companies and the opportunities they publish.

Rules that must never be false are CheckConstraints; `Opportunity.clean()` repeats the ones a
person can break by typing, so forms and the API answer with a field error instead of an
IntegrityError. No business logic in save(): writes go through companies/services.py.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Organisation
from backend.reference.models import (
    EducationField,
    EducationLevel,
    Municipality,
    Occupation,
    PlacementKind,
    Programme,
    Sector,
    StemArea,
)
from companies.opportunity_rules import closed_for_applications, opportunity_errors
from companies.validators import validate_organisation_number


def logo_upload_to(company: "Company", filename: str) -> str:
    # A new name per upload, so a browser never shows a cached old logo.
    return f"companies/logos/{company.pk}/{uuid.uuid4().hex}-{filename}"


class Company(models.Model):
    """A company is an Organisation (membership, verification, suspension) with a profile."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="company"
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=10,
        unique=True,
        validators=[validate_organisation_number],
        error_messages={"unique": _("A company with this organisation number is registered.")},
        help_text=_("Ten digits (organisationsnummer); a hyphen is accepted and removed."),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="companies", verbose_name=_("sector")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    stem_areas = models.ManyToManyField(
        StemArea, related_name="companies", blank=True, verbose_name=_("STEM areas")
    )
    is_chamber_member = models.BooleanField(_("member of the chamber"), default=False)
    logo_256 = models.ImageField(_("logo, 256 px"), upload_to=logo_upload_to, blank=True)
    logo_64 = models.ImageField(_("logo, 64 px"), upload_to=logo_upload_to, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation_number__regex=r"^[0-9]{10}$"),
                name="companies_company_organisation_number_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name


SEARCHED_FIELDS = (
    "company",
    "municipality",
    "period_start",
    "period_end",
    "level",
    "kind",
    "accepts_any_programme",
    "remote_allowed",
)


def _opportunity_constraints() -> list[models.BaseConstraint]:
    apprenticeship = Q(kind=PlacementKind.APPRENTICESHIP)
    thesis = Q(kind=PlacementKind.THESIS)
    checks = {
        "period_both_or_neither": Q(period_start__isnull=True, period_end__isnull=True)
        | Q(period_start__isnull=False, period_end__isnull=False),
        "period_end_after_start": Q(period_end__gte=F("period_start"))
        | Q(period_start__isnull=True),
        "deadline_before_start": Q(application_deadline__lte=F("period_start"))
        | Q(application_deadline__isnull=True)
        | Q(period_start__isnull=True),
        "places_at_least_one": Q(places__gte=1),
        "places_taken_within_places": Q(places_taken__gte=0, places_taken__lte=F("places")),
        "speaks_a_language": Q(speaks_swedish=True) | Q(speaks_english=True),
        "non_eu_without_citizenship": Q(open_to_non_eu=False) | Q(swedish_citizenship=False),
        "apprenticeship_complete": ~apprenticeship
        | Q(
            level=EducationLevel.GYMNASIUM,
            salary_amount__isnull=False,
            hours_per_week__isnull=False,
            utbildningskontrakt_agreed=True,
        )
        & ~Q(salary_period="")
        & ~Q(handledare_name=""),
        "thesis_complete": ~thesis
        | Q(level__in=[EducationLevel.YRKESHOGSKOLA, EducationLevel.UNIVERSITY])
        & ~Q(thesis_degree=""),
        "published_has_published_at": ~Q(status="published") | Q(published_at__isnull=False),
        "closed_has_closed_at": ~Q(status="closed") | Q(closed_at__isnull=False),
        "hidden_has_reason": Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
    }
    return [
        models.CheckConstraint(condition=condition, name=f"companies_opportunity_{name}")
        for name, condition in checks.items()
    ]


class Opportunity(models.Model):
    """An internship (APL, LIA, prao, praktik), a thesis project or a GLA place."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class ThesisDegree(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor's thesis")
        MASTER = "master", _("Master's thesis")

    class SalaryPeriod(models.TextChoices):
        MONTHLY = "monthly", _("Per month")
        HOURLY = "hourly", _("Per hour")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="opportunities", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    programmes = models.ManyToManyField(
        Programme, related_name="opportunities", blank=True, verbose_name=_("programmes")
    )
    accepts_any_programme = models.BooleanField(_("any programme of the level"), default=False)
    # What an LIA posting, a university internship or a thesis is for, above the programmes.
    education_field = models.ForeignKey(
        EducationField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field of education"),
        help_text=_("The ISCED-F field the tasks belong to, e.g. 0714 Electronics and automation."),
    )
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation"),
        help_text=_("The occupation (SSYK 2012) the place trains for."),
    )
    stem_areas = models.ManyToManyField(
        StemArea, related_name="opportunities", blank=True, verbose_name=_("STEM areas")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    remote_allowed = models.BooleanField(_("remote work allowed"), default=False)
    # Both empty: a flexible period, agreed with the school or student.
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1)]
    )
    places_taken = models.PositiveSmallIntegerField(_("places taken"), default=0)
    speaks_swedish = models.BooleanField(_("Swedish"), default=True)
    speaks_english = models.BooleanField(_("English"), default=False)
    min_age_18 = models.BooleanField(_("minimum age 18"), default=False)
    driving_licence = models.BooleanField(_("driving licence"), default=False)
    security_clearance = models.BooleanField(_("security clearance"), default=False)
    swedish_citizenship = models.BooleanField(_("Swedish citizenship"), default=False)
    open_to_non_eu = models.BooleanField(
        _("open to students from outside the EU/EEA"),
        default=False,
        help_text=_("International students with a Swedish residence permit for studies."),
    )
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    thesis_degree = models.CharField(
        _("degree"), max_length=10, choices=ThesisDegree.choices, blank=True
    )
    thesis_credits = models.PositiveSmallIntegerField(
        _("credits"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Higher education credits (hp), e.g. 15 or 30."),
    )
    needs_university_supervisor = models.BooleanField(
        _("needs a supervisor at the university"), default=False
    )
    salary_amount = models.DecimalField(
        _("salary"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    salary_period = models.CharField(
        _("salary period"), max_length=10, choices=SalaryPeriod.choices, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    handledare_name = models.CharField(_("handledare"), max_length=120, blank=True)
    handledare_email = models.EmailField(_("handledare e-mail"), blank=True)
    handledare_phone = models.CharField(_("handledare phone"), max_length=40, blank=True)
    utbildningskontrakt_agreed = models.BooleanField(
        _("an utbildningskontrakt will be signed with the school"), default=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        # Drafts (never published) first, then the newest: what a company works on comes first.
        ordering = [F("published_at").desc(nulls_first=True), "-id"]
        indexes = [
            # The public list's default order, walked from the newest: a page reads a few rows.
            # On PostgreSQL it carries what the search filters test, so that a search and its
            # count read this index only, not the table.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(status="published", hidden_at__isnull=True),
                include=SEARCHED_FIELDS,
                name="opportunity_public_newest_idx",
            ),
            # Counting the public ones reads this small index only (with the organisations).
            models.Index(
                fields=["company"],
                condition=Q(status="published", hidden_at__isnull=True),
                name="opportunity_public_idx",
            ),
            models.Index(fields=["status"], name="opportunity_status_idx"),
            models.Index(fields=["kind", "level"], name="opportunity_kind_level_idx"),
            models.Index(fields=["level"], name="opportunity_level_idx"),
            models.Index(fields=["period_start"], name="opportunity_period_start_idx"),
            models.Index(fields=["period_end"], name="opportunity_period_end_idx"),
            models.Index(fields=["application_deadline"], name="opportunity_deadline_idx"),
            models.Index(fields=["published_at"], name="opportunity_published_at_idx"),
        ]
        constraints = _opportunity_constraints()

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = opportunity_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def places_left(self) -> int:
        return max(self.places - self.places_taken, 0)

    @property
    def closed_reason(self) -> str | None:
        """Why it takes no application today (companies/opportunity_rules.py), or None."""
        return closed_for_applications(self, timezone.localdate())

    @property
    def display_status(self) -> str:
        """The status people see: a published opportunity with every place taken is `filled`."""
        if self.status == self.Status.PUBLISHED and self.places_left == 0:
            return "filled"
        return self.status

    @property
    def languages(self) -> list[str]:
        return [
            code
            for code, spoken in (("sv", self.speaks_swedish), ("en", self.speaks_english))
            if spoken
        ]


class SearchListing(models.Model):
    """A public opportunity as the search filters it, once per programme key: a programme it
    lists, or `*<level>` for any programme of its level (programme_keys()).

    The search by programme, near a town and over a period, the common one, reads only these
    rows' index: the programme's two keys lead it, so PostgreSQL reads the few thousand rows of
    the programme in order, never the opportunities, where it walked all 80,000 public ones
    testing a subquery of programmes and one of companies for each. companies/listings.py keeps
    the rows in step with every save of an opportunity, of its programmes and of its company's
    organisation; an opportunity that is not public (companies.selectors.public_opportunities)
    has none.
    """

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("opportunity"),
    )
    programme_key = models.CharField(_("programme key"), max_length=24)
    published_at = models.DateTimeField(_("published at"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("municipality"),
    )
    remote_allowed = models.BooleanField(_("remote work allowed"))
    period_start = models.DateField(_("period start"), null=True)
    period_end = models.DateField(_("period end"), null=True)
    application_deadline = models.DateField(_("application deadline"), null=True)
    places = models.PositiveSmallIntegerField(_("places"))
    places_taken = models.PositiveSmallIntegerField(_("places taken"))

    class Meta:
        verbose_name = _("search listing")
        verbose_name_plural = _("search listings")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "programme_key"], name="search_listing_unique_key"
            ),
        ]
        indexes = [
            # A search's keys in the public list's order, with what the other filters test.
            models.Index(
                F("programme_key"),
                F("published_at").desc(),
                F("opportunity").desc(),
                include=(
                    "municipality",
                    "remote_allowed",
                    "period_start",
                    "period_end",
                    "application_deadline",
                    "places",
                    "places_taken",
                ),
                name="search_listing_key_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.programme_key}"

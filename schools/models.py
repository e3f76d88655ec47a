"""The demand side: schools, their students' profiles and their placement requests.

Models hold data, invariants (constraints) and field-level checks (clean); every write goes
through schools/services.py.
"""

from datetime import date

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
    StemArea,
)
from schools.validators import validate_birth_date, validate_no_personnummer

ADULT_AGE = 18
MAX_PLACES = 500
MAX_DISTANCE_KM = 1000
MAX_YEAR = 9  # grundskola 7-9 (prao); gymnasium 1-4; YH and university count lower
# Which kinds a request may ask for at which level (GLA is gymnasium only; exjobb is YH/university).
KIND_LEVELS: dict[str, frozenset[str]] = {
    PlacementKind.INTERNSHIP: frozenset(EducationLevel.values),
    PlacementKind.APPRENTICESHIP: frozenset({EducationLevel.GYMNASIUM}),
    PlacementKind.THESIS: frozenset({EducationLevel.YRKESHOGSKOLA, EducationLevel.UNIVERSITY}),
}


class School(models.Model):
    """A school is an Organisation (membership, verification, suspension) with a place."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="school"
    )
    level = models.CharField(
        _("main level"),
        max_length=20,
        choices=EducationLevel.choices,
        default=EducationLevel.GYMNASIUM,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    programmes = models.ManyToManyField(
        Programme, related_name="schools", blank=True, verbose_name=_("programmes offered")
    )
    # From Skolverket's register (manage.py import_schools): the school unit's code and where
    # its visiting address is.
    school_unit_code = models.CharField(
        _("school unit code"), max_length=8, unique=True, null=True, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name


# The levels whose schools name their own programmes (a gymnasium's are the national ones).
OWN_PROGRAMME_LEVELS = frozenset({EducationLevel.YRKESHOGSKOLA, EducationLevel.UNIVERSITY})


class SchoolProgramme(models.Model):
    """A programme one YH school or university runs ("Automationsingenjör" at a yrkeshögskola in
    Västerås, a master's programme in embedded systems), named by the school and placed in an
    ISCED-F field, with the occupation it leads to. Gymnasium programmes are the national ones
    (reference.Programme); these are the school's own, so they live with the school."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="own_programmes", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=200)
    education_field = models.ForeignKey(
        EducationField,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("field of education"),
    )
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation it leads to"),
    )

    class Meta:
        verbose_name = _("school's programme")
        verbose_name_plural = _("school's programmes")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="schools_own_programme_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StudentProfile(models.Model):
    """What a student tells about themselves: the least the process needs.

    No personnummer; the birth date only serves `is_under_18`, which is all a counsellor sees.
    Gender is optional and only ever counted in suppressed aggregates.
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="student_profile",
        verbose_name=_("user"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="students", verbose_name=_("school")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    school_programme = models.ForeignKey(
        SchoolProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("programme at the school"),
        help_text=_("At YH or university: the programme you study, as your school names it."),
    )
    education_field = models.ForeignKey(
        EducationField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field of education"),
        help_text=_(
            "What you study at YH or university (ISCED-F 2013), e.g. 0714 Electronics and"
            " automation."
        ),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home municipality"),
    )
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, validators=[validate_birth_date]
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, help_text=_("Optional.")
    )
    speaks_swedish = models.BooleanField(_("speaks Swedish"), default=False)
    speaks_english = models.BooleanField(_("speaks English"), default=False)
    stem_interests = models.ManyToManyField(
        StemArea, related_name="+", blank=True, verbose_name=_("STEM interests")
    )
    about = models.TextField(
        _("about me"), max_length=1000, blank=True, validators=[validate_no_personnummer]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")
        ordering = ["user__last_name", "user__first_name", "user_id"]
        indexes = [models.Index(fields=["school", "year"], name="schools_student_school_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1, year__lte=4),
                name="schools_student_year_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def languages(self) -> list[str]:
        return [
            code
            for code, spoken in (("sv", self.speaks_swedish), ("en", self.speaks_english))
            if spoken
        ]

    def is_under_18(self, today: date | None = None) -> bool | None:
        """None when the student did not give a birth date."""
        if self.birth_date is None:
            return None
        today = today or timezone.localdate()
        born = self.birth_date
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return age < ADULT_AGE


class PlacementRequest(models.Model):
    """A school asks for places: "8 APL places, Elprogrammet year 2, weeks 10 to 16, near Västerås".

    Where the students can go: `municipality` itself (the school's unless a campus elsewhere
    posts), plus anywhere within `max_distance_km` of it, plus any of
    `acceptable_municipalities`. Both are optional and add up; with neither, `municipality` only.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PARTIALLY_FILLED = "partially_filled", _("Partially filled")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="requests", verbose_name=_("school")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
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
    education_field = models.ForeignKey(
        EducationField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field of education"),
        help_text=_("What the students study (ISCED-F 2013); for YH and university groups."),
    )
    school_programme = models.ForeignKey(
        SchoolProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("the school's programme"),
        help_text=_("One of the school's own programmes (YH, university)."),
    )
    places_needed = models.PositiveSmallIntegerField(
        _("places needed"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)]
    )
    year = models.PositiveSmallIntegerField(
        _("year (årskurs)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_YEAR)],
        help_text=_("The students' year: 1 to 3 (4) at gymnasium, 7 to 9 for prao."),
    )
    places_filled = models.PositiveSmallIntegerField(_("places filled"), default=0)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DISTANCE_KM)],
    )
    acceptable_municipalities = models.ManyToManyField(
        Municipality, related_name="+", blank=True, verbose_name=_("acceptable municipalities")
    )
    stem_areas = models.ManyToManyField(
        StemArea, related_name="+", blank=True, verbose_name=_("STEM areas")
    )
    notes = models.TextField(
        _("notes"), max_length=2000, blank=True, validators=[validate_no_personnummer]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), max_length=1000, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        ordering = ["period_start", "id"]
        indexes = [
            models.Index(fields=["status", "period_start"], name="schools_request_status_start"),
            models.Index(fields=["kind", "level"], name="schools_request_kind_level"),
            models.Index(fields=["period_end"], name="schools_request_period_end"),
            models.Index(fields=["created_at"], name="schools_request_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="schools_request_period"
            ),
            models.CheckConstraint(
                condition=Q(places_needed__gte=1), name="schools_request_places_needed"
            ),
            models.CheckConstraint(
                condition=Q(places_filled__gte=0, places_filled__lte=F("places_needed")),
                name="schools_request_places_filled",
            ),
            models.CheckConstraint(
                condition=Q(max_distance_km__isnull=True) | Q(max_distance_km__gt=0),
                name="schools_request_max_distance",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="schools_request_hidden_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.get_kind_display()} · {self.places_needed}"

    @property
    def places_open(self) -> int:
        return max(self.places_needed - self.places_filled, 0)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = ValidationError(
                _("The period must end on or after its start."), code="period"
            )
        if self.places_needed is not None and self.places_filled > self.places_needed:
            errors["places_needed"] = ValidationError(
                _("Cannot be fewer than the places already filled (%(filled)d)."),
                code="below_filled",
                params={"filled": self.places_filled},
            )
        if self.kind in KIND_LEVELS and self.level not in KIND_LEVELS[self.kind]:
            errors["kind"] = self._kind_level_error()
        programme_error = self._programme_error()
        if programme_error is not None:
            errors["programme"] = programme_error
        if errors:
            raise ValidationError(errors)

    def _kind_level_error(self) -> ValidationError:
        if self.kind == PlacementKind.APPRENTICESHIP:
            message = _("An apprenticeship (GLA) exists only at gymnasium level.")
        else:
            message = _("A thesis project exists only at yrkeshögskola or university level.")
        return ValidationError(message, code="kind_level")

    def _programme_error(self) -> ValidationError | None:
        programme = self.programme if self.programme_id else None
        if programme is None:
            if self.level == EducationLevel.GYMNASIUM:
                return ValidationError(
                    _("Choose the programme the students study."), code="required"
                )
            return None
        if programme.level != self.level:
            return ValidationError(
                _("%(programme)s is not a programme at the request's level."),
                code="programme_level",
                params={"programme": programme.name},
            )
        if self.kind == PlacementKind.APPRENTICESHIP and programme.gla_possible is False:
            return ValidationError(
                _("%(programme)s has no apprenticeship (GLA) track."),
                code="no_apprenticeship",
                params={"programme": programme.name},
            )
        return None

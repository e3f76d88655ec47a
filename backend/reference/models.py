"""Reference tables shipped with the project and loaded by migrations; never edited by hand.

Every table is keyed by its official code, kept as a string because codes have leading zeros.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _pick_language(name_sv: str, name_en: str) -> str:
    """The English name when the active language is English, else the Swedish one."""
    language = get_language() or ""
    if language.startswith("en") and name_en:
        return name_en
    return name_sv


class EducationLevel(models.TextChoices):
    GRUNDSKOLA = "grundskola", _("Compulsory school")
    GYMNASIUM = "gymnasium", _("Upper secondary school")
    YRKESHOGSKOLA = "yrkeshogskola", _("Higher vocational education")
    UNIVERSITY = "university", _("University")


class PlacementKind(models.TextChoices):
    """What a company offers and a school asks for; GLA is an employment, not an internship."""

    INTERNSHIP = "internship", _("Internship (APL, LIA, prao, praktik)")
    THESIS = "thesis", _("Thesis project (exjobb)")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship (GLA)")


class Municipality(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    county_code = models.CharField(_("county code"), max_length=2, db_index=True)
    county_name = models.CharField(_("county"), max_length=60)
    seat_name = models.CharField(_("seat"), max_length=60)
    # The seat (centralort), not the centroid: travel distances are measured between towns.
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    in_region = models.BooleanField(_("in the region"), default=False, db_index=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="reference_municipality_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EducationField(models.Model):
    """An ISCED-F 2013 detailed field."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name_en = models.CharField(_("name"), max_length=120)
    narrow_code = models.CharField(_("narrow field code"), max_length=3)
    narrow_name_en = models.CharField(_("narrow field"), max_length=120)
    broad_code = models.CharField(_("broad field code"), max_length=2, db_index=True)
    broad_name_en = models.CharField(_("broad field"), max_length=120)
    is_stem = models.BooleanField(_("STEM"), default=False)

    class Meta:
        verbose_name = _("education field")
        verbose_name_plural = _("education fields")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    @property
    def name(self) -> str:
        # UNESCO publishes the names in English only.
        return self.name_en


class Programme(models.Model):
    class Kind(models.TextChoices):
        YRKESPROGRAM = "yrkesprogram", _("Vocational programme")
        HOGSKOLEFORBEREDANDE = "hogskoleforberedande", _("Higher education preparatory programme")
        INTRODUKTIONSPROGRAM = "introduktionsprogram", _("Introductory programme")
        AVVIKANDE_YRKESUTBILDNING = (
            "avvikande_yrkesutbildning",
            _("Vocational education outside the national programmes"),
        )
        VIDAREUTBILDNING = "vidareutbildning", _("Further education year")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REPLACED = "replaced", _("Replaced")
        DISCONTINUED = "discontinued", _("Discontinued")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_sv = models.CharField(_("Swedish name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    level = models.CharField(
        _("level"), max_length=20, choices=EducationLevel.choices, default=EducationLevel.GYMNASIUM
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    is_stem = models.BooleanField(_("STEM"), default=False)
    # None where the minimum was not verified.
    apl_weeks_min = models.PositiveSmallIntegerField(_("minimum APL weeks"), null=True, blank=True)
    # None where the lärling rules were not verified (the avvikande educations).
    gla_possible = models.BooleanField(_("apprenticeship possible"), null=True, blank=True)
    fields = models.ManyToManyField(
        EducationField, related_name="programmes", blank=True, verbose_name=_("education fields")
    )
    occupations = models.ManyToManyField(
        "Occupation",
        related_name="programmes",
        blank=True,
        verbose_name=_("occupations it leads to"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _pick_language(self.name_sv, self.name_en)


class Occupation(models.Model):
    """An SSYK 2012 unit group (yrkesgrupp, four digits), SCB's standard that Arbetsförmedlingen's
    occupation taxonomy also uses."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name_sv = models.CharField(_("Swedish name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    major_group = models.CharField(_("major group"), max_length=1, db_index=True)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _pick_language(self.name_sv, self.name_en)


class StemArea(models.Model):
    """Our own vocabulary of STEM areas in Mälardalen industry."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_sv = models.CharField(_("Swedish name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    fields = models.ManyToManyField(
        EducationField, related_name="stem_areas", blank=True, verbose_name=_("education fields")
    )
    programmes = models.ManyToManyField(
        Programme, related_name="stem_areas", blank=True, verbose_name=_("programmes")
    )
    # Two-digit SNI 2007 divisions as strings ("05"), used to suggest areas for a company.
    sni_divisions = models.JSONField(_("SNI divisions"), default=list, blank=True)

    class Meta:
        verbose_name = _("STEM area")
        verbose_name_plural = _("STEM areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick_language(self.name_sv, self.name_en)


class Sector(models.Model):
    """An SNI 2007 section (A to U) and the range of two-digit divisions it spans."""

    code = models.CharField(_("code"), max_length=1, primary_key=True)
    name_sv = models.CharField(_("Swedish name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    division_from = models.CharField(_("first division"), max_length=2)
    division_to = models.CharField(_("last division"), max_length=2)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(division_from__lte=models.F("division_to")),
                name="reference_sector_division_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _pick_language(self.name_sv, self.name_en)

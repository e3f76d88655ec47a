"""A company member's forms: an opportunity, the company profile, its logo, moving an
application along."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reference.models import (
    EducationField,
    Municipality,
    Occupation,
    PlacementKind,
    Programme,
    Sector,
    StemArea,
)
from companies.models import Company, Opportunity
from companies.opportunity_rules import APPRENTICESHIP_FIELDS, THESIS_FIELDS
from frontend.forms.common import REGION_FIRST, AccessibleErrorsMixin, DateInput

OPPORTUNITY_GROUPS = (
    (_("What"), ("title", "kind", "level", "description", "places")),
    (_("Who can apply"), (
        "programmes", "accepts_any_programme", "education_field", "occupation", "stem_areas",
    )),
    (_("Where and when"), (
        "municipality", "address", "remote_allowed", "period_start", "period_end",
        "application_deadline",
    )),
    (_("Languages and requirements"), (
        "speaks_swedish", "speaks_english", "min_age_18", "driving_licence",
        "security_clearance", "swedish_citizenship", "open_to_non_eu",
    )),
    (_("Contact"), ("contact_name", "contact_email", "contact_phone")),
)  # fmt: skip
# The sections only one kind has; for the other kinds they are not shown and post empty, as
# the model's rules (companies/opportunity_rules.py) want.
KIND_GROUPS = {
    PlacementKind.THESIS: (_("Thesis project"), THESIS_FIELDS),
    PlacementKind.APPRENTICESHIP: (_("Apprenticeship (GLA)"), APPRENTICESHIP_FIELDS),
}
M2M_FIELDS = ("programmes", "stem_areas")


class OpportunityForm(AccessibleErrorsMixin, forms.ModelForm):
    """Validated by the model's own rules (Opportunity.clean); saved by companies' services."""

    class Meta:
        model = Opportunity
        fields = [
            *(name for _legend, names in OPPORTUNITY_GROUPS for name in names),
            *THESIS_FIELDS,
            *APPRENTICESHIP_FIELDS,
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "application_deadline": DateInput(),
            "stem_areas": forms.CheckboxSelectMultiple,
            "programmes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "period_start": _("Leave both dates empty for a flexible period."),
            "programmes": _("The programmes whose students fit; or tick 'any programme'."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by(*REGION_FIRST)
        self.fields["programmes"].queryset = Programme.objects.order_by("name_sv")
        self.fields["education_field"].queryset = EducationField.objects.order_by("code")
        self.fields["occupation"].queryset = Occupation.objects.order_by("name_sv")
        self.fields["stem_areas"].queryset = StemArea.objects.order_by("name_sv")

    def chosen_kind(self) -> str:
        return self["kind"].value() or PlacementKind.INTERNSHIP

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The sections every kind has."""
        return [(legend, [self[name] for name in names]) for legend, names in OPPORTUNITY_GROUPS]

    def kind_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The section of the chosen kind only (thesis or GLA), or none."""
        if self.chosen_kind() not in KIND_GROUPS:
            return []
        legend, names = KIND_GROUPS[self.chosen_kind()]
        return [(legend, [self[name] for name in names])]

    def service_fields(self) -> dict[str, Any]:
        """The scalar fields, as keywords of opportunity_create / opportunity_update."""
        return {k: v for k, v in self.cleaned_data.items() if k not in M2M_FIELDS}


class CompanyProfileForm(AccessibleErrorsMixin, forms.Form):
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by(*REGION_FIRST)
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    stem_areas = forms.ModelMultipleChoiceField(
        label=_("STEM areas"),
        queryset=StemArea.objects.order_by("name_sv"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_from(company: Company) -> dict[str, Any]:
        return {
            "sector": company.sector_id,
            "municipality": company.municipality_id,
            "address": company.address,
            "website": company.website,
            "description": company.description,
            "stem_areas": [area.pk for area in company.stem_areas.all()],
        }


class CompanyRegistrationForm(CompanyProfileForm):
    """The keywords of companies.services.company_create; the organisation number is checked by
    the model's validator inside the service."""

    name = forms.CharField(label=_("Company name"), max_length=200)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("Ten digits, e.g. 556036-0793."),
    )

    field_order = ["name", "organisation_number"]


class LogoForm(AccessibleErrorsMixin, forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_("PNG, JPEG or WebP; it is cropped to a square."),
    )


class ApplicationActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note to the student (optional)"),
        max_length=2000,
        required=False,
        widget=forms.TextInput,
    )

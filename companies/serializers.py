"""Input and output shapes of the companies API. Input serializers only validate: their
`validated_data` is the service's keyword arguments (reshaped in `validate()`), and the service
saves. Output serializers hide what the viewer may not see by asking companies/policy.py about
`self.context["actor"]`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.accounts.actor import Actor
from backend.api.serializers import (
    BlankAwareModelSerializer,
    CodeListField,
    IdRelatedField,
    ViewerDependentFieldsMixin,
    code_field,
)
from backend.reference.models import (
    EducationField,
    Municipality,
    Occupation,
    Programme,
    Sector,
    StemArea,
)
from companies import policy, selectors
from companies.filters import FILLED
from companies.models import Company, Opportunity
from companies.services import NOT_ALLOWED
from companies.validators import normalise_organisation_number, validate_organisation_number

LANGUAGE_FIELDS = {"sv": "speaks_swedish", "en": "speaks_english"}
LANGUAGE_CHOICES = [("sv", _("Swedish")), ("en", _("English"))]
REQUIREMENT_CHOICES = [
    ("min_age_18", _("Minimum age 18")),
    ("driving_licence", _("Driving licence")),
    ("security_clearance", _("Security clearance")),
    ("swedish_citizenship", _("Swedish citizenship")),
]
REQUIREMENTS = tuple(code for code, _label in REQUIREMENT_CHOICES)
STATUS_CHOICES = [*Opportunity.Status.choices, (FILLED, _("Filled"))]
# Personal data of people at the company: never shown to anonymous visitors.
CONTACT_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "handledare_name",
    "handledare_email",
    "handledare_phone",
)
MODERATION_FIELDS = ("hidden_at", "hidden_reason")
# Model fields that the API shows under another name, for the errors of a service.
API_FIELD_NAMES = {
    **dict.fromkeys(LANGUAGE_FIELDS.values(), "languages"),
    **dict.fromkeys(REQUIREMENTS, "requirements"),
}


# --- companies -----------------------------------------------------------------------------


class CompanySerializer(BlankAwareModelSerializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    sector = serializers.CharField(source="sector_id", read_only=True)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    municipality = serializers.CharField(source="municipality_id", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    stem_areas = CodeListField(model=StemArea, read_only=True)
    verified = serializers.BooleanField(source="organisation.is_verified", read_only=True)
    verified_at = serializers.DateTimeField(
        source="organisation.verified_at", read_only=True, allow_null=True
    )
    suspended = serializers.BooleanField(source="organisation.suspended", read_only=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "organisation_number",
            "sector",
            "sector_name",
            "municipality",
            "municipality_name",
            "address",
            "website",
            "description",
            "stem_areas",
            "is_chamber_member",
            "verified",
            "verified_at",
            "suspended",
            "logo_256",
            "logo_64",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ActorMayWriteMixin:
    """Who may, before what: an actor the policy does not allow to make this write is refused
    (403) whatever they sent, before the input is validated (400); the service asks the same
    policy again when it writes. `may_write` asks companies/policy.py about the actor and, for a
    change, `self.instance`."""

    def may_write(self, actor: Actor) -> bool:
        raise NotImplementedError

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not self.may_write(self.context["actor"]):
            raise PermissionDenied(NOT_ALLOWED)
        return super().to_internal_value(data)


class CompanyWriteSerializer(ActorMayWriteMixin, serializers.ModelSerializer):
    name = serializers.CharField(max_length=200)
    organisation_number = serializers.CharField(
        max_length=20, help_text=_("Ten digits; 556036-0793 is read as 5560360793.")
    )
    sector = code_field(Sector, help_text=_("SNI 2007 section letter."))
    municipality = code_field(Municipality)
    stem_areas = CodeListField(model=StemArea, required=False)

    class Meta:
        model = Company
        fields = [
            "name",
            "organisation_number",
            "sector",
            "municipality",
            "address",
            "website",
            "description",
            "stem_areas",
        ]

    def may_write(self, actor: Actor) -> bool:
        if self.instance is None:
            return policy.can_create_company(actor)
        return policy.can_admin_company(actor, self.instance.pk)

    def validate_organisation_number(self, value: str) -> str:
        validate_organisation_number(value)
        return normalise_organisation_number(value)


class LogoSerializer(ActorMayWriteMixin, serializers.Serializer):
    """The logo of `instance`, the company."""

    logo = serializers.FileField(help_text=_("JPEG, PNG or WebP, at most 5 MB and 4000 x 4000 px."))

    def may_write(self, actor: Actor) -> bool:
        return policy.can_admin_company(actor, self.instance.pk)


# --- opportunities -------------------------------------------------------------------------


class CompanySummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    municipality = serializers.CharField(source="municipality_id", read_only=True)


class OpportunityListSerializer(serializers.ListSerializer):
    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        opportunities = list(data)
        selectors.attach_codes(opportunities)
        return super().to_representation(opportunities)


class OpportunitySerializer(ViewerDependentFieldsMixin, BlankAwareModelSerializer):
    """An opportunity as the viewer may see it: contact details only to signed-in users, the
    moderation (hidden_at, hidden_reason) only to the company and the chamber."""

    viewer_dependent_fields = (*CONTACT_FIELDS, *MODERATION_FIELDS)

    company = CompanySummarySerializer(read_only=True)
    # Set by OpportunityListSerializer for a whole page at once (attach_codes).
    programmes = serializers.ListField(
        child=serializers.CharField(max_length=40), source="programme_codes", read_only=True
    )
    stem_areas = serializers.ListField(
        child=serializers.CharField(max_length=40), source="stem_area_codes", read_only=True
    )
    education_field = serializers.CharField(
        source="education_field_id",
        read_only=True,
        allow_null=True,
        help_text=_("ISCED-F 2013 detailed field code."),
    )
    occupation = serializers.CharField(
        source="occupation_id",
        read_only=True,
        allow_null=True,
        help_text=_("SSYK 2012 unit group code."),
    )
    municipality = serializers.CharField(source="municipality_id", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    flexible_period = serializers.SerializerMethodField()
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), read_only=True
    )
    requirements = serializers.SerializerMethodField()
    places_left = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(
        choices=STATUS_CHOICES, source="display_status", read_only=True
    )
    distance_km = serializers.SerializerMethodField(
        help_text=_("Kilometres from `near`; null without it, or for a remote place further away.")
    )

    class Meta:
        model = Opportunity
        list_serializer_class = OpportunityListSerializer
        fields = [
            "id",
            "company",
            "kind",
            "level",
            "title",
            "description",
            "programmes",
            "accepts_any_programme",
            "education_field",
            "occupation",
            "stem_areas",
            "municipality",
            "municipality_name",
            "address",
            "remote_allowed",
            "distance_km",
            "period_start",
            "period_end",
            "flexible_period",
            "application_deadline",
            "places",
            "places_taken",
            "places_left",
            "languages",
            "requirements",
            "open_to_non_eu",
            "status",
            "published_at",
            "closed_at",
            "thesis_degree",
            "thesis_credits",
            "needs_university_supervisor",
            "salary_amount",
            "salary_period",
            "hours_per_week",
            "utbildningskontrakt_agreed",
            *CONTACT_FIELDS,
            *MODERATION_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_flexible_period(self, opportunity: Opportunity) -> bool:
        return opportunity.period_start is None

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(REQUIREMENT_CHOICES)))
    def get_requirements(self, opportunity: Opportunity) -> list[str]:
        return [code for code in REQUIREMENTS if getattr(opportunity, code)]

    def get_distance_km(self, opportunity: Opportunity) -> float | None:
        return getattr(opportunity, "distance_km", None)

    def to_representation(self, opportunity: Opportunity) -> dict[str, Any]:
        if not hasattr(opportunity, "programme_codes"):
            selectors.attach_codes([opportunity])
        data = super().to_representation(opportunity)
        actor = self.context["actor"]
        hidden = [] if policy.sees_contact_details(actor) else list(CONTACT_FIELDS)
        if not policy.sees_moderation_of(actor, opportunity.company_id):
            hidden += MODERATION_FIELDS
        for field in hidden:
            data.pop(field)
        return data


class OpportunityWriteSerializer(ActorMayWriteMixin, serializers.ModelSerializer):
    company = IdRelatedField(
        queryset=Company.objects.all(),
        required=False,
        help_text=_("Required when you publish for several companies; fixed after creation."),
    )
    programmes = CodeListField(model=Programme, required=False)
    education_field = code_field(
        EducationField, required=False, allow_null=True, help_text=_("ISCED-F 2013 field code.")
    )
    occupation = code_field(
        Occupation, required=False, allow_null=True, help_text=_("SSYK 2012 unit group code.")
    )
    stem_areas = CodeListField(model=StemArea, required=False)
    municipality = code_field(Municipality)
    languages = serializers.MultipleChoiceField(
        choices=LANGUAGE_CHOICES, allow_empty=False, required=False
    )
    requirements = serializers.MultipleChoiceField(choices=REQUIREMENT_CHOICES, required=False)

    class Meta:
        model = Opportunity
        fields = [
            "company",
            "kind",
            "level",
            "title",
            "description",
            "programmes",
            "accepts_any_programme",
            "education_field",
            "occupation",
            "stem_areas",
            "municipality",
            "address",
            "remote_allowed",
            "period_start",
            "period_end",
            "application_deadline",
            "places",
            "languages",
            "requirements",
            "open_to_non_eu",
            *CONTACT_FIELDS,
            "thesis_degree",
            "thesis_credits",
            "needs_university_supervisor",
            "salary_amount",
            "salary_period",
            "hours_per_week",
            "utbildningskontrakt_agreed",
        ]

    def may_write(self, actor: Actor) -> bool:
        if self.instance is None:
            return policy.can_post(actor)
        return policy.can_post_for(actor, self.instance.company_id)

    def validate_company(self, company: Company) -> Company:
        if self.instance is not None and company.pk != self.instance.company_id:
            raise serializers.ValidationError(_("An opportunity stays with its company."))
        if not policy.can_post_for(self.context["actor"], company.pk):
            raise serializers.ValidationError(_("You do not publish for this company."))
        return company

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """In the services' terms: the company is given on creation only (the only one the
        actor publishes for, when they give none); languages and requirements become flags."""
        if self.instance is None:
            if "company" not in attrs:
                attrs["company"] = self._only_company()
        else:
            attrs.pop("company", None)
        languages = attrs.pop("languages", None)
        if languages is not None:
            attrs.update({field: code in languages for code, field in LANGUAGE_FIELDS.items()})
        requirements = attrs.pop("requirements", None)
        if requirements is not None:
            attrs.update({code: code in requirements for code in REQUIREMENTS})
        return attrs

    def _only_company(self) -> Company:
        ids = policy.postable_company_ids(self.context["actor"])
        if len(ids) != 1:
            message = _("Choose the company: you publish for several.")
            raise serializers.ValidationError({"company": [message]})
        return Company.objects.get(pk=next(iter(ids)))


class OpportunityHideSerializer(serializers.Serializer):
    # Not required here: the moderation service refuses a non-moderator (403) before it asks for
    # the reason (400, by `reason`), the same on every surface.
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Shown to the company, so that it can put things right. Required."),
    )

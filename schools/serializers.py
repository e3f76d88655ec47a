"""Shapes of the school side's API. Serializers validate types and codes; the services decide
the rest. Reference rows travel as their codes, in and out, so a client can GET, edit, PUT."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from backend.accounts.actor import ANONYMOUS, Actor
from backend.api.serializers import CodeListField, IdRelatedField, code_field
from backend.reference.models import EducationField, Municipality, Occupation, Programme, StemArea
from schools import policy
from schools.models import PlacementRequest, School, SchoolProgramme, StudentProfile

LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]


class SchoolProgrammeSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    education_field = code_field(EducationField, help_text=_("ISCED-F 2013 field code."))
    occupation = code_field(
        Occupation, required=False, allow_null=True, help_text=_("SSYK 2012 unit group code.")
    )

    class Meta:
        model = SchoolProgramme
        fields = ["id", "name", "education_field", "occupation"]


class SchoolSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="organisation.name", max_length=200)
    municipality = code_field(Municipality, help_text=_("Municipality code."))
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    programmes = CodeListField(
        model=Programme, required=False, help_text=_("Codes of the programmes offered.")
    )
    own_programmes = SchoolProgrammeSerializer(
        many=True,
        required=False,
        help_text=_("A YH school's or university's own programmes; a PUT replaces them all."),
    )
    verified = serializers.BooleanField(source="organisation.is_verified", read_only=True)
    suspended = serializers.BooleanField(source="organisation.suspended", read_only=True)

    class Meta:
        model = School
        fields = [
            "id",
            "name",
            "level",
            "municipality",
            "municipality_name",
            "address",
            "website",
            "programmes",
            "own_programmes",
            "verified",
            "suspended",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The organisation's name flattened, as the services take it."""
        data = dict(attrs)
        organisation = data.pop("organisation", {})
        if "name" in organisation:
            data["name"] = organisation["name"]
        return data


# One serializer reads and writes, so every field has one name and one shape. The component name
# must not end in "Request": drf-spectacular strips that suffix when it names enums, and
# "PlacementRequest" would then clash with Programme.kind.
@extend_schema_serializer(component_name="PlacementRequestItem")
class PlacementRequestSerializer(serializers.ModelSerializer):
    """A school's request for places.

    Where students can go: `municipality` itself, plus anywhere within `max_distance_km` of it,
    plus any of `acceptable_municipalities`; both are optional, with neither `municipality` only.
    `hidden_reason` is shown to the request's school and the chamber; `created_by` to the
    request's school only."""

    school = IdRelatedField(
        queryset=School.objects.select_related("organisation", "municipality"),
        required=False,
        help_text=_("Required when you act for several schools."),
    )
    school_name = serializers.CharField(source="school.organisation.name", read_only=True)
    school_municipality = serializers.CharField(source="school.municipality_id", read_only=True)
    programme = code_field(Programme, required=False, allow_null=True)
    programme_name = serializers.CharField(source="programme.name", read_only=True, allow_null=True)
    education_field = code_field(
        EducationField,
        required=False,
        allow_null=True,
        help_text=_("ISCED-F 2013 field code: what a YH or university group studies."),
    )
    school_programme = IdRelatedField(
        queryset=SchoolProgramme.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of one of the school's own programmes (YH, university)."),
    )
    school_programme_name = serializers.CharField(
        source="school_programme.name", read_only=True, allow_null=True
    )
    places_open = serializers.IntegerField(read_only=True)
    municipality = code_field(
        Municipality, required=False, help_text=_("Defaults to the school's municipality.")
    )
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    acceptable_municipalities = CodeListField(model=Municipality, required=False)
    stem_areas = CodeListField(model=StemArea, required=False)
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = PlacementRequest
        fields = [
            "id",
            "school",
            "school_name",
            "school_municipality",
            "kind",
            "level",
            "programme",
            "programme_name",
            "education_field",
            "school_programme",
            "school_programme_name",
            "places_needed",
            "year",
            "places_filled",
            "places_open",
            "period_start",
            "period_end",
            "municipality",
            "municipality_name",
            "max_distance_km",
            "acceptable_municipalities",
            "stem_areas",
            "notes",
            "status",
            "hidden",
            "hidden_reason",
            "created_by",
            "distance_km",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["places_filled", "status", "closed_at", "created_at", "updated_at"]

    def _actor(self) -> Actor:
        return self.context.get("actor", ANONYMOUS)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_hidden_reason(self, obj: PlacementRequest) -> str | None:
        """Shown to the request's school and the chamber only."""
        if obj.is_hidden and policy.sees_hidden_reason(self._actor(), obj):
            return obj.hidden_reason
        return None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_created_by(self, obj: PlacementRequest) -> str | None:
        """The author's name, shown to the request's own school only."""
        if obj.created_by is None or not policy.sees_request_author(self._actor(), obj):
            return None
        return obj.created_by.get_full_name() or obj.created_by.email

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, obj: PlacementRequest) -> float | None:
        """Only with `?near=`: km from that municipality's seat."""
        return getattr(obj, "distance_km", None)


class HideSerializer(serializers.Serializer):
    # Not required here: the moderation service refuses a non-moderator (403) before it asks for
    # the reason (400, by `reason`), the same on every surface.
    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The school reads it. Required."),
    )


class _StudentBase(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    school_name = serializers.CharField(source="school.organisation.name", read_only=True)
    membership_status = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("pending until the school approves.")
    )
    programme_name = serializers.CharField(source="programme.name", read_only=True, allow_null=True)
    home_municipality_name = serializers.CharField(source="home_municipality.name", read_only=True)
    is_under_18 = serializers.SerializerMethodField()
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGES), required=False, default=list
    )

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_is_under_18(self, obj: StudentProfile) -> bool | None:
        return obj.is_under_18()


class StudentProfileSerializer(_StudentBase):
    """The student's own profile, birth date included."""

    school = IdRelatedField(queryset=School.objects.select_related("organisation", "municipality"))
    programme = code_field(Programme, required=False, allow_null=True, default=None)
    school_programme = IdRelatedField(
        queryset=SchoolProgramme.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id of one of your school's own programmes (YH, university)."),
    )
    education_field = code_field(
        EducationField,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("ISCED-F 2013 field code: what you study at YH or university."),
    )
    home_municipality = code_field(Municipality)
    stem_interests = CodeListField(model=StemArea, required=False, default=list)
    year = serializers.IntegerField(min_value=1, max_value=4, allow_null=True, default=None)
    birth_date = serializers.DateField(
        allow_null=True, default=None, help_text=_("Only used to know whether you are under 18.")
    )

    class Meta:
        model = StudentProfile
        fields = [
            "id",
            "school",
            "school_name",
            "membership_status",
            "programme",
            "programme_name",
            "school_programme",
            "education_field",
            "year",
            "home_municipality",
            "home_municipality_name",
            "birth_date",
            "is_under_18",
            "languages",
            "stem_interests",
            "about",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"about": {"default": ""}}


class StudentSerializer(_StudentBase):
    """A student as their school's counsellors see them: no birth date, only `is_under_18`."""

    name = serializers.CharField(source="user.get_full_name", read_only=True)
    programme = serializers.CharField(source="programme_id", read_only=True, allow_null=True)
    education_field = serializers.CharField(
        source="education_field_id", read_only=True, allow_null=True
    )
    home_municipality = serializers.CharField(source="home_municipality_id", read_only=True)
    stem_interests = CodeListField(model=StemArea, read_only=True)

    class Meta:
        model = StudentProfile
        fields = [
            "id",
            "name",
            "school",
            "school_name",
            "membership_status",
            "programme",
            "programme_name",
            "education_field",
            "year",
            "home_municipality",
            "home_municipality_name",
            "is_under_18",
            "languages",
            "stem_interests",
            "about",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

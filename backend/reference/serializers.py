from rest_framework import serializers

from backend.reference.models import (
    EducationField,
    Municipality,
    Occupation,
    Programme,
    Sector,
    StemArea,
)


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "county_code",
            "county_name",
            "seat_name",
            "latitude",
            "longitude",
            "in_region",
        ]
        read_only_fields = fields


class EducationFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = EducationField
        fields = [
            "code",
            "name_en",
            "narrow_code",
            "narrow_name_en",
            "broad_code",
            "broad_name_en",
            "is_stem",
        ]
        read_only_fields = fields


class ProgrammeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Swedish or English by the language.")
    fields = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="ISCED-F 2013 field codes."
    )
    occupations = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="SSYK 2012 unit groups the programme leads to (Skolverket's yrkesutgångar).",
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "name",
            "name_sv",
            "name_en",
            "level",
            "kind",
            "status",
            "is_stem",
            "apl_weeks_min",
            "gla_possible",
            "fields",
            "occupations",
        ]
        read_only_fields = fields


class OccupationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Swedish or English by the language.")

    class Meta:
        model = Occupation
        fields = ["code", "name", "name_sv", "name_en", "major_group"]
        read_only_fields = fields


class StemAreaSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Swedish or English by the language.")
    fields = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="ISCED-F 2013 field codes."
    )
    programmes = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Programme codes."
    )
    sni_divisions = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Two-digit SNI 2007 divisions."
    )

    class Meta:
        model = StemArea
        fields = ["code", "name", "name_sv", "name_en", "fields", "programmes", "sni_divisions"]
        read_only_fields = fields


class SectorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Swedish or English by the language.")

    class Meta:
        model = Sector
        fields = ["code", "name", "name_sv", "name_en", "division_from", "division_to"]
        read_only_fields = fields

"""Serializers of the lifecycle API: they validate input and shape output, nothing more."""

from rest_framework import serializers

from backend.reference.models import EducationLevel
from matching.agreements.models import (
    Agreement,
    CheckIn,
    HandledareEvaluation,
    HourLimit,
    PlacementPlan,
    RiskAssessment,
    Signature,
    StudentEvaluation,
)
from matching.agreements.selectors import HANDLEDARE_FIELDS, Status


class PlanSerializer(serializers.ModelSerializer):
    # A placement whose plan nobody has filled in yet answers an empty plan: never updated.
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = PlacementPlan
        exclude = ["id", "placement", "started_by", "updated_by"]
        read_only_fields = ["started_at", "updated_at"]


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["party", "signer_name", "signed_by", "method", "reference", "sha256", "signed_at"]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["version", "kind", "sha256", "created_at", "signatures"]
        read_only_fields = fields


class MissingSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class LifecycleSerializer(serializers.Serializer):
    """What the placement still needs before it can start, and where it stands."""

    placement = serializers.IntegerField(source="placement.pk")
    placement_status = serializers.CharField(source="placement.status")
    lifecycle_status = serializers.ChoiceField(
        source="status",
        choices=[
            Status.DRAFT,
            Status.AWAITING_SIGNATURES,
            Status.READY,
            Status.STARTED,
            Status.EVALUATED,
            Status.CANCELLED,
        ],
    )
    minor_rules_apply = serializers.BooleanField()
    required_parties = serializers.ListField(child=serializers.CharField())
    signed_parties = serializers.ListField(child=serializers.CharField())
    can_start = serializers.BooleanField()
    missing = MissingSerializer(many=True)
    agreement = AgreementSerializer(allow_null=True)


class SignSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=Signature.Party.choices)
    guardian_name = serializers.CharField(max_length=200, required=False, default="")
    sha256 = serializers.RegexField(r"^[0-9a-f]{64}$", required=False, default="")


class RiskAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskAssessment
        fields = [*RiskAssessment.ITEMS, "notes", "confirmed_at", "confirmed_by"]
        read_only_fields = ["confirmed_at", "confirmed_by"]


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = ["id", "held_on", "note", "author_role", "author", "created_at"]
        read_only_fields = ["id", "author_role", "author", "created_at"]


class HandledareEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandledareEvaluation
        fields = ["attendance", "strengths", "would_host_again", "signed_off_by_name", "created_at"]
        read_only_fields = ["signed_off_by_name", "created_at"]


class StudentEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudentEvaluation
        fields = ["rating", "would_recommend", "comment", "created_at"]
        read_only_fields = ["created_at"]


class EvaluationsSerializer(serializers.Serializer):
    handledare = HandledareEvaluationSerializer(allow_null=True)
    student = StudentEvaluationSerializer(allow_null=True)


class HourLimitSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=EducationLevel.choices)

    class Meta:
        model = HourLimit
        fields = [
            "level",
            "earliest_start",
            "latest_end",
            "max_hours_per_day",
            "max_hours_per_week",
        ]
        # The service upserts by (school, level); the model's unique check would refuse it.
        validators: list = []


class HandledareDefaultsSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlacementPlan
        fields = list(HANDLEDARE_FIELDS)

"""Shapes of the matching API. Matches carry their components and a sentence in the active
language; a request as the companies see it has no student data; a proposal names its student
only to the student's counsellors and the student."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.models import Opportunity
from matching import explanations
from matching.models import AllocationRound, Match, Proposal, RoundChoice
from schools.models import PlacementRequest, School


class OpportunitySummarySerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="company.organisation.name", read_only=True)
    municipality = serializers.CharField(source="municipality_id", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "title",
            "company",
            "kind",
            "level",
            "municipality",
            "municipality_name",
            "remote_allowed",
            "period_start",
            "period_end",
            "places_left",
        ]
        read_only_fields = fields


class RequestSummarySerializer(serializers.ModelSerializer):
    """A request as a company sees it: the school, what and when; never a student."""

    school = serializers.CharField(source="school.organisation.name", read_only=True)
    programme = serializers.CharField(source="programme_id", read_only=True, allow_null=True)
    programme_name = serializers.SerializerMethodField()
    municipality = serializers.CharField(source="municipality_id", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    places_open = serializers.IntegerField(read_only=True)

    class Meta:
        model = PlacementRequest
        fields = [
            "id",
            "school",
            "kind",
            "level",
            "programme",
            "programme_name",
            "places_needed",
            "places_open",
            "period_start",
            "period_end",
            "municipality",
            "municipality_name",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_programme_name(self, placement_request: PlacementRequest) -> str | None:
        programme = placement_request.programme
        return programme.name if programme else None


class ComponentSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.FloatField()
    weight = serializers.FloatField()
    facts = serializers.DictField(help_text=_('The facts behind the value, e.g. {"km": 12}.'))


class _ExplainedMatchSerializer(serializers.ModelSerializer):
    components = ComponentSerializer(many=True, read_only=True)
    explanation = serializers.SerializerMethodField(
        help_text=_("Why it fits, in the active language.")
    )

    def get_explanation(self, match: Match) -> str:
        return explanations.sentence(match.components)


class MatchSerializer(_ExplainedMatchSerializer):
    """A match of a request or a student: the opportunity, the score and why."""

    opportunity = OpportunitySummarySerializer(read_only=True)

    class Meta:
        model = Match
        fields = ["id", "score", "opportunity", "components", "explanation", "computed_at"]
        read_only_fields = fields


class OpportunityMatchSerializer(_ExplainedMatchSerializer):
    """A request that matches a company's opportunity."""

    request = RequestSummarySerializer(read_only=True)

    class Meta:
        model = Match
        fields = ["id", "score", "request", "components", "explanation", "computed_at"]
        read_only_fields = fields


# --- rounds ----------------------------------------------------------------------------------


class AllocationRoundSerializer(serializers.ModelSerializer):
    """A round as everyone who sees it sees it: its scope, status, progress and summary (totals,
    and the places still uncovered per request in a pairing round; never a student)."""

    school_name = serializers.CharField(
        source="school.organisation.name", read_only=True, allow_null=True
    )
    summary = serializers.DictField(read_only=True)

    class Meta:
        model = AllocationRound
        fields = [
            "id",
            "kind",
            "school",
            "school_name",
            "county_code",
            "status",
            "progress",
            "error",
            "summary",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class AllocationRoundCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AllocationRound.Kind.choices)
    school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Stable rounds: one of your schools (optional when you act for one)."),
    )
    county_code = serializers.CharField(
        max_length=2,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Pairing rounds: a county of the region; empty for the whole region."),
    )


class ChoiceSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField(min_value=1)
    rank = serializers.IntegerField(min_value=1)


class ChoicesSerializer(serializers.Serializer):
    choices = ChoiceSerializer(many=True, allow_empty=True)

    def service_choices(self) -> list[tuple[int, int]]:
        return [(c["opportunity"], c["rank"]) for c in self.validated_data["choices"]]


class RoundChoiceSerializer(serializers.ModelSerializer):
    opportunity = OpportunitySummarySerializer(read_only=True)

    class Meta:
        model = RoundChoice
        fields = ["rank", "opportunity"]
        read_only_fields = fields


class StudentSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="user.get_full_name")


class ProposalSerializer(serializers.ModelSerializer):
    """`student` is shown to the student's counsellors and to the student; to a company a
    student's proposal says the school only."""

    opportunity = OpportunitySummarySerializer(read_only=True)
    request = RequestSummarySerializer(read_only=True, allow_null=True)
    school = serializers.SerializerMethodField()
    student = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "round",
            "status",
            "opportunity",
            "places",
            "score",
            "request",
            "school",
            "student",
            "decided_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_school(self, proposal: Proposal) -> str:
        seeker = proposal.request if proposal.request_id else proposal.student
        return seeker.school.organisation.name

    @extend_schema_field(StudentSummarySerializer(allow_null=True))
    def get_student(self, proposal: Proposal) -> dict[str, Any] | None:
        if proposal.student_id is None:
            return None
        sees = self.context["student_viewer"]
        if not sees(proposal.student):
            return None
        return StudentSummarySerializer(proposal.student).data

"""Shapes of the matching API. Matches carry their components and a sentence in the active
language; a request as the companies see it has no student data; a proposal names its student
only to the student's counsellors and the student."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.api.serializers import BlankAwareModelSerializer, IdRelatedField
from backend.reference.models import PlacementKind
from companies import selectors as company_selectors
from companies.models import Opportunity
from matching import explanations, policy
from matching.models import (
    AllocationRound,
    Application,
    ApplicationEvent,
    Match,
    Placement,
    Proposal,
    RoundChoice,
)
from matching.selectors.rounds import proposal_list
from matching.services.applications import application_allowed_actions
from matching.services.placement_changes import placement_allowed_actions
from schools import selectors as school_selectors
from schools.models import PlacementRequest, School, StudentProfile


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
    placement_kind = serializers.ChoiceField(
        choices=PlacementKind.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("The one kind of placement the round allocates; empty for every kind."),
    )

    class Meta:
        model = AllocationRound
        fields = [
            "id",
            "kind",
            "school",
            "school_name",
            "county_code",
            "placement_kind",
            "period_start",
            "period_end",
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
    school = IdRelatedField(
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
    placement_kind = serializers.ChoiceField(
        choices=PlacementKind.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Only this kind of placement; empty for every kind."),
    )
    period_start = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Only places overlapping.")
    )
    period_end = serializers.DateField(required=False, allow_null=True, default=None)


class ChoiceSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField(min_value=1)
    rank = serializers.IntegerField(min_value=1)


class ChoicesSerializer(serializers.Serializer):
    choices = ChoiceSerializer(many=True, allow_empty=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The service's `choices`: (opportunity id, rank) pairs."""
        return {"choices": [(c["opportunity"], c["rank"]) for c in attrs["choices"]]}


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
        if not policy.sees_proposal_student(self.context["actor"], proposal.student):
            return None
        return StudentSummarySerializer(proposal.student).data


# --- applications ----------------------------------------------------------------------------


class ApplicantSerializer(serializers.Serializer):
    """What those who see an application see of its student: the student, their counsellors,
    the company's members. Never a birth date: only whether the student is under 18."""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="user.get_full_name")
    email = serializers.EmailField(source="user.email")
    programme = serializers.CharField(source="programme_id", allow_null=True)
    programme_name = serializers.CharField(source="programme.name", allow_null=True, default=None)
    year = serializers.IntegerField(allow_null=True)
    under_18 = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_under_18(self, student: StudentProfile) -> bool | None:
        return student.is_under_18()


class ApplicationEventSerializer(BlankAwareModelSerializer):
    by = serializers.CharField(source="by.get_full_name", allow_null=True, default=None)

    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "by", "note", "at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    """An application with its history. `student` is null once the student has been erased;
    `cv` is the path of the download (null without a CV); `allowed_actions` are what you may do
    now."""

    opportunity = OpportunitySummarySerializer(read_only=True)
    school = serializers.CharField(source="school.organisation.name", read_only=True)
    student = ApplicantSerializer(read_only=True, allow_null=True)
    cv = serializers.SerializerMethodField()
    events = ApplicationEventSerializer(many=True, read_only=True)
    placement = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "status",
            "opportunity",
            "school",
            "student",
            "motivation",
            "cv",
            "placement",
            "events",
            "allowed_actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cv(self, application: Application) -> str | None:
        return f"/api/v1/applications/{application.pk}/cv/" if application.cv else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_placement(self, application: Application) -> int | None:
        placement = getattr(application, "placement", None)
        return placement.pk if placement else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, application: Application) -> list[str]:
        return application_allowed_actions(actor=self.context["actor"], application=application)


class ApplicationCreateSerializer(serializers.Serializer):
    """JSON, or multipart/form-data with a `cv` (a PDF of at most 5 MB)."""

    opportunity = IdRelatedField(queryset=Opportunity.objects.none())
    motivation = serializers.CharField(max_length=5000)
    cv = serializers.FileField(required=False, allow_empty_file=True, use_url=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "actor" in self.context:  # absent when the schema is generated
            # Closed postings too: applying to one answers that it closed, not that it is
            # unknown.
            self.fields["opportunity"].queryset = company_selectors.opportunity_list(
                actor=self.context["actor"], closed_too=True
            )


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Recorded in the application's history."),
    )


# --- placements ------------------------------------------------------------------------------


class PlacementSerializer(serializers.ModelSerializer):
    """A placement as its parties see it: the school's counsellors, the company's members, the
    named student. `allowed_actions` are what you may do now."""

    opportunity = OpportunitySummarySerializer(read_only=True)
    school_name = serializers.CharField(source="school.organisation.name", read_only=True)
    student = StudentSummarySerializer(read_only=True, allow_null=True)
    programme = serializers.CharField(source="programme_id", read_only=True, allow_null=True)
    municipality = serializers.CharField(source="municipality_id", read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "status",
            "opportunity",
            "school",
            "school_name",
            "request",
            "application",
            "proposal",
            "student",
            "students_count",
            "start_date",
            "end_date",
            "kind",
            "level",
            "programme",
            "municipality",
            "confirmed_at",
            "completed_at",
            "cancelled_at",
            "cancel_reason",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, placement: Placement) -> list[str]:
        return placement_allowed_actions(actor=self.context["actor"], placement=placement)


class PlacementConfirmSerializer(serializers.Serializer):
    """Counsellors: N students of your school at an opportunity, for a request of yours or not,
    named or not. Counsellors and company members: a round's proposal (then opportunity, school,
    request and count come from it). Dates default to the overlap of the periods."""

    opportunity = IdRelatedField(queryset=Opportunity.objects.none())
    proposal = IdRelatedField(queryset=Proposal.objects.none(), required=False, allow_null=True)
    request = IdRelatedField(
        queryset=PlacementRequest.objects.none(), required=False, allow_null=True
    )
    school = IdRelatedField(
        queryset=School.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("One of your schools (optional when you act for one, or give a request)."),
    )
    students = IdRelatedField(queryset=StudentProfile.objects.none(), many=True, required=False)
    students_count = serializers.IntegerField(min_value=1, max_value=500, required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "actor" not in self.context:  # the schema generator
            return
        # What the actor may name: what they see, and only their students.
        actor = self.context["actor"]
        self.fields["opportunity"].queryset = company_selectors.opportunity_list(actor=actor)
        self.fields["proposal"].queryset = proposal_list(actor=actor)
        self.fields["request"].queryset = school_selectors.placement_request_list(actor=actor)
        self.fields["school"].queryset = School.objects.filter(
            pk__in=policy.counsellor_school_ids(actor)
        )
        self.fields["students"].child_relation.queryset = school_selectors.student_list(actor=actor)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text=_("The other side reads it."))

"""The placement lifecycle API, on /api/v1/placements/{id}/…: the plan, the agreement and its
signatures, the risk assessment for minors, the start, check-ins, evaluations and certificate.

The answers follow the project's order: 401 without a login; 404 for a placement the user is
not a party to (chamber staff included: they only count placements); 403 for what a party may
not do (a student editing the plan, a company signing for the school); 400 for bad input, and
for a step the placement is not ready for, with what is missing.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.exceptions import BAD_REQUEST
from backend.core.errors import TransitionError
from matching.agreements import selectors, services
from matching.agreements import serializers as s
from matching.agreements.models import PlacementPlan, RiskAssessment
from matching.models import Placement

TAGS = ["placement lifecycle"]
LANGUAGES = ("sv", "en")
LANG = OpenApiParameter(
    "lang", str, enum=LANGUAGES, description="The PDF's language; Swedish by default."
)
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY, 400: BAD_REQUEST}
ERRORS = {400: BAD_REQUEST}


class _PlacementView(GenericAPIView):
    """One placement the actor is a party to (else 404); the services decide what they may do
    with it (else 403)."""

    permission_classes = [IsAuthenticated]
    queryset = Placement.objects.none()  # for the schema; rows come from the selector

    def placement(self) -> Placement:
        visible = selectors.placement_list(actor=self.request.actor)
        return get_object_or_404(visible, pk=self.kwargs["pk"])

    def check(self, placement: Placement, step: str) -> None:
        """The service's own check, asked before the body is read: who may, then what."""
        services.lifecycle_step_check(actor=self.request.actor, placement=placement, step=step)

    def validated(self, serializer_class: type, **kwargs: Any) -> dict[str, Any]:
        data = serializer_class(data=self.request.data, **kwargs)
        data.is_valid(raise_exception=True)
        return data.validated_data

    def lifecycle(self, placement: Placement) -> Response:
        fresh = selectors.lifecycle_queryset().get(pk=placement.pk)
        lifecycle = selectors.placement_lifecycle(placement=fresh)
        return Response(s.LifecycleSerializer(lifecycle).data)

    def language(self) -> str:
        language = self.request.query_params.get("lang", "sv")
        if language not in LANGUAGES:
            raise exceptions.ValidationError({"lang": [_("Choose sv or en.")]})
        return language


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class LifecycleView(_PlacementView):
    @extend_schema(tags=TAGS, operation_id="placement_lifecycle", responses=s.LifecycleSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """Where the placement stands (draft → awaiting_signatures → ready → started →
        evaluated) and, in plain words, everything it still needs before it can start."""
        return self.lifecycle(self.placement())


class PlanView(_PlacementView):
    serializer_class = s.PlanSerializer

    @extend_schema(tags=TAGS, operation_id="placement_plan", responses=s.PlanSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """The placement plan: handledare, contact teacher, hours, tasks and the kind's terms.
        Before the first save: a blank plan with the company's last handledare filled in."""
        placement = self.placement()
        plan = selectors.related_or_none(placement, "plan") or PlacementPlan(
            placement=placement, **selectors.handledare_defaults(placement.opportunity.company)
        )
        return Response(s.PlanSerializer(plan).data)

    @extend_schema(
        tags=TAGS,
        operation_id="placement_plan_save",
        request=s.PlanSerializer,
        responses={200: s.LifecycleSerializer, **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        """The school or the company saves the plan. A change makes a new agreement version,
        and every party signs again."""
        placement = self.placement()
        self.check(placement, "plan")
        data = self.validated(s.PlanSerializer)
        services.plan_save(actor=request.actor, placement=placement, **data)
        return self.lifecycle(placement)


class AgreementView(_PlacementView):
    @extend_schema(
        tags=TAGS,
        operation_id="placement_agreement",
        responses={200: s.AgreementSerializer, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        """The current agreement version, its checksum and its signatures."""
        agreement = selectors.current_agreement(self.placement())
        if agreement is None:
            raise TransitionError(_("There is no agreement yet: fill in the placement plan first."))
        return Response(s.AgreementSerializer(agreement).data)


class AgreementPdfView(_PlacementView):
    @extend_schema(
        tags=TAGS, operation_id="placement_agreement_pdf", parameters=[LANG], responses=PDF
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The current agreement as PDF. The Swedish one is the document signed, byte for byte
        (its SHA-256 is the agreement's); `?lang=en` gives an English translation."""
        placement = self.placement()
        agreement, content = selectors.agreement_file(
            actor=request.actor, placement=placement, language=self.language()
        )
        return _pdf(content, f"agreement-{placement.pk}-v{agreement.version}.pdf")


class SignView(_PlacementView):
    @extend_schema(
        tags=TAGS,
        operation_id="placement_sign",
        request=s.SignSerializer,
        responses={201: s.SignatureSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Sign the current agreement for a party: the named student as `student`, a
        counsellor of the school as `school` (huvudman), a member of the company as `company`.
        A guardian has no account: the counsellor records the guardian's signature as
        `guardian` with `guardian_name`. Give `sha256` to be sure to sign what you read."""
        placement = self.placement()
        data = self.validated(s.SignSerializer)
        signature = services.agreement_sign(actor=request.actor, placement=placement, **data)
        return Response(s.SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class RiskAssessmentView(_PlacementView):
    serializer_class = s.RiskAssessmentSerializer

    @extend_schema(
        tags=TAGS, operation_id="placement_risk_assessment", responses=s.RiskAssessmentSerializer
    )
    def get(self, request: Request, pk: int) -> Response:
        """The company's risk assessment for a pupil under 18 (AFS 2012:3); unticked until the
        company fills it in."""
        placement = self.placement()
        assessment = selectors.related_or_none(placement, "risk_assessment") or RiskAssessment(
            placement=placement
        )
        return Response(s.RiskAssessmentSerializer(assessment).data)

    @extend_schema(
        tags=TAGS,
        operation_id="placement_risk_assessment_save",
        request=s.RiskAssessmentSerializer,
        responses={200: s.RiskAssessmentSerializer, **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        """The company ticks the checklist; a change withdraws an earlier confirmation."""
        placement = self.placement()
        self.check(placement, "risk_assessment")
        data = self.validated(s.RiskAssessmentSerializer)
        assessment = services.risk_assessment_save(actor=request.actor, placement=placement, **data)
        return Response(s.RiskAssessmentSerializer(assessment).data)


def _action(operation_id: str, service: Callable[..., Any], doc: str) -> type[_PlacementView]:
    """A POST without a body that calls one service and answers with the lifecycle."""

    class ActionView(_PlacementView):
        @extend_schema(
            tags=TAGS,
            operation_id=operation_id,
            request=None,
            responses={200: s.LifecycleSerializer, **ERRORS},
            description=doc,
        )
        def post(self, request: Request, pk: int) -> Response:
            placement = self.placement()
            service(actor=request.actor, placement=placement)
            return self.lifecycle(placement)

    ActionView.__name__ = ActionView.__qualname__ = f"{operation_id.title().replace('_', '')}View"
    return ActionView


RiskAssessmentConfirmView = _action(
    "placement_risk_assessment_confirm",
    services.risk_assessment_confirm,
    "The company confirms the risk assessment; every item must be ticked.",
)
StartView = _action(
    "placement_start",
    services.placement_start,
    "Start the placement. Every party has signed; for a pupil under 18 the company confirmed "
    "the risk assessment and the hours keep to the school's limits. Otherwise a 400 lists "
    "what is `missing`.",
)


class CheckInsView(_PlacementView):
    serializer_class = s.CheckInSerializer
    pagination_class = None  # the few meetings of one placement, as a list

    @extend_schema(
        tags=TAGS, operation_id="placement_check_ins", responses=s.CheckInSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        """The mid-placement meetings noted so far."""
        placement = self.placement()
        return Response(s.CheckInSerializer(placement.check_ins.all(), many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="placement_check_in_add",
        request=s.CheckInSerializer,
        responses={201: s.CheckInSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """The handledare or the teacher notes the three-way meeting."""
        placement = self.placement()
        self.check(placement, "check_in")
        data = self.validated(s.CheckInSerializer)
        check_in = services.check_in_add(actor=request.actor, placement=placement, **data)
        return Response(s.CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)


class EvaluationsView(_PlacementView):
    @extend_schema(
        tags=TAGS, operation_id="placement_evaluations", responses=s.EvaluationsSerializer
    )
    def get(self, request: Request, pk: int) -> Response:
        """The handledare's evaluation and the student's evaluation of the workplace."""
        placement = self.placement()
        return Response(
            s.EvaluationsSerializer(
                {
                    "handledare": selectors.related_or_none(placement, "handledare_evaluation"),
                    "student": selectors.related_or_none(placement, "student_evaluation"),
                }
            ).data
        )


class HandledareEvaluationView(_PlacementView):
    @extend_schema(
        tags=TAGS,
        operation_id="placement_evaluation_handledare",
        request=s.HandledareEvaluationSerializer,
        responses={201: s.HandledareEvaluationSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """The company's handledare evaluates the placement and signs off the certificate."""
        placement = self.placement()
        self.check(placement, "handledare_evaluation")
        data = self.validated(s.HandledareEvaluationSerializer)
        evaluation = services.handledare_evaluation_submit(
            actor=request.actor, placement=placement, **data
        )
        return Response(
            s.HandledareEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )


class StudentEvaluationView(_PlacementView):
    @extend_schema(
        tags=TAGS,
        operation_id="placement_evaluation_student",
        request=s.StudentEvaluationSerializer,
        responses={201: s.StudentEvaluationSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """The student evaluates the workplace."""
        placement = self.placement()
        self.check(placement, "student_evaluation")
        data = self.validated(s.StudentEvaluationSerializer)
        evaluation = services.student_evaluation_submit(
            actor=request.actor, placement=placement, **data
        )
        return Response(
            s.StudentEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )


class CertificatePdfView(_PlacementView):
    @extend_schema(
        tags=TAGS, operation_id="placement_certificate_pdf", parameters=[LANG], responses=PDF
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The student's certificate (who, where, when, hours, tasks, signed off by the
        handledare), after a completed placement."""
        placement = self.placement()
        content = selectors.certificate_file(
            actor=request.actor, placement=placement, language=self.language()
        )
        return _pdf(content, f"certificate-{placement.pk}.pdf")


API_ROUTES: list = []
URL_PATTERNS = [
    path("placements/<int:pk>/lifecycle/", LifecycleView.as_view(), name="placement-lifecycle"),
    path("placements/<int:pk>/plan/", PlanView.as_view(), name="placement-plan"),
    path("placements/<int:pk>/agreement/", AgreementView.as_view(), name="placement-agreement"),
    path(
        "placements/<int:pk>/agreement.pdf",
        AgreementPdfView.as_view(),
        name="placement-agreement-pdf",
    ),
    path("placements/<int:pk>/sign/", SignView.as_view(), name="placement-sign"),
    path(
        "placements/<int:pk>/risk-assessment/",
        RiskAssessmentView.as_view(),
        name="placement-risk-assessment",
    ),
    path(
        "placements/<int:pk>/risk-assessment/confirm/",
        RiskAssessmentConfirmView.as_view(),
        name="placement-risk-assessment-confirm",
    ),
    path("placements/<int:pk>/start/", StartView.as_view(), name="placement-start"),
    path("placements/<int:pk>/check-ins/", CheckInsView.as_view(), name="placement-check-ins"),
    path(
        "placements/<int:pk>/evaluations/", EvaluationsView.as_view(), name="placement-evaluations"
    ),
    path(
        "placements/<int:pk>/evaluations/handledare/",
        HandledareEvaluationView.as_view(),
        name="placement-evaluation-handledare",
    ),
    path(
        "placements/<int:pk>/evaluations/student/",
        StudentEvaluationView.as_view(),
        name="placement-evaluation-student",
    ),
    path(
        "placements/<int:pk>/certificate.pdf",
        CertificatePdfView.as_view(),
        name="placement-certificate-pdf",
    ),
]

"""The companies API: thin views that validate, call one service or selector, and serialize.

API_ROUTES is registered on the /api/v1/ router by backend/api/urls.py. The answers follow
backend/api/views.py: an anonymous write is 401 (the default permission); an object the actor
may not see is not in the selector, so 404; a service's refusal is 403 (companies/policy.py
decides); verify, suspend, hide and unhide are backend/moderation.py's, as on every surface.
"""

from collections.abc import Callable
from functools import partial

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from backend import moderation
from backend.accounts.models import Organisation
from backend.api.exceptions import BAD_REQUEST
from backend.api.pagination import IdsFirstPagination
from backend.api.views import ServiceViewSet
from companies import search, selectors, services
from companies.filters import CompanyFilter, OpportunityFilter
from companies.models import Company, Opportunity
from companies.serializers import (
    API_FIELD_NAMES,
    CompanySerializer,
    CompanyWriteSerializer,
    LogoSerializer,
    OpportunityHideSerializer,
    OpportunitySerializer,
    OpportunityWriteSerializer,
)

ERROR_RESPONSES = {400: BAD_REQUEST}


TAGS = ["companies"]


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the companies you may see"),
    retrieve=extend_schema(tags=TAGS, summary="A company's profile"),
    create=extend_schema(
        tags=TAGS,
        summary="Register a company (you become its administrator)",
        request=CompanyWriteSerializer,
        responses={201: CompanySerializer},
    ),
    update=extend_schema(tags=TAGS, summary="Replace the profile", request=CompanyWriteSerializer),
    partial_update=extend_schema(
        tags=TAGS, summary="Change the profile", request=CompanyWriteSerializer
    ),
)
class CompanyViewSet(ServiceViewSet):
    """Companies: public when verified and not suspended; your own always; all for chamber
    staff, who filter them by `verified` and `suspended` to moderate."""

    queryset = Company.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    service_field_names = API_FIELD_NAMES

    def get_queryset(self) -> QuerySet[Company]:
        return selectors.company_list(actor=self.actor)

    def list(self, request: Request) -> Response:
        return self.page(selectors.company_list(actor=self.actor, filters=request.query_params))

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        data = self.validated(CompanyWriteSerializer)
        company = services.company_create(actor=self.actor, **data)
        # Not read again through the selector: the request's actor was made before the service
        # made them the new (unverified) company's administrator.
        return Response(self.get_serializer(company).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, id: str, partial: bool = False) -> Response:
        company = self.get_object()
        data = self.validated(CompanyWriteSerializer, company, partial=partial)
        services.company_update(actor=self.actor, company=company, **data)
        return self.respond(company)

    def partial_update(self, request: Request, id: str) -> Response:
        return self.update(request, id, partial=True)

    @extend_schema(tags=TAGS, request=None, responses={200: CompanySerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, id: str) -> Response:
        """Chamber staff: the company is who it says; its published opportunities go public."""
        return self._moderate(moderation.organisation_verify)

    @extend_schema(tags=TAGS, request=None, responses={200: CompanySerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, id: str) -> Response:
        """Chamber staff: nothing of the company is public, and its members cannot act for it."""
        return self._moderate(moderation.organisation_suspend)

    @extend_schema(tags=TAGS, request=None, responses={200: CompanySerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def unsuspend(self, request: Request, id: str) -> Response:
        """Chamber staff: lift a suspension."""
        return self._moderate(moderation.organisation_unsuspend)

    def _moderate(self, service: Callable[..., Organisation]) -> Response:
        company = self.get_object()
        service(actor=self.actor, organisation=company.organisation)
        return self.respond(company)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": LogoSerializer},
        responses={200: CompanySerializer},
    )
    @action(detail=True, methods=["put"], parser_classes=[MultiPartParser, FormParser])
    def logo(self, request: Request, id: str) -> Response:
        """Administrators: upload a logo (JPEG, PNG or WebP, ≤ 5 MB, ≤ 4000 x 4000 px); it is
        stored as square WebP at 256 and 64 px, without the upload's metadata."""
        company = self.get_object()
        data = self.validated(LogoSerializer, company)
        services.company_logo_set(actor=self.actor, company=company, **data)
        return self.respond(company)


OPPORTUNITY_TAGS = ["opportunities"]


@extend_schema_view(
    list=extend_schema(tags=OPPORTUNITY_TAGS, summary="Search the opportunities you may see"),
    retrieve=extend_schema(tags=OPPORTUNITY_TAGS, summary="One opportunity"),
    create=extend_schema(
        tags=OPPORTUNITY_TAGS,
        summary="Create a draft opportunity",
        request=OpportunityWriteSerializer,
        responses={201: OpportunitySerializer},
    ),
    update=extend_schema(
        tags=OPPORTUNITY_TAGS, summary="Replace an opportunity", request=OpportunityWriteSerializer
    ),
    partial_update=extend_schema(
        tags=OPPORTUNITY_TAGS, summary="Change an opportunity", request=OpportunityWriteSerializer
    ),
)
class OpportunityViewSet(ServiceViewSet):
    """Internships (APL, LIA, prao, praktik), thesis projects and apprenticeships (GLA).

    Everyone sees the public ones; company members also their own company's drafts, closed and
    hidden ones; chamber staff everything. Contact details are shown to signed-in users only."""

    queryset = Opportunity.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = OpportunitySerializer
    pagination_class = IdsFirstPagination
    filterset_class = OpportunityFilter
    service_field_names = API_FIELD_NAMES

    def get_queryset(self) -> QuerySet[Opportunity]:
        return selectors.opportunity_list(actor=self.actor)

    def list(self, request: Request) -> Response:
        """Read as plain values (companies/search.py), shown as OpportunitySerializer shows them."""
        ids = selectors.opportunity_search(actor=self.actor, filters=request.query_params)
        read = partial(search.opportunity_json, actor=self.actor)
        rows = self.paginator.paginate_queryset(ids, request, view=self, read=read)
        return self.get_paginated_response(rows)

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        data = self.validated(OpportunityWriteSerializer)
        opportunity = services.opportunity_create(actor=self.actor, **data)
        return self.respond(opportunity, status.HTTP_201_CREATED)

    def update(self, request: Request, id: str, partial: bool = False) -> Response:
        opportunity = self.get_object()
        data = self.validated(OpportunityWriteSerializer, opportunity, partial=partial)
        services.opportunity_update(actor=self.actor, opportunity=opportunity, **data)
        return self.respond(opportunity)

    def partial_update(self, request: Request, id: str) -> Response:
        return self.update(request, id, partial=True)

    @extend_schema(
        tags=OPPORTUNITY_TAGS,
        request=None,
        responses={200: OpportunitySerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, id: str) -> Response:
        """Company members: publish a draft. It is public once the company is verified."""
        opportunity = self.get_object()
        services.opportunity_publish(actor=self.actor, opportunity=opportunity)
        return self.respond(opportunity)

    @extend_schema(
        tags=OPPORTUNITY_TAGS,
        request=None,
        responses={200: OpportunitySerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, id: str) -> Response:
        """Company members: close a draft or a published opportunity for good."""
        opportunity = self.get_object()
        services.opportunity_close(actor=self.actor, opportunity=opportunity)
        return self.respond(opportunity)

    @extend_schema(
        tags=OPPORTUNITY_TAGS,
        request=OpportunityHideSerializer,
        responses={200: OpportunitySerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, id: str) -> Response:
        """Chamber staff: take it out of public view; the company sees the reason."""
        opportunity = self.get_object()
        data = self.validated(OpportunityHideSerializer)
        moderation.posting_hide(actor=self.actor, posting=opportunity, **data)
        return self.respond(opportunity)

    @extend_schema(
        tags=OPPORTUNITY_TAGS,
        request=None,
        responses={200: OpportunitySerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def unhide(self, request: Request, id: str) -> Response:
        """Chamber staff: make it public again (if it is published)."""
        opportunity = self.get_object()
        moderation.posting_unhide(actor=self.actor, posting=opportunity)
        return self.respond(opportunity)


API_ROUTES = [("companies", CompanyViewSet), ("opportunities", OpportunityViewSet)]
URL_PATTERNS: list = []

"""The companies API: thin views that validate, call one service or selector, and serialize.

API_ROUTES is registered on the /api/v1/ router by backend/api/urls.py. Who may do what, and
why an answer is 401, 403 or 404, is in companies/permissions.py.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.exceptions import BAD_REQUEST
from backend.api.filter_backends import SelectorFilterBackend
from backend.api.pagination import IdsFirstPagination
from companies import policy, search, selectors, services
from companies.filters import CompanyFilter, OpportunityFilter
from companies.models import Company, Opportunity
from companies.permissions import CompanyPermission, OpportunityPermission
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


class _ServiceViewSet(viewsets.GenericViewSet):
    """The services' errors are 400s (backend/api/exceptions.py), under the API's field names."""

    filter_backends = [SelectorFilterBackend]
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"
    service_field_names = API_FIELD_NAMES
    # The keyword under which the services take this viewset's object.
    object_keyword: str

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "viewer": policy.viewer(self.request.user)}

    def _page(self, queryset: QuerySet) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _validated(
        self, serializer_class: type, instance: Model | None = None, **kwargs: Any
    ) -> serializers.Serializer:
        data = serializer_class(
            instance, data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        data.is_valid(raise_exception=True)
        return data

    def _respond(self, obj: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """The object as the list shows it, read again with its relations."""
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def _act(self, service: Callable[..., Model], **kwargs: Any) -> Response:
        obj = self.get_object()
        service(by=self.request.user, **{self.object_keyword: obj}, **kwargs)
        return self._respond(obj)


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
class CompanyViewSet(_ServiceViewSet):
    """Companies: public when verified and not suspended; your own always; all for chamber
    staff, who filter them by `verified` and `suspended` to moderate."""

    queryset = Company.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = CompanySerializer
    permission_classes = [CompanyPermission]
    filterset_class = CompanyFilter
    object_keyword = "company"

    def get_queryset(self) -> QuerySet[Company]:
        return selectors.company_list(user=self.request.user)

    def list(self, request: Request) -> Response:
        return self._page(selectors.company_list(user=request.user, filters=request.query_params))

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        data = self._validated(CompanyWriteSerializer)
        company = services.company_create(by=request.user, **data.service_kwargs())
        return self._respond(company, status.HTTP_201_CREATED)

    def update(self, request: Request, id: str, partial: bool = False) -> Response:
        company = self.get_object()
        data = self._validated(CompanyWriteSerializer, company, partial=partial)
        services.company_update(company=company, by=request.user, **data.service_kwargs())
        return self._respond(company)

    def partial_update(self, request: Request, id: str) -> Response:
        return self.update(request, id, partial=True)

    @extend_schema(tags=TAGS, request=None, responses={200: CompanySerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, id: str) -> Response:
        """Chamber staff: the company is who it says; its published opportunities go public."""
        return self._act(services.company_verify)

    @extend_schema(tags=TAGS, request=None, responses={200: CompanySerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, id: str) -> Response:
        """Chamber staff: nothing of the company is public, and its members cannot act for it."""
        return self._act(services.company_suspend)

    @extend_schema(tags=TAGS, request=None, responses={200: CompanySerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def unsuspend(self, request: Request, id: str) -> Response:
        """Chamber staff: lift a suspension."""
        return self._act(services.company_unsuspend)

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
        data = self._validated(LogoSerializer)
        services.company_logo_set(company=company, by=request.user, **data.validated_data)
        return self._respond(company)


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
class OpportunityViewSet(_ServiceViewSet):
    """Internships (APL, LIA, prao, praktik), thesis projects and apprenticeships (GLA).

    Everyone sees the public ones; company members also their own company's drafts, closed and
    hidden ones; chamber staff everything. Contact details are shown to signed-in users only."""

    queryset = Opportunity.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = OpportunitySerializer
    permission_classes = [OpportunityPermission]
    pagination_class = IdsFirstPagination
    filterset_class = OpportunityFilter
    object_keyword = "opportunity"

    def get_queryset(self) -> QuerySet[Opportunity]:
        return selectors.opportunity_list(user=self.request.user)

    def list(self, request: Request) -> Response:
        """Read as plain values (companies/search.py), shown as OpportunitySerializer shows them."""
        queryset = selectors.opportunity_list(user=request.user, filters=request.query_params)
        viewer = policy.viewer(request.user)
        read = partial(
            search.opportunity_json,
            sees_contacts=viewer.authenticated,
            sees_moderation_of=viewer.sees_moderation_of,
        )
        rows = self.paginator.paginate_queryset(queryset, request, view=self, read=read)
        return self.get_paginated_response(rows)

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        data = self._validated(OpportunityWriteSerializer)
        opportunity = services.opportunity_create(
            by=request.user, company=data.validated_data["company"], **data.service_kwargs()
        )
        return self._respond(opportunity, status.HTTP_201_CREATED)

    def update(self, request: Request, id: str, partial: bool = False) -> Response:
        opportunity = self.get_object()
        data = self._validated(OpportunityWriteSerializer, opportunity, partial=partial)
        services.opportunity_update(
            opportunity=opportunity, by=request.user, **data.service_kwargs()
        )
        return self._respond(opportunity)

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
        return self._act(services.opportunity_publish)

    @extend_schema(
        tags=OPPORTUNITY_TAGS,
        request=None,
        responses={200: OpportunitySerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, id: str) -> Response:
        """Company members: close a draft or a published opportunity for good."""
        return self._act(services.opportunity_close)

    @extend_schema(
        tags=OPPORTUNITY_TAGS,
        request=OpportunityHideSerializer,
        responses={200: OpportunitySerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, id: str) -> Response:
        """Chamber staff: take it out of public view; the company sees the reason."""
        opportunity = self.get_object()
        data = self._validated(OpportunityHideSerializer)
        services.opportunity_hide(opportunity=opportunity, by=request.user, **data.validated_data)
        return self._respond(opportunity)

    @extend_schema(
        tags=OPPORTUNITY_TAGS,
        request=None,
        responses={200: OpportunitySerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def unhide(self, request: Request, id: str) -> Response:
        """Chamber staff: make it public again (if it is published)."""
        return self._act(services.opportunity_unhide)


API_ROUTES = [("companies", CompanyViewSet), ("opportunities", OpportunityViewSet)]
URL_PATTERNS: list = []

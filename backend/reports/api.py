"""The reports API: who reads which report is backend/reports/policy.py's (chamber staff every
report, everyone the open data), asked before the query is read and again by the selectors; a
refusal is a 403, anonymous a 401.

Every endpoint validates its query parameters (a 400 naming the parameter), builds one
ReportTable through a selector and answers it as JSON, or as a CSV or Excel download with
`?format=csv` (plain), `?format=csv-excel` (Swedish Excel) or `?format=xlsx`. No endpoint
returns a student: only counts.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.actor import Actor
from backend.api.renderers import JSONRenderer
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record
from backend.reports import companies, demand, gla, params, policy, selectors, supply
from backend.reports.renderers import CSVRenderer, ExcelCSVRenderer, XLSXRenderer
from backend.reports.tables import ReportTable

TAGS = ["reports"]
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Handelskammaren Mälardalen, Praktikbryggan",
}
OPEN_DATA_CACHE_SECONDS = 15 * 60
# The file name's ending for each download format.
DOWNLOADS = {"csv": ".csv", "csv-excel": "-excel.csv", "xlsx": ".xlsx"}


class ReportResponse(Response):
    """A report's JSON, carrying the table the CSV and Excel renderers write."""

    def __init__(self, table: ReportTable, **kwargs: Any) -> None:
        super().__init__(table.as_json(), **kwargs)
        self.table = table


class ReportSerializer(serializers.Serializer):
    """For the schema: each group names its groupings' values and the measures."""

    groups = serializers.ListField(child=serializers.DictField())
    total = serializers.JSONField(help_text="A number, a dict of measures, or null if withheld.")


def _report_schema(summary: str, query: type[serializers.Serializer]) -> Callable:
    download = OpenApiResponse(OpenApiTypes.BINARY, description="The table as a download.")
    return extend_schema(
        tags=TAGS,
        summary=summary,
        parameters=[query],
        responses={
            (200, "application/json"): ReportSerializer,
            (200, CSVRenderer.media_type): download,
            (200, XLSXRenderer.media_type): download,
        },
    )


class ReportView(APIView):
    """One GET: validate `query_class`, build the table through its selector for the request's
    actor, answer it in the asked format. Signing in is asked here (a 401); who reads the report
    is the policy's (`readers`), asked before the query is read, so a refused actor gets the
    same 403 whatever they asked, and again by the selector."""

    permission_classes = [IsAuthenticated]
    readers: Callable[[Actor], bool] = staticmethod(policy.reads_reports)
    renderer_classes = [
        JSONRenderer,
        BrowsableAPIRenderer,
        CSVRenderer,
        ExcelCSVRenderer,
        XLSXRenderer,
    ]
    query_class: type[params.SelectionSerializer]

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        policy.require(self.readers(request.actor), policy.REPORTS_REFUSED)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        query = self.query_class(data=request.query_params)
        query.is_valid(raise_exception=True)
        table = self.build(request.actor, query.validated_data, query.selection())
        return ReportResponse(table)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        if not isinstance(response, ReportResponse):
            # Errors and OPTIONS carry no table: JSON whatever format was asked for.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        extension = getattr(response.accepted_renderer, "format", "")
        if isinstance(response, ReportResponse) and extension in DOWNLOADS:
            name = f"{response.table.name}-{timezone.localdate().isoformat()}{DOWNLOADS[extension]}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            if request.actor.is_authenticated:
                audit_record(
                    by=request.actor.user,
                    action=AuditEntry.Action.EXPORT,
                    target_type="report",
                    target_id=response.table.name,
                    detail=request.get_full_path(),
                )
        return response


class PlacementReportView(ReportView):
    query_class = params.PlacementQuerySerializer

    @_report_schema("Students placed, by one or two groupings", params.PlacementQuerySerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return selectors.placement_counts(
            actor=actor, selection=selection, group_by=query["group_by"]
        )


class SupplyDemandView(ReportView):
    query_class = params.SupplyQuerySerializer

    @_report_schema("Places offered, requested and confirmed", params.SupplyQuerySerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return supply.supply_demand(actor=actor, selection=selection, group_by=query["group_by"])


class GapsView(ReportView):
    query_class = params.SelectionSerializer

    @_report_schema("Programme and municipality pairs short of places", params.SelectionSerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return supply.gaps(actor=actor, selection=selection)


class TrendView(ReportView):
    query_class = params.TrendQuerySerializer

    @_report_schema("Students placed per term, month or school year", params.TrendQuerySerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return selectors.trend(
            actor=actor, selection=selection, interval=query["interval"], series=query.get("series")
        )


class GlaView(ReportView):
    query_class = params.SelectionSerializer

    @_report_schema(
        "GLA places and placements against the yearly target", params.SelectionSerializer
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return gla.gla_progress(actor=actor, selection=selection)


class StemShareView(ReportView):
    query_class = params.ShareQuerySerializer

    @_report_schema("The share of placements in STEM", params.ShareQuerySerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return selectors.stem_share(actor=actor, selection=selection, group_by=query["group_by"])


class GenderView(ReportView):
    query_class = params.SelectionSerializer

    @_report_schema(
        "Students in STEM programmes by gender (counts under 5 suppressed)",
        params.SelectionSerializer,
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return selectors.gender_balance(actor=actor, selection=selection)


class CompaniesView(ReportView):
    query_class = params.SelectionSerializer

    @_report_schema(
        "Placements hosted and handledare evaluations per company", params.SelectionSerializer
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return companies.companies_hosting(actor=actor, selection=selection)


class UnmetDemandView(ReportView):
    query_class = params.SelectionSerializer

    @_report_schema("Requests no posting matches", params.SelectionSerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return demand.unmet_demand(actor=actor, selection=selection)


class CompaniesInDemandView(ReportView):
    query_class = params.SelectionSerializer

    @_report_schema("Companies asked by many schools", params.SelectionSerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        return demand.companies_in_demand(actor=actor, selection=selection)


class OpenDataView(ReportView):
    """Public: students placed by school year, municipality and kind, counts under 5
    suppressed, under CC BY 4.0. Cached, since anyone may ask."""

    permission_classes = [AllowAny]
    readers = staticmethod(policy.reads_open_data)
    query_class = params.SelectionSerializer

    @_report_schema("Open data: placement counts (public, CC BY 4.0)", params.SelectionSerializer)
    def get(self, request: Request) -> Response:
        response = super().get(request)
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
        return response

    def build(
        self, actor: Actor, query: dict[str, Any], selection: params.Selection
    ) -> ReportTable:
        key = ":".join(
            [
                "reports-open-data",
                get_language(),
                str(selection.period_from),
                str(selection.period_to),
                selection.region,
            ]
        )
        table = cache.get(key)
        if table is None:
            table = selectors.open_data(actor=actor, selection=selection)
            table.extra["licence"] = LICENCE
            cache.set(key, table, OPEN_DATA_CACHE_SECONDS)
        return table


API_ROUTES: list = []
URL_PATTERNS = [
    path("reports/placements/", PlacementReportView.as_view(), name="reports-placements"),
    path("reports/supply-demand/", SupplyDemandView.as_view(), name="reports-supply-demand"),
    path("reports/gaps/", GapsView.as_view(), name="reports-gaps"),
    path("reports/trend/", TrendView.as_view(), name="reports-trend"),
    path("reports/gla/", GlaView.as_view(), name="reports-gla"),
    path("reports/stem-share/", StemShareView.as_view(), name="reports-stem-share"),
    path("reports/gender/", GenderView.as_view(), name="reports-gender"),
    path("reports/companies/", CompaniesView.as_view(), name="reports-companies"),
    path("reports/unmet-demand/", UnmetDemandView.as_view(), name="reports-unmet-demand"),
    path(
        "reports/companies-in-demand/",
        CompaniesInDemandView.as_view(),
        name="reports-companies-in-demand",
    ),
    path("reports/open-data/", OpenDataView.as_view(), name="reports-open-data"),
]

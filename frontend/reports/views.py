"""The chamber's reports dashboard: KPI cards, charts, the map, the tables and their exports.

Chamber staff only (a 403 for everyone else signed in). The filters work as a plain GET form;
with HTMX the results part of the page is replaced (the `results` partial).
"""

from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backend.accounts.selectors import is_chamber_staff
from backend.reports import gla, selectors, supply
from backend.reports.params import Selection
from backend.reports.tables import ReportTable
from frontend.reports.charts import bar_chart, line_chart
from frontend.reports.forms import MAP_GAP, DashboardForm
from frontend.reports.maps import choropleth

TEMPLATE = "frontend/reports/dashboard.html"
TOP_PROGRAMMES = 12
TOP_GAPS = 10
CACHE_SECONDS = 5 * 60


def chamber_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_chamber_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@chamber_staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardForm(request.GET)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        context.update(_cached_reports(form))
    template = f"{TEMPLATE}#results" if request.htmx else TEMPLATE
    return render(request, template, context)


def _cached_reports(form: DashboardForm) -> dict[str, Any]:
    """The page's figures for a selection, kept CACHE_SECONDS: the dashboard reads the
    placements several times over, and staff move back and forth between a few selections.
    The API (and so every download) always counts afresh."""
    key = "reports-dashboard:" + ":".join(
        [get_language(), *(str(form.cleaned_data[name]) for name in sorted(form.fields))]
    )
    return cache.get_or_set(key, lambda: _reports(form), CACHE_SECONDS)


def _reports(form: DashboardForm) -> dict[str, Any]:
    selection = form.selection()
    group_by = form.groupings()
    programmes = selectors.placement_counts(selection=selection, group_by=["programme"])
    terms = selectors.trend(selection=selection, interval="term")
    stem = selectors.stem_share(selection=selection, group_by=["kind"])
    by_municipality = supply.supply_demand(selection=selection, group_by=["municipality"])
    gaps = supply.gaps(selection=selection)
    tables = {
        "placements": selectors.placement_counts(selection=selection, group_by=group_by),
        "supply": by_municipality,
        "gaps": _top(gaps, TOP_GAPS),
        "gla": gla.gla_progress(selection=selection),
        "gender": selectors.gender_balance(selection=selection),
    }
    share = stem.total["share"]
    return {
        "kpi": {
            "placements": programmes.total["count"],
            **by_municipality.total,
            "stem_percent": None if share is None else round(share * 100),
        },
        "programme_chart": bar_chart(
            [
                (programmes.label("programme", row["programme"]), row["count"])
                for row in programmes.rows[:TOP_PROGRAMMES]
            ]
        ),
        "trend_chart": line_chart([(row["term"], row["count"]) for row in terms.rows]),
        "stem_chart": bar_chart(
            [(str(_("All placements")), _percent(share))]
            + [(stem.label("kind", row["kind"]), _percent(row["share"])) for row in stem.rows],
            top=100,
        ),
        "map": choropleth(_map_values(form.cleaned_data["map"], by_municipality, gaps)),
        "map_gap": form.cleaned_data["map"] == MAP_GAP,
        "tables": [(table, _exports(table, selection, group_by)) for table in tables.values()],
    }


def _percent(share: float | None) -> int:
    return 0 if share is None else round(share * 100)


def _top(table: ReportTable, count: int) -> ReportTable:
    table.rows = table.rows[:count]
    return table


def _map_values(metric: str, by_municipality: ReportTable, gaps: ReportTable) -> dict[str, int]:
    if metric != MAP_GAP:
        return {row["municipality"]: row["confirmed"] for row in by_municipality.rows}
    missing: dict[str, int] = defaultdict(int)
    for row in gaps.rows:
        missing[row["municipality"]] += row["gap"]
    return dict(missing)


EXPORT_URLS = {
    "placements": "reports-placements",
    "supply-demand": "reports-supply-demand",
    "gaps": "reports-gaps",
    "gla": "reports-gla",
    "gender": "reports-gender",
}


def _exports(table: ReportTable, selection: Selection, group_by: list[str]) -> dict[str, str]:
    """The API's CSV and Excel downloads of the same table."""
    query = QueryDict(mutable=True)
    query["region"] = selection.region
    if selection.period_from:
        query["period_from"] = selection.period_from.isoformat()
    if selection.period_to:
        query["period_to"] = selection.period_to.isoformat()
    if table.name == "placements":
        query["group_by"] = ",".join(group_by)
    elif table.name == "supply-demand":
        query["group_by"] = "municipality"
    url = reverse(EXPORT_URLS[table.name])
    links = {}
    for extension in ("csv", "xlsx"):
        query["format"] = extension
        links[extension] = f"{url}?{query.urlencode()}"
    return links

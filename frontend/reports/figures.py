"""The reports page's figures, drawn from the tables backend/reports/dashboard.py reads (the
same the API gives): the headline figures, the charts, the map and the tables with their links
to the API, every number written as the page writes it."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.reports import selectors, supply
from backend.reports.counted import region_municipalities
from backend.reports.dashboard import Dashboard
from backend.reports.formats import page_cell
from backend.reports.selection import Selection
from backend.reports.tables import Column, ReportTable, missing_legend
from frontend.reports.charts import bar_chart, line_chart
from frontend.reports.forms import MAP_LAYERS, DashboardForm
from frontend.reports.maps import choropleth

TOP_PROGRAMMES = 12
TOP_ROWS = 10  # rows of a long table shown on the page; the downloads hold them all
DOWNLOADS = [
    ("csv-excel", gettext_lazy("CSV for Excel (;)")),
    ("csv", gettext_lazy("CSV (,)")),
    ("xlsx", gettext_lazy("Excel")),
]
PERCENT = Column("percent", "", percent=True)
COUNT = Column("count", "")


@dataclass
class Shown:
    """A table as the page shows it: its first `limit` rows (all when None), the total over all,
    the notes, and the links to the API's JSON and downloads of the whole table."""

    table: ReportTable
    api: str
    limit: int | None = None
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def lines(self) -> list[list[str]]:
        return self.table.body(page_cell, self.limit)

    @property
    def cut(self) -> bool:
        return self.limit is not None and len(self.table.rows) > self.limit


def companies_table(table: ReportTable, selection: Selection) -> Shown:
    """The companies hosting, as the page shows them (the first rows, a total over all)."""
    return _shown(table, "reports-companies", selection, limit=TOP_ROWS)


def _shown(
    table: ReportTable, url_name: str, selection: Selection, limit: int | None = None, **params
) -> Shown:
    query = {**_selection_query(selection), **params}
    url = reverse(url_name)
    links = [
        (str(title), f"{url}?{urlencode({**query, 'format': fmt})}") for fmt, title in DOWNLOADS
    ]
    return Shown(table=table, api=f"{url}?{urlencode(query)}", limit=limit, links=links)


def _selection_query(selection: Selection) -> dict[str, str]:
    query = {"region": selection.region}
    if selection.period_from:
        query["period_from"] = selection.period_from.isoformat()
    if selection.period_to:
        query["period_to"] = selection.period_to.isoformat()
    return query


def figures(form: DashboardForm, tables: Dashboard) -> dict[str, Any]:
    """The page's context for the tables of the form's selection."""
    selection = tables.selection
    layer = form.cleaned_data["map"]
    programmes, terms, stem = tables.programmes, tables.terms, tables.stem
    by_municipality, gaps = tables.by_municipality, tables.gaps
    return {
        "counted_at": tables.counted_at,
        "missing_legend": missing_legend(),
        "kpis": _kpis(programmes, terms, by_municipality, stem, tables.evaluations),
        # Counted when asked (after the page, with HTMX): it groups every placement.
        "companies_url": reverse("frontend:reports_companies")
        + "?"
        + urlencode(_selection_query(selection)),
        "programme_chart": bar_chart(
            [
                (programmes.label("programme", row["programme"]), row["count"])
                for row in programmes.rows[:TOP_PROGRAMMES]
            ]
        ),
        "programme_notes": programmes.notes(),
        "stem_chart": bar_chart(
            [(_("All placements"), stem.total["stem_percent"] or 0)]
            + [(stem.label("kind", row["kind"]), row["stem_percent"] or 0) for row in stem.rows],
            top=100,
            percent=True,
        ),
        "stem": _shown(stem, "reports-stem-share", selection, group_by="kind"),
        "trend_chart": line_chart(
            [(row["term"], row["count"], row["future"]) for row in terms.rows]
        ),
        "trend": _shown(terms, "reports-trend", selection, interval="term"),
        "map": choropleth(
            _map_values(layer, by_municipality, gaps),
            region_municipalities(selection.region),
        ),
        "map_layer": layer,
        "map_title": MAP_LAYERS[layer][0],
        "map_links": _map_links(form),
        "tables": [
            _shown(
                tables.placements,
                "reports-placements",
                selection,
                group_by=",".join(tables.group_by),
            ),
            _shown(by_municipality, "reports-supply-demand", selection, group_by="municipality"),
            _shown(gaps, "reports-gaps", selection, limit=TOP_ROWS),
            _shown(tables.gla, "reports-gla", selection),
            _shown(tables.gender, "reports-gender", selection),
            _shown(tables.unmet_demand, "reports-unmet-demand", selection, limit=TOP_ROWS),
            _shown(
                tables.companies_in_demand,
                "reports-companies-in-demand",
                selection,
                limit=TOP_ROWS,
            ),
        ],
    }


def _kpis(
    programmes: ReportTable,
    terms: ReportTable,
    by_municipality: ReportTable,
    stem: ReportTable,
    evaluations: dict[str, Any],
) -> list[tuple[str, str, str]]:
    """(value, what it is, its definition) of each headline figure."""
    supply_total = by_municipality.total
    return [
        (
            page_cell(programmes.total["count"], COUNT),
            _("students placed"),
            _(
                "Students in confirmed and completed placements (not cancelled) starting in "
                "the period, where they take place; a placement of 3 students counts 3."
            ),
        ),
        (
            page_cell(terms.total["planned"], COUNT),
            _("of them planned"),
            _("Of the students placed, those whose placement starts after today."),
        ),
        (
            page_cell(supply_total["offered"], COUNT),
            _("places offered"),
            _("The places of published opportunities whose period overlaps the selection."),
        ),
        (
            page_cell(supply_total["requested"], COUNT),
            _("places requested"),
            _("The places of the schools' requests, not closed, overlapping the period."),
        ),
        (
            page_cell(supply_total["coverage_percent"], PERCENT),
            _("coverage"),
            _("Of those places requested, the share placements filled (the same requests)."),
        ),
        (
            page_cell(stem.total["stem_percent"], PERCENT),
            _("study STEM"),
            str(selectors.STEM_DEFINITION),
        ),
        (
            page_cell(stem.total["stem_content_percent"], PERCENT),
            _("at STEM content"),
            _("Students placed at an opportunity that names at least one STEM area."),
        ),
        (
            page_cell(evaluations["evaluations"], COUNT),
            _("evaluations by the handledare"),
            _("Placements in the selection the handledare evaluated at the end."),
        ),
        (
            page_cell(evaluations["would_host_again_percent"], PERCENT),
            _("would host again"),
            _("Of the evaluations, the share where the handledare would take a student again."),
        ),
    ]


def _map_values(layer: str, by_municipality: ReportTable, gaps: ReportTable) -> dict[str, int]:
    if layer == "gap":
        return supply.gaps_by_municipality(gaps)
    measure = MAP_LAYERS[layer][1]
    return {row["municipality"]: row[measure] for row in by_municipality.rows}


def _map_links(form: DashboardForm) -> list[tuple[str, str, bool]]:
    """A link per layer keeping the other filters: the map's tabs work without a script."""
    data = {name: value for name, value in form.data.items() if value not in ("", None)}
    return [
        (str(title), "?" + urlencode({**data, "map": key}), key == form.cleaned_data["map"])
        for key, (title, _measure) in MAP_LAYERS.items()
    ]

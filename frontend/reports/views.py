"""The chamber's reports pages: the dashboard (KPI cards, charts, the map, the tables and their
exports), the GLA target page, and the public open data page.

Who sees them is backend/reports/policy.py's, asked by the selectors (chamber staff; a 403 for
everyone else signed in, as in the API), except the open data page, which is public. The filters
work as a plain GET form; with HTMX the results part of the page is replaced (the `results`
partial).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.reports import dashboard as report_tables
from backend.reports import selectors, services
from backend.reports.tables import missing_legend
from frontend.reports.figures import companies_table as companies_table_of
from frontend.reports.figures import figures
from frontend.reports.forms import DashboardForm, GlaTargetForm

TEMPLATE = "frontend/reports/dashboard.html"
HISTORY = 30


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardForm(request.GET)
    tables = report_tables.dashboard(
        actor=request.actor, selection=form.selection(), group_by=form.groupings()
    )
    context: dict[str, Any] = {"form": form, **(figures(form, tables) if tables else {})}
    template = f"{TEMPLATE}#results" if request.htmx else TEMPLATE
    return render(request, template, context)


@login_required
def companies_table(request: HttpRequest) -> HttpResponse:
    """The companies hosting, for the selection of the page's filters: the table alone for
    HTMX (the page asks for it once it is shown), else a page of its own."""
    form = DashboardForm(request.GET)
    selection = form.selection()
    table = report_tables.companies_table(actor=request.actor, selection=selection)
    if table is None:
        return render(request, TEMPLATE, {"form": form}, status=400)
    context = {"shown": companies_table_of(table, selection), "missing_legend": missing_legend()}
    template = "frontend/reports/_table.html" if request.htmx else "frontend/reports/companies.html"
    return render(request, template, context)


@login_required
def gla_target(request: HttpRequest) -> HttpResponse:
    """Staff set the GLA target of a school year; the targets and every change are listed."""
    form = GlaTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.gla_target_set(actor=request.actor, **form.cleaned_data)
        messages.success(request, _("The target is saved."))
        return redirect("frontend:reports_gla_target")
    targets, history = selectors.gla_targets(actor=request.actor, history=HISTORY)
    context = {"form": form, "targets": targets, "history": history}
    return render(request, "frontend/reports/gla_target.html", context)


def open_data(request: HttpRequest) -> HttpResponse:
    """Public: what the open data holds, its licence, and the links to download it."""
    url = reverse("reports-open-data")
    context = {
        "json": url,
        "downloads": [
            (_("CSV for Excel (;)"), f"{url}?format=csv-excel"),
            (_("CSV (,)"), f"{url}?format=csv"),
            (_("Excel"), f"{url}?format=xlsx"),
        ],
    }
    return render(request, "frontend/reports/open_data.html", context)

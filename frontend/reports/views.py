"""The chamber's reports pages: the dashboard (KPI cards, charts, the map, the tables and their
exports), the GLA target page, and the public open data page.

Chamber staff only (a 403 for everyone else signed in), except the open data page. The filters
work as a plain GET form; with HTMX the results part of the page is replaced (the `results`
partial).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backend.accounts.selectors import is_chamber_staff
from backend.reports import selectors, services
from backend.reports.tables import missing_legend
from frontend.reports.dashboard import companies_table as companies_table_of
from frontend.reports.dashboard import reports
from frontend.reports.forms import DashboardForm, GlaTargetForm

TEMPLATE = "frontend/reports/dashboard.html"
CACHE_SECONDS = 5 * 60
HISTORY = 30


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
    """The page's figures for a selection, kept CACHE_SECONDS in Django's cache (shared by every
    worker process when CACHE_URL names Redis or a database table): staff move back and forth
    between a few selections. The API (and so every download) always counts afresh."""
    key = "reports-dashboard:" + ":".join(
        [get_language(), *(str(form.cleaned_data[name]) for name in sorted(form.fields))]
    )
    return cache.get_or_set(key, lambda: _counted(form), CACHE_SECONDS)


def _counted(form: DashboardForm) -> dict[str, Any]:
    return {**reports(form), "counted_at": timezone.localtime()}


@chamber_staff_required
def companies_table(request: HttpRequest) -> HttpResponse:
    """The companies hosting, for the selection of the page's filters: the table alone for
    HTMX (the page asks for it once it is shown), else a page of its own."""
    form = DashboardForm(request.GET)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    context = {"shown": companies_table_of(form.selection()), "missing_legend": missing_legend()}
    template = "frontend/reports/_table.html" if request.htmx else "frontend/reports/companies.html"
    return render(request, template, context)


@chamber_staff_required
def gla_target(request: HttpRequest) -> HttpResponse:
    """Staff set the GLA target of a school year; the targets and every change are listed."""
    form = GlaTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.gla_target_set(by=request.user, **form.cleaned_data)
        messages.success(request, _("The target is saved."))
        return redirect("frontend:reports_gla_target")
    targets, history = selectors.gla_targets(user=request.user, history=HISTORY)
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

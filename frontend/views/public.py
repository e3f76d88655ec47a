"""What anyone may see: home, the opportunity search, an opportunity, a company, explainers."""

from functools import partial

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from backend.api.pagination import IdsFirstPaginator
from companies import selectors as company_selectors
from companies.policy import postable_company_ids
from frontend import selectors
from frontend.forms.common import add_service_errors
from frontend.forms.search import OPEN_ONLY, SearchForm
from frontend.views.common import paginate, render_page

EXPLAINERS = ("apl", "lia", "gla", "exjobb")
# Pages of opportunity cards from a search's ids.
CARDS = partial(IdsFirstPaginator, read=selectors.card_rows)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frontend/home.html", {"counts": selectors.public_counts(), "form": SearchForm()}
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The filters live in the query string, so a search can be bookmarked and shared; an HTMX
    request (a filter changed) gets the results only."""
    form = SearchForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else OPEN_ONLY
        try:
            ids = company_selectors.opportunity_search(actor=request.actor, filters=filters)
            page = paginate(request, ids, paginator=CARDS)
        except ValidationError as error:
            add_service_errors(form, error)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query, "filtered": bool(form.is_bound)}
    return render_page(request, "frontend/search.html", context, partial="results")


@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_detail(actor=request.actor, pk=pk)
    context = {
        "opportunity": opportunity,
        "own_company_ids": postable_company_ids(request.actor),
        "own_application": selectors.own_application(actor=request.actor, opportunity_id=pk),
        "closed_reason": opportunity.closed_reason,
    }
    return render(request, "frontend/opportunity_detail.html", context)


@require_GET
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = selectors.company_detail(actor=request.actor, pk=pk)
    ids = selectors.company_opportunities(actor=request.actor, company_id=pk)
    page = paginate(request, ids, paginator=CARDS)
    return render(request, "frontend/company_detail.html", {"company": company, "page": page})


@require_GET
def explainer(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in EXPLAINERS:
        raise Http404
    return render(request, f"frontend/explain/{slug}.html", {"slug": slug, "slugs": EXPLAINERS})

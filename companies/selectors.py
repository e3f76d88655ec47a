"""Reads on the supply side: who sees which companies and opportunities, filtered and sorted.

Public means: the opportunity is published and not hidden, and its company is verified and not
suspended. A company member also sees everything of their own companies (drafts, closed and hidden
ones with the reason); chamber staff see everything, to moderate it. Relations are fetched once
per query, so a page of 5 or of 200 costs the same number of SQL queries.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation
from backend.core.filters import apply_filterset, valid_filterset
from backend.reference.models import StemArea
from companies import policy
from companies.filters import NEWEST_FIRST, CompanyFilter, OpportunityFilter
from companies.models import Company, Opportunity

PUBLIC_COMPANY = Q(organisation__verified_at__isnull=False, organisation__suspended=False)
# Company details the opportunity list does not show: left in the table, not carried through
# the sort.
UNUSED_COMPANY_FIELDS = [
    f"company__{name}"
    for name in ("description", "address", "website", "logo_256", "organisation_number")
]


def public_opportunities(*, closed_too: bool = False) -> Q:
    """Published (or, `closed_too`, once published and now closed), not hidden, of a verified
    and unsuspended company. The company test is a subquery on the organisations, so counting
    needs no join with the companies."""
    public_organisations = Organisation.objects.filter(
        kind=Organisation.Kind.COMPANY, verified_at__isnull=False, suspended=False
    )
    status = Q(status=Opportunity.Status.PUBLISHED)
    if closed_too:
        status |= Q(status=Opportunity.Status.CLOSED, published_at__isnull=False)
    return status & Q(hidden_at__isnull=True, company_id__in=public_organisations.values("pk"))


def opportunity_list(
    *, actor: Actor, filters: Mapping[str, Any] | None = None, closed_too: bool = False
) -> QuerySet[Opportunity]:
    """The opportunities `actor` may see, newest first, with `filters` (OpportunityFilter).
    `closed_too` adds the public ones that closed, so a pupil's application still links to its
    posting and applying to one says that it closed."""
    queryset = _visible(actor, _opportunities(), closed_too=closed_too)
    return apply_filterset(OpportunityFilter, filters, queryset)


def opportunity_search(*, actor: Actor, filters: Mapping[str, Any] | None) -> QuerySet:
    """The ids of opportunity_list()'s opportunities in its order, for a page of results
    (backend/api/pagination.py: IdsFirstPaginator): a `values_list` that carries the distances
    from `near` as its annotation `distance_km`. From the search listing (companies/listings.py)
    when it answers the filters: it counts and pages far cheaper than the opportunities. The
    listing holds the public opportunities only: a company member's own and the chamber's view
    search the opportunities."""
    # Validated on no rows: the listing answers alone, or the actor's opportunities below.
    filterset = valid_filterset(OpportunityFilter, filters, Opportunity.objects.none())
    if filterset is None:
        return _visible(actor, _opportunities()).values_list("pk")
    public_only = not policy.sees_everything(actor) and not policy.own_company_ids(actor)
    listed = filterset.listed() if public_only else None
    if listed is not None:
        return listed
    # Filtered as validated, from what the actor may see.
    filterset.queryset = _visible(actor, _opportunities())
    return filterset.qs.values_list("pk")


def _opportunities() -> QuerySet[Opportunity]:
    """Every opportunity, with the company and municipality the lists show, newest first."""
    queryset = Opportunity.objects.select_related("company__organisation", "municipality")
    return queryset.defer(*UNUSED_COMPANY_FIELDS).order_by(*NEWEST_FIRST)


def _visible(
    actor: Actor, queryset: QuerySet[Opportunity], *, closed_too: bool = False
) -> QuerySet[Opportunity]:
    if policy.sees_everything(actor):
        return queryset
    own = policy.own_company_ids(actor)
    public = public_opportunities(closed_too=closed_too)
    return queryset.filter(public | Q(company_id__in=own) if own else public)


def attach_codes(opportunities: Sequence[Opportunity]) -> None:
    """Set `programme_codes` and `stem_area_codes` on each opportunity, one query per relation:
    prefetch_related's managers and rows took 5 ms of Python for a page of 50."""
    ids = [opportunity.pk for opportunity in opportunities]
    for relation, attribute in (
        (Opportunity.programmes, "programme_codes"),
        (Opportunity.stem_areas, "stem_area_codes"),
    ):
        code = relation.field.m2m_reverse_field_name()
        rows = relation.through.objects.filter(opportunity_id__in=ids).order_by(code)
        codes = defaultdict(list)
        for pk, value in rows.values_list("opportunity_id", code):
            codes[pk].append(value)
        for opportunity in opportunities:
            setattr(opportunity, attribute, codes[opportunity.pk])


def company_list(*, actor: Actor, filters: Mapping[str, Any] | None = None) -> QuerySet[Company]:
    """The companies `actor` may see, by name, with `filters` (CompanyFilter)."""
    queryset = Company.objects.select_related(
        "organisation", "municipality", "sector"
    ).prefetch_related(Prefetch("stem_areas", queryset=StemArea.objects.only("code")))
    if not policy.sees_everything(actor):
        own = policy.own_company_ids(actor)
        queryset = queryset.filter(PUBLIC_COMPANY | Q(pk__in=own) if own else PUBLIC_COMPANY)
    queryset = queryset.order_by("organisation__name", "pk")
    return apply_filterset(CompanyFilter, filters, queryset)

"""Demand the chamber can act on: reads only.

- unmet demand: the active requests (as in backend/reports/supply.py) for which the matching
  engine found no opportunity at all, by programme and municipality: no posting can meet them;
- companies in demand: the companies that schools contacted about their active requests (a
  conversation about a request), by how many different schools, so the chamber can spread the
  requests instead of letting schools flood the same employers.
"""

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.reports import policy
from backend.reports.dimensions import PLACEMENT_DIMENSIONS, labels_for
from backend.reports.selection import Selection
from backend.reports.supply import active_requests
from backend.reports.tables import Column, ReportTable
from companies.models import Company
from matching.models import Match, Thread

MANY_SCHOOLS = 2


def unmet_demand(*, actor: Actor, selection: Selection) -> ReportTable:
    policy.require_reports(actor)
    requests = active_requests(selection).filter(
        ~Exists(Match.objects.filter(request_id=OuterRef("pk")))
    )
    rows = [
        {
            "programme": row["programme_id"],
            "municipality": row["municipality_id"],
            "requests": row["requests"],
            "places": row["places"],
        }
        for row in requests.values("programme_id", "municipality_id")
        .annotate(requests=Count("pk"), places=Coalesce(Sum("places_needed"), 0))
        .order_by("-places", "programme_id", "municipality_id")
    ]
    dimensions = [PLACEMENT_DIMENSIONS["programme"], PLACEMENT_DIMENSIONS["municipality"]]
    return ReportTable(
        name="unmet-demand",
        title=_("Demand no posting can meet"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=[Column("requests", _("Requests")), Column("places", _("Places requested"))],
        rows=rows,
        total={
            "requests": sum(row["requests"] for row in rows),
            "places": sum(row["places"] for row in rows),
        },
        filters=selection.describe(),
        labels=labels_for(dimensions),
        extra={
            "definition": str(
                _(
                    "Requests not closed whose period overlaps the selection and for which the "
                    "matching found no opportunity at all (no kind, level, place and period "
                    "that fit)."
                )
            )
        },
    )


def companies_in_demand(*, actor: Actor, selection: Selection) -> ReportTable:
    policy.require_reports(actor)
    asked = (
        Thread.objects.filter(request__in=active_requests(selection))
        .values("company_id")
        .annotate(
            schools=Count("request__school_id", distinct=True),
            requests=Count("request_id", distinct=True),
            places=Coalesce(Sum("request__places_needed"), 0),
        )
        .filter(schools__gte=MANY_SCHOOLS)
        .order_by("-schools", "-places", "company_id")
    )
    rows = [
        {
            "company": row["company_id"],
            "schools": row["schools"],
            "requests": row["requests"],
            "places": row["places"],
        }
        for row in asked
    ]
    names = dict(
        Company.objects.filter(pk__in=[row["company"] for row in rows]).values_list(
            "pk", "organisation__name"
        )
    )
    return ReportTable(
        name="companies-in-demand",
        title=_("Companies asked by many schools"),
        dimensions=[Column("company", _("Company"))],
        measures=[
            Column("schools", _("Schools asking")),
            Column("requests", _("Requests")),
            Column("places", _("Places asked for")),
        ],
        rows=rows,
        # A school asks several companies about one request: the rows do not add up.
        total=dict.fromkeys(("schools", "requests", "places")),
        filters=selection.describe(),
        labels={"company": names},
        extra={
            "definition": str(
                _(
                    "Companies that at least %(many)d schools contacted about their requests "
                    "that are not closed and overlap the period."
                )
                % {"many": MANY_SCHOOLS}
            )
        },
    )

"""Per company: the placements it hosted in the selection, and what its handledare said at the
end (evaluations, "would host again"); reads only, counts of companies, never of a student. The
evaluations are read from their own, much smaller table.
"""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.reports import policy
from backend.reports.counted import counted, counted_placements
from backend.reports.selection import Selection
from backend.reports.tables import Column, ReportTable, percent
from companies.models import Company, Opportunity
from matching.agreements.models import HandledareEvaluation

DEFINITION = _(
    "Hosted: confirmed and completed placements starting in the period, at the company's "
    "opportunities. Evaluated: placements the handledare evaluated at the end; would host "
    "again: of those, the ones where the handledare said they would take a student again."
)
_COUNTS = ("placements", "students", "evaluations", "would_host_again")
MEASURES = [
    Column("placements", _("Placements hosted")),
    Column("students", _("Students hosted")),
    Column("evaluations", _("Evaluated by the handledare")),
    Column("would_host_again", _("Would host again")),
    Column("would_host_again_percent", _("Would host again (%)"), percent=True),
]


def companies_hosting(*, actor: Actor, selection: Selection) -> ReportTable:
    policy.require_reports(actor)
    placements = counted_placements(selection)
    # Grouped by opportunity (a column of the placement, no join over a million rows), then
    # folded into companies here.
    company_of = dict(Opportunity.objects.values_list("pk", "company_id"))
    hosted = [
        {**row, "company": company_of[row["opportunity_id"]]}
        for row in placements.values("opportunity_id")
        .annotate(placements=Count("pk"), students=Sum("students_count"))
        .order_by()
    ]
    evaluations = (
        HandledareEvaluation.objects.filter(counted(selection, "placement__"))
        .values(company=F("placement__opportunity__company_id"))
        .annotate(
            evaluations=Count("pk"), would_host_again=Count("pk", filter=Q(would_host_again=True))
        )
        .order_by()
    )
    companies: dict[int, dict] = {}
    for row in [*hosted, *evaluations]:
        sums = companies.setdefault(
            row["company"], {"company": row["company"], **dict.fromkeys(_COUNTS, 0)}
        )
        for name in _COUNTS:
            sums[name] += row.get(name, 0)
    rows = sorted(companies.values(), key=lambda row: (-row["students"], row["company"]))
    total = {name: sum(row[name] for row in rows) for name in _COUNTS}
    for row in [*rows, total]:
        row["would_host_again_percent"] = percent(row["would_host_again"], row["evaluations"])
    return ReportTable(
        name="companies",
        title=_("Companies hosting"),
        dimensions=[Column("company", _("Company"))],
        measures=MEASURES,
        rows=rows,
        total=total,
        filters=selection.describe(),
        labels={"company": _company_names(list(companies))},
        extra={"definition": str(DEFINITION)},
    )


def evaluation_totals(*, actor: Actor, selection: Selection) -> dict[str, int | float | None]:
    """The companies table's evaluation totals without its grouping of the placements: read
    from the evaluations, a much smaller table."""
    policy.require_reports(actor)
    totals = HandledareEvaluation.objects.filter(counted(selection, "placement__")).aggregate(
        evaluations=Count("pk"), would_host_again=Count("pk", filter=Q(would_host_again=True))
    )
    totals["would_host_again_percent"] = percent(totals["would_host_again"], totals["evaluations"])
    return totals


def _company_names(ids: list[int]) -> dict[int, str]:
    return dict(Company.objects.filter(pk__in=ids).values_list("pk", "organisation__name"))

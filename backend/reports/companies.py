"""Per company: the placements it hosted in the selection, and what its handledare said at the
end (evaluations, "would host again"); reads only, counts of companies, never of a student.

The placements are grouped by opportunity (a column of the placement) and the opportunities
folded into their companies in Python: no join over the placements. The evaluations are read
from their own, much smaller table.
"""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from backend.reports.params import Selection
from backend.reports.selectors import counted_placements
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


def companies_hosting(*, selection: Selection) -> ReportTable:
    placements = counted_placements(selection)
    by_opportunity = (
        placements.values("opportunity_id")
        .annotate(placements=Count("pk"), students=Sum("students_count"))
        .order_by()
    )
    evaluations = (
        HandledareEvaluation.objects.filter(placement__in=placements)
        .values(opportunity_id=F("placement__opportunity_id"))
        .annotate(
            evaluations=Count("pk"), would_host_again=Count("pk", filter=Q(would_host_again=True))
        )
        .order_by()
    )
    rows: dict[int, dict] = {}
    for row in [*by_opportunity, *evaluations]:
        sums = rows.setdefault(row["opportunity_id"], dict.fromkeys(_COUNTS, 0))
        for name in _COUNTS:
            sums[name] += row.get(name, 0)
    company_of = dict(Opportunity.objects.filter(pk__in=list(rows)).values_list("pk", "company_id"))
    names: dict[int, dict] = {}
    for opportunity_id, sums in rows.items():
        company = names.setdefault(
            company_of[opportunity_id],
            {"company": company_of[opportunity_id], **dict.fromkeys(_COUNTS, 0)},
        )
        for name in _COUNTS:
            company[name] += sums[name]
    table_rows = sorted(names.values(), key=lambda row: (-row["students"], row["company"]))
    total = {name: sum(row[name] for row in table_rows) for name in _COUNTS}
    for row in [*table_rows, total]:
        row["would_host_again_percent"] = percent(row["would_host_again"], row["evaluations"])
    return ReportTable(
        name="companies",
        title=_("Companies hosting"),
        dimensions=[Column("company", _("Company"))],
        measures=MEASURES,
        rows=table_rows,
        total=total,
        filters=selection.describe(),
        labels={"company": _company_names(list(names))},
        extra={"definition": str(DEFINITION)},
    )


def _company_names(ids: list[int]) -> dict[int, str]:
    return dict(Company.objects.filter(pk__in=ids).values_list("pk", "organisation__name"))

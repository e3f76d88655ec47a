"""Per company: the placements it hosted in the selection, and what its handledare said at the
end (evaluations, "would host again"); reads only, counts of companies, never of a student. The
evaluations are read from their own, much smaller table.
"""

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation
from backend.reports import policy
from backend.reports.counted import counted, counted_placements
from backend.reports.selection import Selection
from backend.reports.tables import Column, ReportTable, percent
from companies.models import Opportunity
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
    hosted, names = _hosted(counted_placements(selection))
    evaluations = (
        HandledareEvaluation.objects.filter(counted(selection, "placement__"))
        .values(company=F("placement__opportunity__company_id"))
        .annotate(
            evaluations=Count("pk"), would_host_again=Count("pk", filter=Q(would_host_again=True))
        )
        .order_by()
    )
    companies = {row["company"]: {**row, "evaluations": 0, "would_host_again": 0} for row in hosted}
    for row in evaluations:  # of counted placements: their companies hosted them
        sums = companies[row["company"]]
        sums.update(evaluations=row["evaluations"], would_host_again=row["would_host_again"])
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
        labels={"company": names},
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


def _hosted(placements: QuerySet) -> tuple[list[dict], dict[int, str]]:
    """The placements and students each company hosted (a row each), and the companies' names:
    grouped by opportunity (a column of the placement, no join over a million rows), then by
    company in the same query. Folding 100,000 opportunities into companies in Python, and
    reading the names of 30,000 companies by a list of their ids, took two thirds of the
    report's time."""
    by_opportunity = (
        placements.values("opportunity_id")
        # COUNT(*): the placement's id is not in the index the query reads alone.
        .annotate(placements=Count("*"), students=Sum("students_count"))
        .order_by()
    )
    sql, params = by_opportunity.query.sql_with_params()
    quote = connection.ops.quote_name
    opportunity, organisation = Opportunity._meta, Organisation._meta
    company = quote(opportunity.get_field("company").column)
    # A company's key is its organisation's (Company.organisation is its primary key). Names
    # from the models' metadata; the values stay parameters.
    text = (
        f"WITH g AS ({sql}) SELECT o.{company}, n.{quote('name')},"  # noqa: S608
        " CAST(SUM(g.placements) AS bigint), CAST(SUM(g.students) AS bigint)"
        f" FROM g JOIN {quote(opportunity.db_table)} AS o ON o.{quote(opportunity.pk.column)}"
        f" = g.{quote('opportunity_id')} JOIN {quote(organisation.db_table)} AS n"
        f" ON n.{quote(organisation.pk.column)} = o.{company} GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        rows = cursor.fetchall()
    hosted = [
        {"company": pk, "placements": placements, "students": students}
        for pk, _, placements, students in rows
    ]
    return hosted, {pk: name for pk, name, *_ in rows}

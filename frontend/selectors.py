"""Reads that only the pages need, built on the apps' selectors (which decide who sees what)."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from backend.accounts.actor import ANONYMOUS, Actor
from backend.reference.models import PlacementKind
from companies import selectors as company_selectors
from companies.models import Company, Opportunity
from companies.opportunity_rules import open_for_applications
from companies.policy import postable_company_ids
from companies.search import opportunity_values
from matching.agreements.selectors import handledare_defaults
from matching.models import AllocationRound, Application, ApplicationEvent, Match, Placement
from matching.selectors import (
    allocation_round_list,
    opportunity_is_matchable,
    request_is_open,
    student_match_list,
)
from matching.selectors.applications import applications_for
from matching.selectors.inputs import OPPORTUNITY_INPUT_FIELDS
from matching.selectors.matches import OPPORTUNITY_RELATIONS, REQUEST_RELATIONS
from matching.selectors.placements import placements_for
from schools import selectors as school_selectors
from schools.models import StudentProfile
from schools.policy import counsellor_school_ids


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    opportunities: int
    places: int


@dataclass(frozen=True)
class PublicCounts:
    kinds: list[KindCount]
    companies: int
    schools: int


def public_counts() -> PublicCounts:
    """What the home page counts, as an anonymous visitor sees it: three queries."""
    rows = (
        company_selectors.opportunity_list(actor=ANONYMOUS)
        .filter(open_for_applications(timezone.localdate()))
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), free=Sum(F("places") - F("places_taken")))
    )
    by_kind = {row["kind"]: row for row in rows}
    kinds = [
        KindCount(
            kind=kind,
            label=label,
            opportunities=by_kind.get(kind, {}).get("n", 0),
            places=by_kind.get(kind, {}).get("free") or 0,
        )
        for kind, label in PlacementKind.choices
    ]
    return PublicCounts(
        kinds=kinds,
        companies=company_selectors.company_list(actor=ANONYMOUS).count(),
        schools=school_selectors.school_list(actor=ANONYMOUS).count(),
    )


def opportunity_detail(*, actor: Actor, pk: int) -> Opportunity:
    """One opportunity the actor may see, with the names of its programmes and STEM areas."""
    opportunity = (
        company_selectors.opportunity_list(actor=actor, closed_too=True)
        .filter(pk=pk)
        .prefetch_related("programmes", "stem_areas")
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def company_detail(*, actor: Actor, pk: int) -> Company:
    company = company_selectors.company_list(actor=actor).filter(pk=pk).first()
    if company is None:
        raise Http404
    return company


def company_opportunities(*, actor: Actor, company_id: int) -> QuerySet:
    """The ids of the company's opportunities the actor may see, as a search finds them."""
    return company_selectors.opportunity_search(actor=actor, filters={"company": str(company_id)})


def card_rows(found: QuerySet, ids: list[int]) -> dict[int, SimpleNamespace]:
    """The opportunities of a page of cards ({% opportunity_cards %}) by id, as
    IdsFirstPaginator reads a page: the API's plain values (companies/search.py) with attribute
    names, which the card and the rules (closed_for_applications) read. Model objects of each
    opportunity, its company and its place cost a third more CPU for 20 cards."""
    return {pk: SimpleNamespace(**row) for pk, row in opportunity_values(found, ids).items()}


def company_request_matches(*, company_ids: frozenset[int], limit: int = 10) -> QuerySet[Match]:
    """The open school requests that best match any of the companies' opportunities."""
    return (
        Match.objects.filter(request_is_open("request__"), opportunity__company_id__in=company_ids)
        .select_related(*REQUEST_RELATIONS, "opportunity")
        .order_by("-score", "request_id")[:limit]
    )


def school_request_matches(*, school_ids: frozenset[int], limit: int = 10) -> QuerySet[Match]:
    """The best matches of the schools' open requests, over all of them."""
    return (
        Match.objects.filter(
            opportunity_is_matchable("opportunity__"), request__school_id__in=school_ids
        )
        .select_related(*OPPORTUNITY_RELATIONS, "request__programme")
        .order_by("-score", "opportunity_id")[:limit]
    )


def school_match(*, actor: Actor, pk: int) -> Match:
    """One match of the requests of the counsellor's schools, or 404."""
    match = (
        Match.objects.filter(pk=pk, request__school_id__in=counsellor_school_ids(actor))
        .select_related(*OPPORTUNITY_RELATIONS, "request__school")
        .first()
    )
    if match is None:
        raise Http404
    return match


def company_match(*, actor: Actor, pk: int) -> Match:
    """One match of an open request with the opportunities of the member's companies, or
    404."""
    match = (
        Match.objects.filter(
            request_is_open("request__"),
            pk=pk,
            opportunity__company_id__in=postable_company_ids(actor),
        )
        .select_related("request", "opportunity__company")
        .first()
    )
    if match is None:
        raise Http404
    return match


# A student's dashboard shows the opportunity and its company of each application and placement,
# and each application's history: the shared selectors' other relations (the student, the
# school, the people behind each event) serve the API, and joining them cost the page 10 ms.
# Of the rows it reads only what it shows and what decides an application's actions: the
# opportunities' and users' other columns (a description, a password hash) cost it 1.5 ms more.
DASHBOARD_RELATIONS = ("opportunity__company__organisation",)
DASHBOARD_OPPORTUNITY = ("opportunity__title", "opportunity__company__organisation__name")
DASHBOARD_APPLICATION = ("student", "status", "opportunity__status", *DASHBOARD_OPPORTUNITY)
DASHBOARD_EVENT = (
    "application",
    "to_status",
    "at",
    "note",
    "by__first_name",
    "by__last_name",
    "by__email",
)
DASHBOARD_PLACEMENT = ("student", "status", "start_date", "end_date", *DASHBOARD_OPPORTUNITY)


# A recommendation's card, and what explains it (matching/selectors/explained.py).
DASHBOARD_MATCH = (
    "student",
    "request",
    "score",
    "computed_at",
    *(f"opportunity__{name}" for name in OPPORTUNITY_INPUT_FIELDS),
    "opportunity__title",
    "opportunity__application_deadline",
    "opportunity__municipality__name",
    "opportunity__company__organisation__name",
)


def dashboard_recommendations(*, actor: Actor, limit: int) -> list[Match]:
    """The student's best `limit` recommendations, with only the columns their cards and
    explanations read."""
    return list(student_match_list(actor=actor).only(*DASHBOARD_MATCH)[:limit])


def has_student_profile(*, actor: Actor) -> bool:
    return StudentProfile.objects.filter(user_id=actor.user_id).exists()


def dashboard_applications(*, actor: Actor) -> QuerySet[Application]:
    related = applications_for(actor=actor).select_related(None)
    related = related.select_related(*DASHBOARD_RELATIONS).only(*DASHBOARD_APPLICATION)
    by = ApplicationEvent.objects.select_related("by").only(*DASHBOARD_EVENT)
    return related.prefetch_related(None).prefetch_related(Prefetch("events", queryset=by))


def dashboard_placements(*, actor: Actor) -> QuerySet[Placement]:
    placements = placements_for(actor=actor).select_related(None)
    return placements.select_related(*DASHBOARD_RELATIONS).only(*DASHBOARD_PLACEMENT)


def dashboard_rounds(*, actor: Actor) -> QuerySet[AllocationRound]:
    """The student's school's rounds in draft, to rank in: the page links each by its id, so
    none of the shared selector's relations is joined."""
    rounds = allocation_round_list(actor=actor).select_related(None)
    return rounds.filter(status=AllocationRound.Status.DRAFT)


def opportunity_defaults(*, actor: Actor, company: Company) -> dict[str, object]:
    """What a new opportunity's form knows already: the company's municipality, the member as
    contact, and the handledare the company named last (on a GLA place or a placement plan)."""
    handledare_fields = ("handledare_name", "handledare_email", "handledare_phone")
    latest = (
        Opportunity.objects.filter(company=company)
        .exclude(handledare_name="")
        .order_by("-updated_at", "-pk")
        .values(*handledare_fields)
        .first()
    )
    if latest is None:
        plan = handledare_defaults(company)
        latest = {field: plan[field] for field in handledare_fields if field in plan}
    return {
        "municipality": company.municipality_id,
        "address": company.address,
        "contact_name": actor.user.get_full_name(),
        "contact_email": actor.user.email,
        **latest,
    }


def own_application(*, actor: Actor, opportunity_id: int) -> Application | None:
    """A student's application to the opportunity, if they applied (None for anyone else)."""
    if not actor.is_student:
        return None
    return applications_for(actor=actor).filter(opportunity_id=opportunity_id).first()

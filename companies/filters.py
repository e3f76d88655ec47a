"""Query-string filters of the opportunity and company lists.

A malformed value or an unknown code is an error naming the parameter (a 400 in the API), never an
empty list; unknown parameters are ignored. The selectors apply these FilterSets.
"""

from collections.abc import Collection

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.db.models.fields.related_descriptors import ManyToManyDescriptor
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from backend.accounts.models import Organisation
from backend.core.filters import (
    FullTextSearchFilter,
    IntegerFilter,
    NearPeriodFilterSet,
    StrictBooleanFilter,
    code_filter,
)
from backend.reference.filters import TWO_DIGITS
from backend.reference.models import (
    EducationField,
    EducationLevel,
    Municipality,
    Occupation,
    PlacementKind,
    Programme,
    Sector,
    StemArea,
)
from companies.models import Company, Opportunity, SearchListing
from companies.opportunity_rules import (
    open_for_applications,
    searched_keys,
    time_and_places_left,
)

FILLED = "filled"
LANGUAGE_FIELDS = {"sv": "speaks_swedish", "en": "speaks_english"}
OPPORTUNITY_ORDERING = {
    "deadline": "application_deadline",
    "start": "period_start",
    "published": "published_at",
    "distance": "distance_km",
}
COMPANY_ORDERING = {"name": "organisation__name", "created": "created_at"}
# Drafts (never published) first, then the newest: the order of the index
# opportunity_public_newest_idx (PostgreSQL puts NULL first in a descending index).
NEWEST_FIRST = (F("published_at").desc(nulls_first=True), F("id").desc())
# The filters the search listing answers (companies/listings.py), and its orders: those of
# OPPORTUNITY_ORDERING, the opportunity's id breaking ties.
LISTED_FILTERS = frozenset({"near", "within_km", "period_from", "period_to"})
LISTING_ORDERING = {
    "-published": (F("published_at").desc(), F("opportunity_id").desc()),
    "distance": (F("distance_km").asc(nulls_last=True), F("opportunity_id").asc()),
}


def _ordering_choices(names: dict[str, str]) -> list[tuple[str, str]]:
    return [(value, value) for name in names for value in (name, f"-{name}")]


def _order_by(queryset: QuerySet, value: str, names: dict[str, str]) -> QuerySet:
    """Missing values (no deadline, a flexible period) sort last either way, except that
    `-published` is the default order (drafts first); the id breaks ties so that pages never
    overlap."""
    if value == "-published":
        return queryset.order_by(*NEWEST_FIRST)
    field = F(names[value.lstrip("-")])
    if value.startswith("-"):
        return queryset.order_by(field.desc(nulls_last=True), "-pk")
    return queryset.order_by(field.asc(nulls_last=True), "pk")


def _through_ids(relation: ManyToManyDescriptor, target: Model) -> QuerySet:
    """The ids of the rows related to `target`: a subquery on the M2M table keeps one row per
    opportunity or company, where a join would repeat it."""
    field = relation.field
    rows = relation.through.objects.filter(**{field.m2m_reverse_field_name(): target})
    return rows.values(field.m2m_field_name())


class OpportunityTextSearch(FullTextSearchFilter):
    """`q` on PostgreSQL: Swedish full-text search over the title and the description, through
    the GIN index of migration 0003, or the company's name containing the text. Elsewhere
    (SQLite) FullTextSearchFilter's "contains" over the three."""

    # Up to this many companies whose name matches, PostgreSQL combines the text index with the
    # company index; a word in most names ("AB") is tested row by row against two subqueries.
    COMPANY_LIST_LIMIT = 500

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value or connection.vendor != "postgresql":
            return super().filter(queryset, value)
        query = SearchQuery(value, config=self.config, search_type="websearch")
        text = SearchVector("title", "description", config=self.config)
        names = Organisation.objects.filter(
            kind=Organisation.Kind.COMPANY, name__icontains=value
        ).values_list("pk", flat=True)
        company_ids = list(names[: self.COMPANY_LIST_LIMIT + 1])
        if len(company_ids) > self.COMPANY_LIST_LIMIT:
            matching = Opportunity.objects.annotate(search=text).filter(search=query)
            return queryset.filter(Q(pk__in=matching.values("pk")) | Q(company_id__in=names))
        return queryset.annotate(search=text).filter(
            Q(search=query) | Q(company_id__in=company_ids)
        )


class OpportunityFilter(NearPeriodFilterSet):
    """`near` also keeps the remote opportunities, wherever they are (within_reach)."""

    kind = django_filters.ChoiceFilter(choices=PlacementKind.choices)
    level = django_filters.ChoiceFilter(choices=EducationLevel.choices)
    status = django_filters.ChoiceFilter(
        choices=[*Opportunity.Status.choices, (FILLED, _("Filled"))], method="filter_status"
    )
    programme = code_filter(
        Programme,
        method="filter_programme",
        label=_("Programme code; opportunities accepting any programme of its level match too"),
    )
    education_field = code_filter(
        EducationField,
        method="filter_education_field",
        label=_("ISCED-F code; opportunities naming it or listing a programme in it match"),
    )
    occupation = code_filter(Occupation, label=_("SSYK 2012 unit group code"))
    open_to_non_eu = StrictBooleanFilter(label=_("Open to students from outside the EU/EEA"))
    stem_area = code_filter(StemArea, method="filter_stem_area")
    municipality = code_filter(Municipality)
    county = django_filters.CharFilter(
        method="filter_county", validators=[TWO_DIGITS], label=_("County code")
    )
    remote = StrictBooleanFilter(
        field_name="remote_allowed", label=_("Remote allowed (these pass `near` too)")
    )
    language = django_filters.ChoiceFilter(
        choices=[("sv", _("Swedish")), ("en", _("English"))], method="filter_language"
    )
    has_free_places = StrictBooleanFilter(method="filter_free_places")
    open = StrictBooleanFilter(
        method="filter_open",
        label=_(
            "Open for applications today: published, before the deadline, the period not over "
            "and a place left (false: the rest)"
        ),
    )
    company = IntegerFilter(field_name="company_id", label=_("Company id"))
    hidden = StrictBooleanFilter(field_name="hidden_at", lookup_expr="isnull", exclude=True)
    q = OpportunityTextSearch(search_fields=["title", "description", "company__organisation__name"])
    # Last, so that it sorts what `near` annotated.
    ordering = django_filters.ChoiceFilter(
        choices=_ordering_choices(OPPORTUNITY_ORDERING), method="filter_ordering"
    )

    class Meta(NearPeriodFilterSet.Meta):
        model = Opportunity
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        full = Q(places_taken__gte=F("places"))
        if value == FILLED:
            return queryset.filter(full, status=Opportunity.Status.PUBLISHED)
        if value == Opportunity.Status.PUBLISHED:
            return queryset.filter(status=value).exclude(full)
        return queryset.filter(status=value)

    def filter_programme(self, queryset: QuerySet, name: str, value: Programme) -> QuerySet:
        listed = Q(pk__in=_through_ids(Opportunity.programmes, value))
        return queryset.filter(listed | Q(accepts_any_programme=True, level=value.level))

    def filter_education_field(
        self, queryset: QuerySet, name: str, value: EducationField
    ) -> QuerySet:
        in_field = Opportunity.programmes.through.objects.filter(programme__fields=value)
        return queryset.filter(
            Q(education_field=value) | Q(pk__in=in_field.values("opportunity_id"))
        )

    def filter_stem_area(self, queryset: QuerySet, name: str, value: StemArea) -> QuerySet:
        return queryset.filter(pk__in=_through_ids(Opportunity.stem_areas, value))

    def filter_county(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The county's codes as a list, not a join: PostgreSQL then estimates and indexes well.
        codes = Municipality.objects.filter(county_code=value).values_list("code", flat=True)
        return queryset.filter(municipality_id__in=list(codes))

    def within_reach(self, municipality_codes: Collection[str]) -> Q:
        return super().within_reach(municipality_codes) | Q(remote_allowed=True)

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{LANGUAGE_FIELDS[value]: True})

    def filter_free_places(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        free = Q(places_taken__lt=F("places"))
        return queryset.filter(free) if value else queryset.exclude(free)

    def filter_open(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        still_open = open_for_applications(timezone.localdate())
        return queryset.filter(still_open) if value else queryset.exclude(still_open)

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _order_by(queryset, value, OPPORTUNITY_ORDERING)

    def listed(self) -> QuerySet[SearchListing] | None:
        """The search's ids through the listing (companies/listings.py) when it answers these
        filters (a programme, and at most `near`, `within_km`, the period, `open`; newest or
        nearest first), else None: the opportunities' ids in the order asked, as a
        `values_list` of the listing alone, with `near`'s distances annotated. `near` and the
        period filter the listing as they filter the opportunities: the same columns."""
        given = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in EMPTY_VALUES
        }
        ordering = given.pop("ordering", "-published")
        programme, still_open = given.pop("programme", None), given.pop("open", None)
        if programme is None or still_open is False or ordering not in LISTING_ORDERING:
            return None
        if given.keys() - LISTED_FILTERS:
            return None
        listing = SearchListing.objects.filter(programme_key__in=searched_keys(programme))
        for name, value in given.items():
            listing = self.filters[name].filter(listing, value)
        if still_open:
            listing = listing.filter(time_and_places_left(timezone.localdate()))
        return listing.order_by(*LISTING_ORDERING[ordering]).values_list("opportunity_id")


class CompanyFilter(django_filters.FilterSet):
    verified = StrictBooleanFilter(
        field_name="organisation__verified_at", lookup_expr="isnull", exclude=True
    )
    suspended = StrictBooleanFilter(field_name="organisation__suspended")
    municipality = code_filter(Municipality)
    county = django_filters.CharFilter(
        field_name="municipality__county_code", validators=[TWO_DIGITS], label=_("County code")
    )
    sector = code_filter(Sector)
    stem_area = code_filter(StemArea, method="filter_stem_area")
    is_chamber_member = StrictBooleanFilter()
    q = FullTextSearchFilter(search_fields=["organisation__name", "description"])
    ordering = django_filters.ChoiceFilter(
        choices=_ordering_choices(COMPANY_ORDERING), method="filter_ordering"
    )

    class Meta:
        model = Company
        fields: list[str] = []

    def filter_stem_area(self, queryset: QuerySet, name: str, value: StemArea) -> QuerySet:
        return queryset.filter(pk__in=_through_ids(Company.stem_areas, value))

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _order_by(queryset, value, COMPANY_ORDERING)

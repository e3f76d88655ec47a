"""The engine's inputs, built from the ORM in one pass per kind: a few queries, never one per row.

What matching considers (DESIGN.md § Matching 1, and the visibility rules of the apps):
an opportunity that is published, not hidden, has a free place, of a verified company that is not
suspended; a request that is open or partially filled, not hidden, of a verified school that is
not suspended; every student with a profile. Each `*_inputs` function takes an optional `where`
(a Q on its model) to narrow the rows, e.g. to the candidates of one changed object.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache, lru_cache
from operator import itemgetter

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, Min, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.utils import timezone

from backend.reference.models import EducationLevel, Programme
from companies.models import Opportunity
from matching.engine import OpportunityIn, RequestIn, StudentIn
from matching.rules import turns_18
from schools.filters import OPEN_STATUSES
from schools.models import PlacementRequest, StudentProfile


def opportunity_is_matchable(prefix: str = "") -> Q:
    """Published, not hidden, a free place, of a verified and unsuspended company; `prefix` is
    the path from another model ("opportunity__")."""
    return Q(
        **{
            f"{prefix}status": Opportunity.Status.PUBLISHED,
            f"{prefix}hidden_at__isnull": True,
            f"{prefix}places_taken__lt": F(f"{prefix}places"),
            f"{prefix}company__organisation__verified_at__isnull": False,
            f"{prefix}company__organisation__suspended": False,
        }
    )


def request_is_open(prefix: str = "") -> Q:
    """Open or partially filled, not hidden, of a verified and unsuspended school."""
    return Q(
        **{
            f"{prefix}status__in": OPEN_STATUSES,
            f"{prefix}hidden_at__isnull": True,
            f"{prefix}places_filled__lt": F(f"{prefix}places_needed"),
            f"{prefix}school__organisation__verified_at__isnull": False,
            f"{prefix}school__organisation__suspended": False,
        }
    )


# A request does not say its pupils' ages; below university a group may include pupils under 18,
# so an opportunity that requires age 18 is not offered to it (gymnasium pupils turn 18 in year 3).
MINOR_LEVELS = frozenset({EducationLevel.GRUNDSKOLA, EducationLevel.GYMNASIUM})
AGES_CACHED = 50_000  # birth dates (a country's pupils are born within a few thousand days)


def matchable_opportunities(where: Q | None = None) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(opportunity_is_matchable(), where or Q())


def open_requests(where: Q | None = None) -> QuerySet[PlacementRequest]:
    return PlacementRequest.objects.filter(request_is_open(), where or Q())


def opportunity_inputs(where: Q | None = None, *, any_state: bool = False) -> list[OpportunityIn]:
    """The matchable opportunities (narrowed by `where`) as the engine takes them: 3 queries
    (1 when there are none). `any_state`: whatever their state (to explain a stored match,
    which may be stale)."""
    rows = Opportunity.objects.filter(where or Q()) if any_state else matchable_opportunities(where)
    rows = rows.order_by("pk")
    # The day it was published, in the current time zone, by the database: per row in Python it
    # was a third of reading the supply.
    columns = list(
        rows.annotate(published_on=TruncDate("published_at")).values_list(*OPPORTUNITY_COLUMNS)
    )
    if not columns:
        return []
    if connection.vendor == "postgresql":
        # The ids read, as one array: the filter runs once, not once more for each of the two
        # many-to-many reads (a seeker's candidates: 40,000 rows scanned, 40 ms each time).
        of = among([row[0] for row in columns], "opportunity_id")
    else:  # within SQLite's limit of parameters: the filter again
        of = Q(opportunity_id__in=rows.values("pk"))
    return _opportunity_ins(columns, of)


# What opportunity_inputs_of reads of an opportunity, for a list that fetches only some columns.
OPPORTUNITY_INPUT_FIELDS = (
    "kind", "level", "accepts_any_programme", "municipality__latitude",
    "municipality__longitude", "remote_allowed", "period_start", "period_end", "places",
    "places_taken", "min_age_18", "published_at", "speaks_swedish", "speaks_english",
    "education_field", "occupation",
)  # fmt: skip


def opportunity_inputs_of(opportunities: Sequence[Opportunity]) -> list[OpportunityIn]:
    """opportunity_inputs of opportunities fetched already with their municipality (a list of
    matches joins them) and at least OPPORTUNITY_INPUT_FIELDS: 2 queries, their programmes and
    STEM areas."""
    columns = [
        (
            o.pk, o.kind, o.level, o.accepts_any_programme, o.municipality_id,
            o.municipality.latitude, o.municipality.longitude, o.remote_allowed, o.period_start,
            o.period_end, o.places, o.places_taken, o.min_age_18,
            o.published_at and timezone.localdate(o.published_at), o.speaks_swedish,
            o.speaks_english, o.education_field_id, o.occupation_id,
        )
        for o in opportunities
    ]  # fmt: skip
    return _opportunity_ins(columns, Q(opportunity_id__in=[o.pk for o in opportunities]))


OPPORTUNITY_COLUMNS = (
    "pk", "kind", "level", "accepts_any_programme", "municipality_id", "municipality__latitude",
    "municipality__longitude", "remote_allowed", "period_start", "period_end", "places",
    "places_taken", "min_age_18", "published_on", "speaks_swedish", "speaks_english",
    "education_field_id", "occupation_id",
)  # fmt: skip


def _opportunity_ins(columns: Iterable[tuple], of: Q) -> list[OpportunityIn]:
    """OpportunityIn of each row of OPPORTUNITY_COLUMNS; `of` chooses the rows' programmes and
    STEM areas (on `opportunity_id`)."""
    programmes = _grouped(
        Opportunity.programmes.through.objects.filter(of).values_list(
            "opportunity_id", "programme_id"
        )
    )
    stem_areas = _grouped(
        Opportunity.stem_areas.through.objects.filter(of).values_list(
            "opportunity_id", "stemarea_id"
        )
    )
    fields_of = programme_fields()
    return [
        OpportunityIn(
            id=str(pk),
            kind=kind,
            level=level,
            programmes=frozenset(programmes[pk]),
            programme_fields=frozenset(
                field for code in programmes[pk] for field in fields_of.get(code, ())
            ),
            accepts_any_programme=accepts_any,
            stem_areas=frozenset(stem_areas[pk]),
            municipality=municipality,
            lat=lat,
            lon=lon,
            remote_allowed=remote,
            period_start=start,
            period_end=end,
            places_free=places - taken,
            min_age_18=min_age_18,
            published_on=published_on,
            languages=_languages(swedish, english),
            fields=frozenset({field} - {None}),
            occupation=occupation,
        )
        for (
            pk, kind, level, accepts_any, municipality, lat, lon, remote, start, end, places,
            taken, min_age_18, published_on, swedish, english, field, occupation,
        ) in columns
    ]  # fmt: skip


def request_inputs(where: Q | None = None, *, any_state: bool = False) -> list[RequestIn]:
    """The open requests (narrowed by `where`) as the engine takes them: 5 queries.
    `any_state`: open or not (to explain a stored match, which may be stale)."""
    rows = PlacementRequest.objects.filter(where or Q()) if any_state else open_requests(where)
    rows = rows.order_by("pk")
    ids = rows.values("pk")
    acceptable = _grouped(
        PlacementRequest.acceptable_municipalities.through.objects.filter(
            placementrequest_id__in=ids
        ).values_list("placementrequest_id", "municipality_id")
    )
    stem_areas = _grouped(
        PlacementRequest.stem_areas.through.objects.filter(placementrequest_id__in=ids).values_list(
            "placementrequest_id", "stemarea_id"
        )
    )
    fields_of, leads_to = programme_fields(), programme_occupations()
    return [
        RequestIn(
            id=str(pk),
            kind=kind,
            level=level,
            programme=programme,
            # A programme the school runs adds its field and occupation, as for a student.
            programme_fields=_fields(fields_of, programme, field) | frozenset({own_field} - {None}),
            occupations=frozenset(leads_to.get(programme, ())) | frozenset({own_job} - {None}),
            places_needed_open=needed - filled,
            period_start=start,
            period_end=end,
            municipality=municipality,
            lat=lat,
            lon=lon,
            max_distance_km=None if max_km is None else float(max_km),
            acceptable_municipalities=frozenset(acceptable[pk]),
            stem_areas=frozenset(stem_areas[pk]),
            under_18=level in MINOR_LEVELS,
            own_programme=own_name,
        )
        for (
            pk, kind, level, programme, needed, filled, start, end, municipality, lat, lon, max_km,
            field, own_field, own_job, own_name,
        ) in rows.values_list(
            "pk", "kind", "level", "programme_id", "places_needed", "places_filled",
            "period_start", "period_end", "municipality_id", "municipality__latitude",
            "municipality__longitude", "max_distance_km", "education_field_id",
            "school_programme__education_field_id", "school_programme__occupation_id",
            "school_programme__name",
        )
    ]  # fmt: skip


# What `student_inputs` reads of a student profile besides its id and STEM interests, in the
# order `student_builder`'s function takes them.
STUDENT_COLUMNS = (
    "programme_id", "programme__level", "school__level", "home_municipality_id",
    "home_municipality__latitude", "home_municipality__longitude", "birth_date",
    "speaks_swedish", "speaks_english", "education_field_id",
    "school_programme__education_field_id", "school_programme__occupation_id",
    "school_programme__name",
)  # fmt: skip


def student_inputs(where: Q | None = None, *, today: date | None = None) -> list[StudentIn]:
    """Students with a profile (narrowed by `where`) as the engine takes them: 3 queries on
    PostgreSQL, 4 elsewhere."""
    build = student_builder(today)
    return [build(*profile) for profile in sorted(student_profiles(where), key=itemgetter(0))]


def student_profiles(where: Q | None = None) -> list[tuple]:
    """What `student_builder` takes of each student with a profile (narrowed by `where`), in
    no order: its id, its STEM interests and its STUDENT_COLUMNS. One query on PostgreSQL
    (the interests an array in the row), two elsewhere."""
    rows = StudentProfile.objects.filter(where or Q()).order_by()
    through = StudentProfile.stem_interests.through.objects
    if connection.vendor == "postgresql":
        mine = through.filter(studentprofile_id=OuterRef("pk")).order_by().values("stemarea_id")
        rows = rows.annotate(interests=ArraySubquery(mine))
        return [
            (pk, interests, *columns)
            for pk, *columns, interests in rows.values_list("pk", *STUDENT_COLUMNS, "interests")
        ]
    interests = _grouped(
        through.filter(studentprofile_id__in=rows.values("pk")).values_list(
            "studentprofile_id", "stemarea_id"
        )
    )
    return [
        (pk, interests[pk], *columns) for pk, *columns in rows.values_list("pk", *STUDENT_COLUMNS)
    ]


def student_builder(today: date | None = None) -> Callable[..., StudentIn]:
    """A function making a StudentIn of a profile's id, its STEM interests and its
    STUDENT_COLUMNS (2 queries, for every student it makes). A student's level is their
    programme's, or their school's when they name no programme."""
    today = today or timezone.localdate()
    fields_of, leads_to = programme_fields(), programme_occupations()

    def build(
        pk, interests, programme, programme_level, school_level, municipality, lat, lon, born,
        swedish, english, field, own_field, own_job, own_name,
    ) -> StudentIn:  # fmt: skip
        under_18, adult_from = _ages(born, today)
        return StudentIn(
            id=str(pk),
            level=programme_level or school_level,
            programme=programme,
            # A programme the school runs adds its field and the occupation it leads to.
            programme_fields=_fields(fields_of, programme, field) | frozenset({own_field} - {None}),
            occupations=frozenset(leads_to.get(programme, ())) | frozenset({own_job} - {None}),
            municipality=municipality,
            lat=lat,
            lon=lon,
            stem_interests=frozenset(interests),
            under_18=under_18,
            adult_from=adult_from,
            languages=_languages(swedish, english),
            own_programme=own_name,
        )

    return build


def students_alike(
    where: Q, *, today: date | None = None, ages_read: bool = True
) -> list[tuple[StudentIn, list[int]]]:
    """The students with a profile in `where`, one StudentIn for each group alike in all but
    their id, with the ids of the group: the engine gives every member of a group the same
    result against one opportunity, so it is built and scored once. `ages_read` False: the
    birth date is left out of the likeness (for an opportunity that does not require age 18,
    the only thing that reads a student's age). PostgreSQL groups them (one query); elsewhere
    `student_profiles` are grouped here."""
    if connection.vendor == "postgresql":
        groups = _profiles_grouped(where, ages_read)
    else:
        groups = _grouped_here(student_profiles(where), ages_read)
    if not groups:
        return []
    build = student_builder(today)
    return [(build(*profile), members) for profile, members in groups]


def _profiles_grouped(where: Q, ages_read: bool) -> list[tuple[tuple, list[int]]]:
    """Each group's profile (its first member's id and any of its birth dates when they are
    not read) and members, grouped by PostgreSQL: a popular opportunity's thousands of students
    are a few hundred groups."""
    mine = StudentProfile.stem_interests.through.objects.filter(studentprofile_id=OuterRef("pk"))
    interests = ArraySubquery(mine.order_by("stemarea_id").values("stemarea_id"))
    alike = [column for column in STUDENT_COLUMNS if ages_read or column != "birth_date"]
    rows = (
        StudentProfile.objects.filter(where)
        .order_by()
        .annotate(interests=interests)
        .values(*alike, "interests")
        .annotate(members=ArrayAgg("pk"), born=Min("birth_date"))
    )
    groups = []
    for row in rows:
        if not ages_read:
            row["birth_date"] = row["born"]
        members = row["members"]
        groups.append(((members[0], row["interests"], *map(row.get, STUDENT_COLUMNS)), members))
    return groups


def _grouped_here(profiles: Iterable[tuple], ages_read: bool) -> list[tuple[tuple, list[int]]]:
    """`_profiles_grouped` in Python, for databases other than PostgreSQL."""
    born = STUDENT_COLUMNS.index("birth_date")
    groups: dict[tuple, tuple[tuple, list[int]]] = {}
    for profile in profiles:
        pk, interests, *columns = profile
        if not ages_read:
            columns[born] = None
        key = (frozenset(interests), *columns)
        group = groups.get(key)
        if group is None:
            groups[key] = (profile, [pk])
        else:
            group[1].append(pk)
    return list(groups.values())


@lru_cache(maxsize=AGES_CACHED)
def _ages(born: date | None, today: date) -> tuple[bool, date | None]:
    """Under 18 today, and the day they turn 18: the model keeps the rule (an unsaved profile
    carries only the birth date here). Once per birth date and day in a process, not per
    student: building the profile costs more than a student's whole input."""
    profile = StudentProfile(birth_date=born)
    return bool(profile.is_under_18(today)), turns_18(profile)


def among(ids: Sequence[int], field: str = "pk") -> Q:
    """The rows whose primary key (or `field`, a key) is one of `ids`. On PostgreSQL one array
    parameter: a list of thousands of parameters costs more to send and parse than the rows it
    selects, and the planner, which cannot count it, reads it by the index."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", (id_array(ids),))})
    return Q(**{f"{field}__in": ids})


def id_array(ids: Iterable[int]) -> str:
    """The ids as one PostgreSQL array literal, for a `%s::bigint[]` parameter: psycopg dumps
    a list value by value (2.4 ms of Python for 5,000 ids, against 0.05 ms for the text)."""
    return "{" + ",".join(map(str, map(int, ids))) + "}"


@cache
def programme_fields() -> dict[str, list[str]]:
    """Each programme's ISCED fields (a few hundred rows), read once per process as the other
    reference rows (backend/reference/selectors.py: _seats): a list explained for a page read
    them twice per request. Shared: read them, never change them."""
    return dict(
        _grouped(Programme.fields.through.objects.values_list("programme_id", "educationfield_id"))
    )


@cache
def programme_occupations() -> dict[str, list[str]]:
    """The SSYK 2012 unit groups each programme leads to (a few dozen rows), read once per
    process as programme_fields."""
    return dict(
        _grouped(Programme.occupations.through.objects.values_list("programme_id", "occupation_id"))
    )


def _fields(
    fields_of: dict[str, list[str]], programme: str | None, named: str | None
) -> frozenset[str]:
    """A seeker's ISCED fields: its programme's, and the one it names itself."""
    return frozenset(fields_of.get(programme, ())) | frozenset({named} - {None})


def student_level_is(level: str) -> Q:
    """The students at `level`, as `student_inputs` derives it."""
    return Q(programme__level=level) | Q(programme__isnull=True, school__level=level)


def listing_programmes(codes: list[str]) -> Q:
    """The opportunities that list one of the programmes (a subquery: no duplicate rows)."""
    through = Opportunity.programmes.through.objects.filter(programme_id__in=codes)
    return Q(pk__in=through.values("opportunity_id"))


def _grouped(pairs: Iterable[tuple]) -> defaultdict:
    grouped: defaultdict = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _languages(swedish: bool, english: bool) -> frozenset[str]:
    return frozenset(code for code, spoken in (("sv", swedish), ("en", english)) if spoken)

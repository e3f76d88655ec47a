"""The opportunity search's page of results as the API's JSON, read as plain values (which the
pages' cards read too: frontend/templatetags/cards.py).

The search API returns 50 rows (up to 200) per request. Through OpportunitySerializer each
request deep-copied the serializer's fields (934 `deepcopy` calls), built three model objects
per row and walked every field's attribute path: 6.9 ms of Python for 50 rows, where one pass
over `values()` rows gives the same JSON in a third of the time. OpportunitySerializer stays
what the OpenAPI schema documents and what one opportunity (retrieve, and the writes' answers)
is shown with; a test compares this module's rows with it, field by field, for every viewer.

Values are shown as the serializer shows them: dates in ISO 8601, times in the current time zone
as DRF's DateTimeField writes them (ISO 8601, "Z" for UTC), decimals through DRF's own field.
"""

from collections import defaultdict
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any

import psycopg
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from backend.accounts.actor import Actor
from backend.core.links import link_of
from companies import policy
from companies.models import Opportunity
from companies.serializers import CONTACT_FIELDS, REQUIREMENTS

# Read as they are: strings, booleans, integers, choice values, codes (None stays None).
PLAIN = (
    "kind",
    "level",
    "title",
    "description",
    "accepts_any_programme",
    "address",
    "remote_allowed",
    "places",
    "places_taken",
    "open_to_non_eu",
    "thesis_degree",
    "thesis_credits",
    "needs_university_supervisor",
    "salary_period",
    "hours_per_week",
    "utbildningskontrakt_agreed",
    "contact_name",
    "contact_email",
    "contact_phone",
    "handledare_name",
    "handledare_email",
    "handledare_phone",
    "hidden_reason",
)
_SALARY = serializers.DecimalField(
    max_digits=Opportunity._meta.get_field("salary_amount").max_digits,
    decimal_places=Opportunity._meta.get_field("salary_amount").decimal_places,
)
_TIMESTAMPTZ = psycopg.postgres.types["timestamptz"].oid
_COMPILED_LOADER = psycopg.adapters.get_loader(_TIMESTAMPTZ, psycopg.pq.Format.TEXT)
# Each opportunity's codes, listed in the JSON by these names.
CODES = {"programmes": Opportunity.programmes, "stem_areas": Opportunity.stem_areas}
COLUMNS = (
    "id",
    "company_id",
    "company__organisation__name",
    "company__municipality_id",
    "education_field_id",
    "occupation_id",
    "municipality_id",
    "municipality__name",
    "period_start",
    "period_end",
    "application_deadline",
    "speaks_swedish",
    "speaks_english",
    *REQUIREMENTS,
    "status",
    "published_at",
    "closed_at",
    "hidden_at",
    "salary_amount",
    "created_at",
    "updated_at",
    "company__logo_64",  # not in the JSON: the pages' cards show it
    *PLAIN,
)


def opportunity_json(found: QuerySet, ids: list[int], *, actor: Actor) -> dict[int, dict[str, Any]]:
    """Each opportunity of `ids` by id, as the API shows it to the actor: contact details and
    the reason for hiding as companies/policy.py allows; `found` (the search's ids,
    companies.selectors.opportunity_search) gives the distances `near` annotated."""
    sees_contacts = policy.sees_contact_details(actor)
    values = opportunity_values(found, ids)
    codes = _codes(list(values))
    zone = timezone.get_current_timezone()
    return {
        pk: _row(
            row, codes, zone, sees_contacts, policy.sees_moderation_of(actor, row["company_id"])
        )
        for pk, row in values.items()
    }


def opportunity_values(found: QuerySet, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each opportunity of `ids` by id as plain values (COLUMNS, read as values() reads them)
    and its `distance_km` from the place `found` (the search's ids) was searched near, else
    None: the API's rows and the pages' cards."""
    km = _km_by_municipality(found)
    values = _values(ids)
    for row in values:
        row["distance_km"] = km.get(row["municipality_id"])
    return {row["id"]: row for row in values}


def _values(ids: list[int]) -> list[dict[str, Any]]:
    """The COLUMNS of the opportunities `ids` (as values() reads them), by a query compiled
    once per number of ids: compiling its 50 columns and 3 joins was a tenth of a search's
    CPU, and its text is the same for every page of that length."""
    if not ids:
        return []
    sql, compiler, converters = _values_query(len(ids))
    with connection.cursor() as cursor:
        _compiled_timestamps(cursor)
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def _compiled_timestamps(cursor: Any) -> None:
    """Have PostgreSQL's timestamps read by psycopg's compiled loader. Django's own (which gives
    them its connection's time zone, UTC) is written in Python, seven times slower per value:
    0.5 ms of the 1.3 ms a page's values took, for the 150 timestamps of 50 rows. The compiled
    one gives them the session's time zone, which Django sets to UTC too: the same instants,
    shown in the current zone."""
    if connection.vendor == "postgresql":
        cursor.cursor.adapters.register_loader(_TIMESTAMPTZ, _COMPILED_LOADER)


@lru_cache(maxsize=256)
def _values_query(count: int) -> tuple[str, Any, dict]:
    """The SQL, compiler and value converters (SQLite's dates, decimals and booleans) of
    `values(*COLUMNS)` for `count` ids."""
    placeholders = Opportunity.objects.filter(pk__in=range(1, count + 1)).values(*COLUMNS)
    compiler = placeholders.query.get_compiler(connection.alias)
    sql, _ids = compiler.as_sql()  # the ids are its only parameters
    converters = compiler.get_converters([column for column, _, _ in compiler.select])
    return sql, compiler, converters


def _km_by_municipality(found: QuerySet) -> dict[str, float]:
    """The distances `near` annotated (KmByMunicipality), looked up here rather than selected:
    the values' query stays one text, compiled once per number of ids (_values_query)."""
    distance = found.query.annotations.get("distance_km")
    return distance.km_by_code if distance is not None else {}


def _codes(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """Each opportunity's programme and STEM area codes, in code order, in one query: through
    the ORM, the two queries' building took a tenth of a search's CPU."""
    codes: dict[str, dict[int, list[str]]] = {name: defaultdict(list) for name in CODES}
    if not ids:
        return codes
    with connection.cursor() as cursor:
        cursor.execute(_codes_sql(len(ids)), ids)
        for name, pk, code in cursor.fetchall():
            codes[name][pk].append(code)
    return codes


@lru_cache(maxsize=256)
def _codes_sql(count: int) -> str:
    """The ids given once, for both relations (the database filters each by them): psycopg
    parses a statement of more than 50 parameters again on every run."""
    selects = []
    for name, relation in CODES.items():
        link = link_of(relation)
        # Names from the models' metadata, the ids as parameters.
        selects.append(
            f"SELECT '{name}' AS relation, {link.source} AS pk, {link.target} AS code"  # noqa: S608
            f" FROM {link.table}"
        )
    placeholders = ", ".join(["%s"] * count)
    union = " UNION ALL ".join(selects)
    return f"SELECT * FROM ({union}) AS c WHERE pk IN ({placeholders}) ORDER BY 1, 3"  # noqa: S608


def _row(
    row: dict[str, Any],
    codes: dict[str, dict[int, list[str]]],
    zone: tzinfo,
    sees_contacts: bool,
    sees_moderation: bool,
) -> dict[str, Any]:
    pk, start, status = row["id"], row["period_start"], row["status"]
    places_left = max(row["places"] - row["places_taken"], 0)
    data = {
        "id": pk,
        "company": {
            "id": row["company_id"],
            "name": row["company__organisation__name"],
            "municipality": row["company__municipality_id"],
        },
        "kind": row["kind"],
        "level": row["level"],
        "title": row["title"],
        "description": row["description"],
        "programmes": codes["programmes"].get(pk, []),
        "accepts_any_programme": row["accepts_any_programme"],
        "education_field": row["education_field_id"],
        "occupation": row["occupation_id"],
        "stem_areas": codes["stem_areas"].get(pk, []),
        "municipality": row["municipality_id"],
        "municipality_name": row["municipality__name"],
        "address": row["address"],
        "remote_allowed": row["remote_allowed"],
        "distance_km": row["distance_km"],
        "period_start": _date(start),
        "period_end": _date(row["period_end"]),
        "flexible_period": start is None,
        "application_deadline": _date(row["application_deadline"]),
        "places": row["places"],
        "places_taken": row["places_taken"],
        "places_left": places_left,
        "languages": [
            code
            for code, spoken in (("sv", row["speaks_swedish"]), ("en", row["speaks_english"]))
            if spoken
        ],
        "requirements": [code for code in REQUIREMENTS if row[code]],
        "open_to_non_eu": row["open_to_non_eu"],
        "status": (
            "filled" if status == Opportunity.Status.PUBLISHED and places_left == 0 else status
        ),
        "published_at": _datetime(row["published_at"], zone),
        "closed_at": _datetime(row["closed_at"], zone),
        "thesis_degree": row["thesis_degree"],
        "thesis_credits": row["thesis_credits"],
        "needs_university_supervisor": row["needs_university_supervisor"],
        "salary_amount": _salary(row["salary_amount"]),
        "salary_period": row["salary_period"],
        "hours_per_week": row["hours_per_week"],
        "utbildningskontrakt_agreed": row["utbildningskontrakt_agreed"],
    }
    if sees_contacts:
        data.update((name, row[name]) for name in CONTACT_FIELDS)
    if sees_moderation:
        data["hidden_at"] = _datetime(row["hidden_at"], zone)
        data["hidden_reason"] = row["hidden_reason"]
    data["created_at"] = _datetime(row["created_at"], zone)
    data["updated_at"] = _datetime(row["updated_at"], zone)
    return data


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value: datetime | None, zone: tzinfo) -> str | None:
    """As DRF's DateTimeField: in the current time zone, "Z" for UTC (DRF's enforce_timezone
    and to_representation, without their per-value settings lookups)."""
    if value is None:
        return None
    shown = value.astimezone(zone).isoformat()
    return shown[:-6] + "Z" if shown.endswith("+00:00") else shown


def _salary(value: Any) -> str | None:
    return None if value is None else _SALARY.to_representation(value)

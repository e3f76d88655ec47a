"""The search listing (SearchListing): each public opportunity once per programme key, with what
the search by programme, place and period filters on.

The rows are a copy, so they follow every save that changes them: of an opportunity, of its
programmes, of its company's organisation (verified, suspended). Model signals, not the
services, keep them, because the services are not the only writers: the admin's change form and
fixtures save opportunities through the ORM. A bulk write (bulk_create, update()) sends no
signal; the demo loader refreshes everything after its bulk load (listings_refresh_all).
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_save

from backend.accounts.models import Organisation
from companies.models import Opportunity, SearchListing
from companies.opportunity_rules import programme_keys
from companies.selectors import public_opportunities

# Copied from the opportunity as they are.
LISTED_FIELDS = (
    "published_at",
    "municipality_id",
    "remote_allowed",
    "period_start",
    "period_end",
    "application_deadline",
    "places",
    "places_taken",
)
PUBLIC_FIELDS = frozenset({"verified_at", "suspended"})
BATCH_SIZE = 2000


def listings_refresh(opportunity_ids: Iterable[int]) -> None:
    """Write again the rows of these opportunities, none for one that is not public."""
    ids = list(opportunity_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        _refresh(ids[start : start + BATCH_SIZE])


def listings_refresh_all() -> None:
    listings_refresh(Opportunity.objects.order_by("pk").values_list("pk", flat=True))


def _refresh(ids: list[int]) -> None:
    SearchListing.objects.filter(opportunity_id__in=ids).delete()
    public = list(
        Opportunity.objects.filter(public_opportunities(), pk__in=ids).values(
            "pk", "level", "accepts_any_programme", *LISTED_FIELDS
        )
    )
    listed = Opportunity.programmes.through.objects.filter(
        opportunity_id__in=[row["pk"] for row in public]
    ).values_list("opportunity_id", "programme_id", "programme__level")
    programmes = defaultdict(list)
    for pk, code, level in listed:
        programmes[pk].append((code, level))
    SearchListing.objects.bulk_create(
        SearchListing(
            opportunity_id=row["pk"],
            programme_key=key,
            **{field: row[field] for field in LISTED_FIELDS},
        )
        for row in public
        for key in programme_keys(
            level=row["level"],
            accepts_any_programme=row["accepts_any_programme"],
            programmes=programmes[row["pk"]],
        )
    )


def _opportunity_saved(sender: Any, *, instance: Opportunity, raw: bool, **kwargs: Any) -> None:
    if not raw:
        listings_refresh([instance.pk])


def _programmes_changed(
    sender: Any,
    *,
    instance: Any,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        listings_refresh([instance.pk])
    elif pk_set is not None:
        listings_refresh(pk_set)
    else:  # a programme's opportunities all removed: which ones is no longer known
        listings_refresh_all()


def _organisation_saved(
    sender: Any,
    *,
    instance: Organisation,
    created: bool,
    raw: bool,
    update_fields: frozenset[str] | None,
    **kwargs: Any,
) -> None:
    """A company's verification or suspension decides whether its opportunities are public."""
    if raw or created or instance.kind != Organisation.Kind.COMPANY:
        return
    if update_fields is not None and not PUBLIC_FIELDS & update_fields:
        return
    listings_refresh(
        Opportunity.objects.filter(company_id=instance.pk).values_list("pk", flat=True)
    )


def connect() -> None:
    """Called once, by CompaniesConfig.ready()."""
    post_save.connect(_opportunity_saved, sender=Opportunity, dispatch_uid="listing.opportunity")
    m2m_changed.connect(
        _programmes_changed,
        sender=Opportunity.programmes.through,
        dispatch_uid="listing.programmes",
    )
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="listing.organisation")

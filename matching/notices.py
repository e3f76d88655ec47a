"""The scheduled notices of matching (Celery beat, backend/celery.py): the daily digest of new good
matches, the reminder of application deadlines, the nudge about unanswered requests.

Each job reads what is due (one query per kind of row, never one per user) and writes it with
`notify_once`, keyed so that a job run twice, or twice at once, writes each notice once:
- digest: key = the day; "new" means stored after the reader's previous digest. Match rows keep
  their id when a recomputation rescores them, so a new id is a new pair: each digest records the
  highest match id it covered (`until_match`) and the next one starts above it. A reader with
  nothing new gets nothing (and keeps their mark, so nothing is skipped).
- deadline reminder: to a student with a good recommendation (score at least
  NOTIFICATIONS_GOOD_MATCH_SCORE) that closes for applications in 3 days and that they have not
  applied to; one notice per student and deadline day, listing those opportunities.
- nudge: to the members of every company with a good match for an open request that was posted
  14 or more days ago and that no company member has written about (no message in a thread
  about it); once per member and request: a reminder, not a daily nag.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import BigIntegerField, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from backend.accounts.models import Membership, Organisation, User
from backend.notifications.models import Notification
from backend.notifications.services import Notice, notify_once
from matching.models import Application, Match, Message
from matching.selectors.inputs import opportunity_is_matchable, request_is_open

DIGEST_ITEMS = 5
REMINDER_ITEMS = 5
REMINDER_DAYS_AHEAD = 3
NUDGE_AFTER_DAYS = 14


def good_match_score() -> float:
    """The score from which a match is worth a notice (NOTIFICATIONS_GOOD_MATCH_SCORE)."""
    return settings.NOTIFICATIONS_GOOD_MATCH_SCORE


# --- the daily digest -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """A digest reader: a counsellor (their schools' requests) or a company member (their
    companies' opportunities), and the highest match id their previous digest covered."""

    user_id: int
    organisation_ids: frozenset[int]
    is_school: bool
    since: int


def digest_readers() -> list[Reader]:
    """Every active counsellor and company member with an approved membership."""
    previous = (
        Notification.objects.filter(
            recipient=OuterRef("user_id"), kind=Notification.Kind.NEW_MATCHES
        )
        .order_by("-created_at", "-id")
        .annotate(until=Cast(KT("payload__until_match"), BigIntegerField()))
        .values("until")[:1]
    )
    rows = (
        Membership.objects.filter(
            status=Membership.Status.APPROVED,
            organisation__suspended=False,
            user__is_active=True,
        )
        .filter(
            Q(user__role=User.Role.COUNSELLOR, organisation__kind=Organisation.Kind.SCHOOL)
            | Q(user__role=User.Role.COMPANY_MEMBER, organisation__kind=Organisation.Kind.COMPANY)
        )
        .annotate(since=previous)
        .values_list("user_id", "organisation_id", "organisation__kind", "since")
    )
    grouped: dict[int, tuple[set[int], bool, int]] = {}
    for user_id, organisation_id, kind, since in rows:
        ids, _, _ = grouped.setdefault(
            user_id, (set(), kind == Organisation.Kind.SCHOOL, since or 0)
        )
        ids.add(organisation_id)
    return [
        Reader(user_id=user_id, organisation_ids=frozenset(ids), is_school=is_school, since=since)
        for user_id, (ids, is_school, since) in grouped.items()
    ]


def new_good_matches(*, since: int, until: int) -> QuerySet[Match]:
    """Good request matches stored with an id in (since, until], of open requests and matchable
    opportunities, best first; as plain values (nothing else is needed)."""
    return (
        Match.objects.filter(
            request_is_open("request__"),
            opportunity_is_matchable("opportunity__"),
            request__isnull=False,
            score__gte=good_match_score(),
            pk__gt=since,
            pk__lte=until,
        )
        .order_by("-score", "pk")
        .values(
            "pk",
            "score",
            "request__school_id",
            "request__school__organisation__name",
            "request__programme__name_sv",
            "request__places_needed",
            "opportunity__company_id",
            "opportunity__company__organisation__name",
            "opportunity__title",
        )
    )


def digest_send(*, today: date | None = None) -> int:
    """Write today's digests; returns how many were written (none for a reader with nothing
    new, none for a reader who already has today's)."""
    today = today or timezone.localdate()
    until = Match.objects.aggregate(top=Max("pk"))["top"] or 0
    readers = [reader for reader in digest_readers() if reader.since < until]
    if not readers:
        return 0
    by_school: dict[int, list[dict]] = defaultdict(list)
    by_company: dict[int, list[dict]] = defaultdict(list)
    for row in new_good_matches(since=min(r.since for r in readers), until=until).iterator():
        by_school[row["request__school_id"]].append(row)
        by_company[row["opportunity__company_id"]].append(row)
    notices = []
    for reader in readers:
        found = by_school if reader.is_school else by_company
        rows = [
            row
            for organisation_id in reader.organisation_ids
            for row in found.get(organisation_id, ())
            if row["pk"] > reader.since
        ]
        if rows:
            notices.append(Notice(reader.user_id, today.isoformat(), _digest(rows, until)))
    return len(notify_once(kind=Notification.Kind.NEW_MATCHES, notices=notices))


def _digest(rows: list[dict], until: int) -> dict:
    rows.sort(key=lambda row: (-row["score"], row["pk"]))
    return {
        "count": len(rows),
        "items": [_digest_item(row) for row in rows[:DIGEST_ITEMS]],
        "more": max(len(rows) - DIGEST_ITEMS, 0),
        "until_match": until,
        "path": "/dashboard/",
    }


def _digest_item(row: dict) -> dict:
    company = row["opportunity__company__organisation__name"]
    school = row["request__school__organisation__name"]
    programme = row["request__programme__name_sv"] or ""
    return {
        "opportunity": f"{row['opportunity__title']} ({company})",
        "request": f"{school}{' · ' + programme if programme else ''}, "
        f"{row['request__places_needed']}",
        "score": round(row["score"], 2),
    }


# --- deadline reminders -----------------------------------------------------------------------


def deadline_recommendations(*, deadline: date) -> QuerySet[Match]:
    """Students' good recommendations closing on `deadline` that they have not applied to."""
    applied = Application.objects.filter(
        student_id=OuterRef("student_id"), opportunity_id=OuterRef("opportunity_id")
    )
    return (
        Match.objects.filter(
            opportunity_is_matchable("opportunity__"),
            student__isnull=False,
            student__user__is_active=True,
            score__gte=good_match_score(),
            opportunity__application_deadline=deadline,
        )
        .exclude(Exists(applied))
        .order_by("student_id", "-score", "opportunity_id")
        .values(
            "student_id",
            "opportunity_id",
            "opportunity__title",
            "opportunity__company__organisation__name",
        )
    )


def deadline_reminders_send(*, today: date | None = None) -> int:
    """Remind students of what closes in REMINDER_DAYS_AHEAD days; returns how many written."""
    deadline = (today or timezone.localdate()) + timedelta(days=REMINDER_DAYS_AHEAD)
    items: dict[int, list[dict]] = defaultdict(list)
    for row in deadline_recommendations(deadline=deadline).iterator():
        items[row["student_id"]].append(
            {
                "opportunity_id": row["opportunity_id"],
                "opportunity": row["opportunity__title"],
                "company": row["opportunity__company__organisation__name"],
            }
        )
    notices = [
        Notice(
            student_id,  # a student profile's key is its user's
            f"deadline:{deadline.isoformat()}",
            {
                "deadline": deadline.isoformat(),
                "items": found[:REMINDER_ITEMS],
                "path": "/dashboard/",
            },
        )
        for student_id, found in items.items()
    ]
    return len(notify_once(kind=Notification.Kind.DEADLINE_REMINDER, notices=notices))


# --- nudges about unanswered requests ---------------------------------------------------------


def unanswered_request_matches(*, posted_before: datetime) -> QuerySet[Match]:
    """Good matches of open requests posted before `posted_before` that no company member has
    written about."""
    answered = Message.objects.filter(
        thread__request_id=OuterRef("request_id"), author__role=User.Role.COMPANY_MEMBER
    )
    return (
        Match.objects.filter(
            request_is_open("request__"),
            opportunity_is_matchable("opportunity__"),
            request__isnull=False,
            request__created_at__lt=posted_before,
            score__gte=good_match_score(),
        )
        .exclude(Exists(answered))
        .order_by("request_id", "opportunity__company_id")
        .values(
            "request_id",
            "request__created_at",
            "request__places_needed",
            "request__programme__name_sv",
            "request__school__organisation__name",
            "opportunity__company_id",
        )
    )


def company_member_ids(company_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active, approved company members of each company."""
    members: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        organisation_id__in=list(company_ids),
        status=Membership.Status.APPROVED,
        user__role=User.Role.COMPANY_MEMBER,
        user__is_active=True,
    ).values_list("organisation_id", "user_id")
    for company_id, user_id in rows:
        members[company_id].append(user_id)
    return members


def nudges_send(*, now: datetime | None = None) -> int:
    """Nudge the companies with good matches for requests unanswered for NUDGE_AFTER_DAYS."""
    now = now or timezone.now()
    matches: dict[tuple[int, int], int] = defaultdict(int)
    requests: dict[int, dict] = {}
    for row in unanswered_request_matches(posted_before=now - timedelta(days=NUDGE_AFTER_DAYS)):
        matches[(row["request_id"], row["opportunity__company_id"])] += 1
        requests[row["request_id"]] = row
    members = company_member_ids({company_id for _, company_id in matches})
    notices = [
        Notice(user_id, f"request:{request_id}", _nudge(requests[request_id], count, now))
        for (request_id, company_id), count in matches.items()
        for user_id in members.get(company_id, ())
    ]
    return len(notify_once(kind=Notification.Kind.UNANSWERED_REQUEST, notices=notices))


def _nudge(row: dict, matches: int, now: datetime) -> dict:
    programme, places = row["request__programme__name_sv"], row["request__places_needed"]
    return {
        "request_id": row["request_id"],
        "school_name": row["request__school__organisation__name"],
        "request_label": f"{programme} ({places})" if programme else str(places),
        "days": (now - row["request__created_at"]).days,
        "matches": matches,
        "path": "/dashboard/",
    }

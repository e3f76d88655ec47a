"""Matches, allocation rounds, the students' ranked choices in a round, and its proposals."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

from backend.reference.models import PlacementKind
from companies.models import Opportunity
from schools.models import PlacementRequest, School, StudentProfile

# Exactly one seeker per row: a placement request or a student.
ONE_SEEKER = Q(request__isnull=False, student__isnull=True) | Q(
    request__isnull=True, student__isnull=False
)
SCORE_IN_RANGE = Q(score__gte=0, score__lte=1)


class PeersIterable(ModelIterable):
    """Matches that know the others fetched with them: the first one asked for its
    explanation explains them all (a few queries for a page, not a few per match)."""

    def __iter__(self) -> Iterator["Match"]:
        peers: list[Match] = []
        for match in super().__iter__():
            match._peers = peers
            peers.append(match)
            yield match


class MatchQuerySet(models.QuerySet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._iterable_class = PeersIterable


def _pair_constraints(prefix: str) -> list[models.BaseConstraint]:
    """One seeker per row, a score in [0, 1], a pair once. Each unique index holds only the
    rows of its kind of seeker: a row written then enters one of them, not both (the other
    kind's NULLs made a popular opportunity's 9,000 moved rows cost 40 % more)."""
    return [
        models.CheckConstraint(condition=ONE_SEEKER, name=f"{prefix}_one_seeker"),
        models.CheckConstraint(condition=SCORE_IN_RANGE, name=f"{prefix}_score_range"),
        *(
            models.UniqueConstraint(
                fields=[seeker, "opportunity"],
                condition=Q(**{f"{seeker}__isnull": False}),
                name=f"{prefix}_{seeker}_opportunity",
            )
            for seeker in ("request", "student")
        ),
    ]


def _pair_indexes(prefix: str) -> list[models.Index]:
    """The rows of a request, of a student, of an opportunity by score: a page of matches
    reads a few entries in order, the recomputation a list's first and last."""
    return [
        *(
            models.Index(
                F(seeker),
                F("score").desc(),
                F("opportunity"),
                condition=Q(**{f"{seeker}__isnull": False}),
                name=f"{prefix}_{seeker}_best_idx",
            )
            for seeker in ("request", "student")
        ),
        # With its seekers: an opportunity's update reads its pairs from the index alone (a
        # popular one's 9,000 rows lie on as many pages of the table).
        models.Index(
            F("opportunity"),
            F("score").desc(),
            include=["request", "student"],
            name=f"{prefix}_opportunity_best_idx",
        ),
    ]


class RankedPair(models.Model):
    """A seeker (a placement request or a student) paired with an opportunity, with the engine's
    score of the pair: a stored match or a reserve."""

    # "%(class)ses": Match's reverse accessors are `matches`; MatchReserve's are never used.
    request = models.ForeignKey(
        PlacementRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ses",
        verbose_name=_("placement request"),
        db_index=False,  # led by the unique (request, opportunity)
    )
    student = models.ForeignKey(
        StudentProfile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ses",
        verbose_name=_("student"),
        db_index=False,  # led by the unique (student, opportunity)
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="%(class)ses",
        verbose_name=_("opportunity"),
        db_index=False,  # led by each table's index by opportunity
    )
    score = models.FloatField(_("score"))
    # When the score was computed (the explanation reads that day); a reserve that takes a
    # match's place keeps it.
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        seeker = f"request {self.request_id}" if self.request_id else f"student {self.student_id}"
        return f"{seeker} · opportunity {self.opportunity_id} · {self.score:.2f}"


class Match(RankedPair):
    """A scored suggestion pairing a request (or a student) with an opportunity.

    Only the score is stored. `components`, the engine's explanation as plain data (a list of
    {"name", "value", "weight", "facts"} in the engine's order), is computed when a match is
    shown: the first match of a query asked for it explains every match the query fetched
    (PeersIterable), so a page of matches costs a few queries more, whatever its length.
    """

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "id"]
        constraints = _pair_constraints("matching_match")
        indexes = _pair_indexes("match")

    @property
    def is_explained(self) -> bool:
        return "_components" in self.__dict__

    @property
    def components(self) -> list[dict[str, Any]]:
        if not self.is_explained:
            from matching.selectors.explained import explain_matches  # the selectors read models

            explain_matches(getattr(self, "_peers", None) or [self])
        return self._components

    @components.setter
    def components(self, value: list[dict[str, Any]]) -> None:
        self._components = value


class MatchReserve(RankedPair):
    """A seeker's next MATCHING_RESERVE candidates after its stored matches, in the same order
    (score, then the lower opportunity id): when one of its matches leaves the list, the best
    of these takes its place without ranking the seeker again. Never shown to users; only
    matching/services/matches.py writes them."""

    class Meta:
        verbose_name = _("reserve candidate")
        verbose_name_plural = _("reserve candidates")
        constraints = _pair_constraints("matching_reserve")
        indexes = _pair_indexes("reserve")

    def __str__(self) -> str:
        return f"reserve of {super().__str__()}"


class AllocationRound(models.Model):
    """One run of an allocation over a scope.

    stable: a counsellor's round over their school's students, who rank opportunities
    (RoundChoice); pairing: the chamber's round over the open requests and published
    opportunities of the region, or of one county in it.
    """

    class Kind(models.TextChoices):
        STABLE = "stable", _("Stable (students rank opportunities)")
        PAIRING = "pairing", _("Pairing (requests and places, best total)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="allocation_rounds",
        verbose_name=_("school"),
    )
    county_code = models.CharField(
        _("county code"),
        max_length=2,
        blank=True,
        help_text=_("Empty: the whole region."),
    )
    # Limits of what the round allocates: one kind of placement, places overlapping a period.
    placement_kind = models.CharField(
        _("kind of placement"),
        max_length=20,
        choices=PlacementKind.choices,
        blank=True,
        help_text=_("Empty: every kind."),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="stable", school__isnull=False, county_code="")
                | Q(kind="pairing", school__isnull=True),
                name="matching_round_scope_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="matching_round_progress"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="matching_round_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="matching_round_failed_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100, finished_at__isnull=False),
                name="matching_round_done_complete",
            ),
        ]

    def __str__(self) -> str:
        scope = str(self.school) if self.school_id else (self.county_code or _("the region"))
        return f"{self.get_kind_display()} · {scope} · {self.get_status_display()}"


class RoundChoice(models.Model):
    """A student's ranked choice in a stable round; rank 1 is the most wanted."""

    round = models.ForeignKey(
        AllocationRound,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("allocation round"),
    )
    student = models.ForeignKey(
        StudentProfile, on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="+", verbose_name=_("opportunity")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("round choice")
        verbose_name_plural = _("round choices")
        ordering = ["round", "student", "rank"]
        constraints = [
            models.CheckConstraint(condition=Q(rank__gte=1), name="matching_choice_rank_positive"),
            models.UniqueConstraint(
                fields=["round", "student", "rank"], name="matching_choice_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=["round", "student", "opportunity"],
                name="matching_choice_opportunity_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.rank}. {self.opportunity_id}"


class Proposal(models.Model):
    """What a round proposes: places of an opportunity for a request, or one for a student.

    Confirmed by the school's counsellor or a member of the opportunity's company (a Placement
    comes with a later issue), or declined.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    round = models.ForeignKey(
        AllocationRound,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("allocation round"),
    )
    request = models.ForeignKey(
        PlacementRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("placement request"),
    )
    student = models.ForeignKey(
        StudentProfile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("student"),
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("opportunity"),
    )
    places = models.PositiveSmallIntegerField(_("places"))
    score = models.FloatField(_("score"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "-score", "id"]
        constraints = [
            models.CheckConstraint(condition=ONE_SEEKER, name="matching_proposal_one_seeker"),
            models.CheckConstraint(condition=SCORE_IN_RANGE, name="matching_proposal_score_range"),
            models.CheckConstraint(
                condition=Q(places__gte=1), name="matching_proposal_places_positive"
            ),
            models.CheckConstraint(
                condition=Q(student__isnull=True) | Q(places=1),
                name="matching_proposal_student_one_place",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed", decided_at__isnull=True)
                | ~Q(status="proposed") & Q(decided_at__isnull=False),
                name="matching_proposal_decided_at",
            ),
            # A re-run adds new proposals next to the decided ones it keeps.
            models.UniqueConstraint(
                fields=["round", "request", "opportunity"],
                condition=Q(request__isnull=False, status="proposed"),
                name="matching_proposal_request_once",
            ),
            models.UniqueConstraint(
                fields=["round", "student"],
                condition=Q(student__isnull=False) & ~Q(status="declined"),
                name="matching_proposal_student_once",
            ),
        ]
        indexes = [models.Index(fields=["opportunity", "status"], name="proposal_opp_status_idx")]

    def __str__(self) -> str:
        seeker = f"request {self.request_id}" if self.request_id else f"student {self.student_id}"
        return f"{seeker} → {self.opportunity_id}, {self.places} ({self.get_status_display()})"

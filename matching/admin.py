"""Admin of matching. Matches are computed, so read-only; rounds and proposals change through the
services (run a round from the API), so their state fields are read-only here too."""

from django.contrib import admin
from django.http import HttpRequest

from matching.models import AllocationRound, Match, Proposal, RoundChoice


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["id", "request", "student", "opportunity", "score", "computed_at"]
    list_filter = [
        ("request", admin.EmptyFieldListFilter),
        "opportunity__kind",
        "opportunity__level",
    ]
    search_fields = [
        "opportunity__title",
        "opportunity__company__organisation__name",
        "request__school__organisation__name",
        "student__user__email",
    ]
    list_select_related = [
        "request__school__organisation",
        "student__user",
        "opportunity__company__organisation",
    ]
    ordering = ["-computed_at", "-score"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Match | None = None) -> bool:
        return False


@admin.register(AllocationRound)
class AllocationRoundAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "school", "county_code", "status", "progress", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["school__organisation__name", "county_code", "error"]
    list_select_related = ["school__organisation"]
    readonly_fields = [
        "status",
        "progress",
        "error",
        "summary",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    raw_id_fields = ["school"]


@admin.register(RoundChoice)
class RoundChoiceAdmin(admin.ModelAdmin):
    list_display = ["round", "student", "rank", "opportunity"]
    list_filter = ["round__kind"]
    search_fields = ["student__user__email", "opportunity__title"]
    list_select_related = ["round__school__organisation", "student__user", "opportunity"]
    raw_id_fields = ["round", "student", "opportunity"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["id", "round", "request", "student", "opportunity", "places", "score", "status"]
    list_filter = ["status", "round__kind"]
    search_fields = [
        "opportunity__title",
        "opportunity__company__organisation__name",
        "request__school__organisation__name",
        "student__user__email",
    ]
    list_select_related = [
        "round__school__organisation",
        "request__school__organisation",
        "student__user",
        "opportunity",
    ]
    readonly_fields = ["status", "decided_by", "decided_at", "created_at"]
    raw_id_fields = ["round", "request", "student", "opportunity"]

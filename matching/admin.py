"""Admin of matching. Matches and their reserves are computed, so read-only; rounds and proposals
change through the services (run a round from the API), so their state fields are read-only here
too."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backend.admin import ReadOnlyAdmin
from matching.models import (
    AllocationRound,
    Application,
    ApplicationEvent,
    Match,
    MatchReserve,
    Message,
    OutboxTask,
    Placement,
    Proposal,
    RoundChoice,
    Thread,
)


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
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


@admin.register(MatchReserve)
class MatchReserveAdmin(MatchAdmin):
    """The candidates kept after each seeker's matches (never shown to users)."""


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


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "note", "at"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["id", "student", "opportunity", "school", "status", "created_at"]
    list_filter = ["status", "opportunity__kind"]
    search_fields = ["opportunity__title", "student__user__email"]
    list_select_related = ["student__user", "opportunity", "school__organisation"]
    inlines = [ApplicationEventInline]
    # A CV has no URL (private storage): it is downloaded through the API, permission-checked.
    exclude = ["cv"]
    readonly_fields = ["has_cv"]

    @admin.display(boolean=True, description=_("CV"))
    def has_cv(self, application: Application) -> bool:
        return bool(application.cv)


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ["id", "opportunity", "school", "students_count", "start_date", "status"]
    list_filter = ["status", "kind", "level"]
    search_fields = ["opportunity__title", "school__organisation__name"]
    list_select_related = ["opportunity", "school__organisation"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    readonly_fields = ["author", "body", "created_at"]


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ["id", "subject", "request", "company", "application", "last_message_at"]
    search_fields = ["subject", "company__organisation__name"]
    inlines = [MessageInline]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "application", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["application__opportunity__title", "by__email"]
    list_select_related = ["application__opportunity", "by"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "thread", "author", "created_at"]
    search_fields = ["body", "author__email"]
    list_select_related = ["thread", "author"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyAdmin):
    """Tasks the broker has not taken yet (matching/services/outbox.py): sent again by the
    periodic sender, so they are read here, not edited."""

    list_display = ["id", "task", "args", "created_at"]
    list_filter = ["task"]
    search_fields = ["task"]

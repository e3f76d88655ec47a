"""Admin for the operators of the site. Verification, suspension and hiding go through
backend/moderation.py as the request's actor, as in the API and the chamber's pages; status
fields are read-only here for the same reason."""

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend import moderation
from backend.accounts.models import Organisation
from backend.admin import moderate_selected
from schools.models import PlacementRequest, School, SchoolProgramme, StudentProfile

ADMIN_HIDE_REASON = _("Hidden by a moderator: the request does not follow the terms of use.")


def _organisations(schools: QuerySet[School]) -> list[Organisation]:
    return [school.organisation for school in schools.select_related("organisation")]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["organisation", "level", "municipality", "verified", "suspended", "created_at"]
    list_filter = [
        "level",
        "municipality__county_name",
        ("organisation__verified_at", admin.EmptyFieldListFilter),
        "organisation__suspended",
    ]
    search_fields = ["organisation__name", "municipality__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["programmes"]
    list_select_related = ["organisation", "municipality"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["verify", "suspend", "unsuspend"]

    @admin.display(boolean=True, description=_("verified"))
    def verified(self, school: School) -> bool:
        return school.organisation.is_verified

    @admin.display(boolean=True, description=_("suspended"))
    def suspended(self, school: School) -> bool:
        return school.organisation.suspended

    @admin.action(description=_("Verify the selected schools"))
    def verify(self, request: HttpRequest, queryset: QuerySet[School]) -> None:
        moderate_selected(
            self, request, _organisations(queryset), moderation.organisation_verify, "organisation"
        )

    @admin.action(description=_("Suspend the selected schools"))
    def suspend(self, request: HttpRequest, queryset: QuerySet[School]) -> None:
        moderate_selected(
            self, request, _organisations(queryset), moderation.organisation_suspend, "organisation"
        )

    @admin.action(description=_("Lift the suspension of the selected schools"))
    def unsuspend(self, request: HttpRequest, queryset: QuerySet[School]) -> None:
        moderate_selected(
            self,
            request,
            _organisations(queryset),
            moderation.organisation_unsuspend,
            "organisation",
        )


@admin.register(SchoolProgramme)
class SchoolProgrammeAdmin(admin.ModelAdmin):
    """A YH school's or university's own programmes; the school lists them (the API)."""

    list_display = ["name", "school", "education_field", "occupation"]
    list_filter = ["school__level", "education_field__broad_name_en"]
    search_fields = ["name", "school__organisation__name"]
    autocomplete_fields = ["school"]
    list_select_related = ["school__organisation", "education_field", "occupation"]


@admin.register(StudentProfile)
class StudentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "programme", "year", "home_municipality", "created_at"]
    list_filter = ["year", "programme", "school__municipality__county_name"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "school__organisation__name",
    ]
    autocomplete_fields = ["user", "school"]
    filter_horizontal = ["stem_interests"]
    list_select_related = ["user", "school__organisation", "programme", "home_municipality"]


@admin.register(PlacementRequest)
class PlacementRequestAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "school",
        "kind",
        "level",
        "programme",
        "places_needed",
        "places_filled",
        "period_start",
        "status",
        "hidden_at",
    ]
    list_filter = ["status", "kind", "level", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["school__organisation__name", "programme__name_sv", "notes"]
    autocomplete_fields = ["school", "created_by"]
    filter_horizontal = ["acceptable_municipalities", "stem_areas"]
    list_select_related = ["school__organisation", "programme"]
    readonly_fields = [
        "status",
        "places_filled",
        "hidden_at",
        "hidden_reason",
        "hidden_by",
        "closed_at",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "period_start"
    actions = ["hide", "unhide"]

    @admin.action(description=_("Hide the selected requests (the school sees a standard reason)"))
    def hide(self, request: HttpRequest, queryset: QuerySet[PlacementRequest]) -> None:
        moderate_selected(
            self,
            request,
            queryset,
            moderation.posting_hide,
            "posting",
            reason=str(ADMIN_HIDE_REASON),
        )

    @admin.action(description=_("Show the selected hidden requests again"))
    def unhide(self, request: HttpRequest, queryset: QuerySet[PlacementRequest]) -> None:
        moderate_selected(self, request, queryset, moderation.posting_unhide, "posting")

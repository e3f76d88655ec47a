"""Admin of the placement lifecycle. Agreements and signatures are records of what was signed,
so they are read-only; plans, risk assessments and evaluations change through the services (the
API and the pages), so the admin shows them without editing. Hour limits are the one setting."""

from django.contrib import admin
from django.http import HttpRequest

from backend.admin import ReadOnlyAdmin
from matching.agreements.models import (
    Agreement,
    CheckIn,
    HandledareEvaluation,
    HourLimit,
    PlacementPlan,
    RiskAssessment,
    Signature,
    StudentEvaluation,
)


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    fields = ["party", "signer_name", "signed_by", "method", "reference", "sha256", "signed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["placement", "version", "kind", "created_at"]
    list_filter = ["kind"]
    exclude = ["pdf"]
    list_select_related = ["placement__opportunity"]
    inlines = [SignatureInline]


@admin.register(PlacementPlan)
class PlacementPlanAdmin(ReadOnlyAdmin):
    list_display = ["placement", "handledare_name", "teacher_name", "started_at"]
    search_fields = ["handledare_name", "teacher_name", "placement__opportunity__title"]
    list_select_related = ["placement__opportunity"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["placement", "confirmed_at"]
    list_select_related = ["placement__opportunity"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["placement", "held_on", "author_role"]
    list_select_related = ["placement__opportunity"]


@admin.register(HandledareEvaluation)
class HandledareEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["placement", "attendance", "would_host_again", "created_at"]
    list_filter = ["would_host_again", "attendance"]
    list_select_related = ["placement__opportunity"]


@admin.register(StudentEvaluation)
class StudentEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["placement", "rating", "would_recommend", "created_at"]
    list_filter = ["rating", "would_recommend"]
    list_select_related = ["placement__opportunity"]


@admin.register(HourLimit)
class HourLimitAdmin(admin.ModelAdmin):
    list_display = ["school", "level", "earliest_start", "latest_end", "max_hours_per_day"]
    list_filter = ["level"]
    search_fields = ["school__organisation__name"]
    list_select_related = ["school__organisation"]

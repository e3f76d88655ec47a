"""Admin of companies and opportunities. State changes (verify, suspend, hide) are actions that
call backend/moderation.py as the request's actor, so the admin follows the same rules and writes
the same audit entries as the API and the chamber's pages; the fields they set are read-only
here."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from backend import moderation
from backend.accounts.models import Organisation
from backend.admin import ReadOnlyAdmin, moderate_selected
from companies.models import Company, Opportunity, SearchListing


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "organisation_number",
        "sector",
        "municipality",
        "is_verified",
        "is_suspended",
        "is_chamber_member",
    ]
    list_filter = [
        ("organisation__verified_at", admin.EmptyFieldListFilter),
        "organisation__suspended",
        "is_chamber_member",
        "sector",
        "municipality__county_name",
    ]
    search_fields = ["organisation__name", "organisation_number", "municipality__name"]
    autocomplete_fields = ["organisation", "municipality", "stem_areas"]
    list_select_related = ["organisation", "municipality", "sector"]
    readonly_fields = ["logo_256", "logo_64", "created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["verify", "suspend", "unsuspend"]

    @admin.display(boolean=True, description=_("verified"))
    def is_verified(self, company: Company) -> bool:
        return company.organisation.is_verified

    @admin.display(boolean=True, description=_("suspended"))
    def is_suspended(self, company: Company) -> bool:
        return company.organisation.suspended

    @admin.action(description=_("Verify the selected companies"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        moderate_selected(
            self, request, _organisations(queryset), moderation.organisation_verify, "organisation"
        )

    @admin.action(description=_("Suspend the selected companies"))
    def suspend(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        moderate_selected(
            self, request, _organisations(queryset), moderation.organisation_suspend, "organisation"
        )

    @admin.action(description=_("Lift the suspension of the selected companies"))
    def unsuspend(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        moderate_selected(
            self,
            request,
            _organisations(queryset),
            moderation.organisation_unsuspend,
            "organisation",
        )


def _organisations(companies: QuerySet[Company]) -> list[Organisation]:
    return [company.organisation for company in companies.select_related("organisation")]


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the company)"), widget=forms.Textarea, max_length=2000
    )


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "company",
        "kind",
        "level",
        "status",
        "municipality",
        "period_start",
        "application_deadline",
        "places",
        "places_taken",
        "is_hidden",
    ]
    list_filter = [
        "status",
        "kind",
        "level",
        ("hidden_at", admin.EmptyFieldListFilter),
        "remote_allowed",
        "municipality__county_name",
    ]
    search_fields = ["title", "company__organisation__name", "municipality__name"]
    autocomplete_fields = ["company", "municipality", "programmes", "stem_areas"]
    list_select_related = ["company__organisation", "municipality"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "status",
        "published_at",
        "closed_at",
        "hidden_at",
        "hidden_reason",
        "hidden_by",
        "created_at",
        "updated_at",
    ]
    actions = ["hide", "unhide"]

    @admin.display(boolean=True, description=_("hidden"))
    def is_hidden(self, opportunity: Opportunity) -> bool:
        return opportunity.hidden_at is not None

    @admin.action(description=_("Hide the selected opportunities"))
    def hide(self, request: HttpRequest, queryset: QuerySet[Opportunity]) -> HttpResponse | None:
        """Asks for the reason on a second page, then hides through the service."""
        form = HideForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            moderate_selected(
                self, request, queryset, moderation.posting_hide, "posting", reason=reason
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hide opportunities"),
            "opportunities": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/companies/opportunity/hide.html", context)

    @admin.action(description=_("Show the selected hidden opportunities again"))
    def unhide(self, request: HttpRequest, queryset: QuerySet[Opportunity]) -> None:
        moderate_selected(self, request, queryset, moderation.posting_unhide, "posting")


@admin.register(SearchListing)
class SearchListingAdmin(ReadOnlyAdmin):
    """A copy that companies/listings.py keeps: deleting a row would hide a public opportunity
    from the searches by its programme."""

    deletable = False
    list_display = ["opportunity", "programme_key", "municipality", "published_at"]
    search_fields = ["opportunity__title", "programme_key"]
    list_select_related = ["opportunity", "municipality"]

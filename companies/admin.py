from django.contrib import admin

from companies.models import Company


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "municipality"]
    list_filter = ["municipality__county_name", "organisation__suspended"]
    search_fields = ["organisation__name", "municipality__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation", "municipality"]

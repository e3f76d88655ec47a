from django.urls import path

from frontend.reports import views

urlpatterns = [
    path("reports/", views.dashboard, name="reports"),
    path("reports/companies/", views.companies_table, name="reports_companies"),
    path("reports/gla-target/", views.gla_target, name="reports_gla_target"),
    path("open-data/", views.open_data, name="open_data"),
]

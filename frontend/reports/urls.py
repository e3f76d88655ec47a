from django.urls import path

from frontend.reports import views

urlpatterns = [
    path("reports/", views.dashboard, name="reports"),
]

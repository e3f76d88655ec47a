"""The pages. Each area keeps its own url module; the names share the `frontend` namespace."""

from django.urls import include, path

from frontend import views

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("", include("frontend.account.urls")),
    path("", include("frontend.reports.urls")),
    path("", include("frontend.lifecycle.urls")),
]

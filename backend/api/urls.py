"""Version 1 of the API: one router, so /api/v1/ lists every collection."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from backend.accounts.api import MeView, TokenObtainView
from backend.reference import api as reference
from companies.api import API_ROUTES as COMPANY_ROUTES
from matching.api import API_ROUTES as MATCHING_ROUTES
from matching.api import URL_PATTERNS as MATCHING_URLS
from schools.api import API_ROUTES as SCHOOL_ROUTES

router = DefaultRouter()
router.register("reference/municipalities", reference.MunicipalityViewSet)
router.register("reference/programmes", reference.ProgrammeViewSet)
router.register("reference/education-fields", reference.EducationFieldViewSet)
router.register("reference/stem-areas", reference.StemAreaViewSet)
router.register("reference/sectors", reference.SectorViewSet)
for prefix, viewset in [*COMPANY_ROUTES, *SCHOOL_ROUTES, *MATCHING_ROUTES]:
    router.register(prefix, viewset)

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/me/", MeView.as_view(), name="auth-me"),
    # Before the router, whose `students/{id}/` would otherwise take `students/me/…`.
    *MATCHING_URLS,
    *router.urls,
]

"""Version 1 of the API: one router, so /api/v1/ lists every collection.

Each app's api module gives API_ROUTES (router prefixes and viewsets) and URL_PATTERNS (paths the
router cannot express).
"""

from rest_framework.routers import DefaultRouter

from backend.accounts import api as accounts
from backend.notifications import api as notifications
from backend.reference import api as reference
from backend.reports import api as reports
from companies import api as companies
from matching import api as matching
from schools import api as schools

router = DefaultRouter()
router.register("reference/municipalities", reference.MunicipalityViewSet)
router.register("reference/programmes", reference.ProgrammeViewSet)
router.register("reference/education-fields", reference.EducationFieldViewSet)
router.register("reference/occupations", reference.OccupationViewSet)
router.register("reference/stem-areas", reference.StemAreaViewSet)
router.register("reference/sectors", reference.SectorViewSet)

_APPS = (accounts, companies, schools, matching, notifications, reports)
for app in _APPS:
    for prefix, viewset in app.API_ROUTES:
        router.register(prefix, viewset)

# Before the router, whose `students/{id}/` would otherwise take `students/me/…`.
urlpatterns = [pattern for app in _APPS for pattern in app.URL_PATTERNS] + router.urls

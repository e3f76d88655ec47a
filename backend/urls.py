from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, Http404, HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils._os import safe_join
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from backend import views
from backend.accounts import views as account_views

# Uploads are served with a type from this list only, so no user file is ever read as HTML or
# script; anything else is a download. CVs are personal data: never served here (the
# applications API checks who asks).
MEDIA_TYPES = {
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
PRIVATE_MEDIA = ("cvs/",)


def media(request: HttpRequest, name: str) -> FileResponse:
    if name.startswith(PRIVATE_MEDIA):
        raise Http404
    try:
        file = open(safe_join(settings.MEDIA_ROOT, name), "rb")  # noqa: SIM115 - FileResponse closes it
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    content_type = MEDIA_TYPES.get(PurePosixPath(name).suffix.lower())
    response = FileResponse(
        file,
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type is None,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever a page's <link rel="icon"> says. The static URL is
    looked up per request: in production it is the hashed name collectstatic wrote."""
    return HttpResponsePermanentRedirect(static("frontend/favicon.svg"))


urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("api/v1/", include("backend.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its set-up script from a URL and the template its page rules from a
    # file: the CSP allows no inline script or style.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="frontend/swagger_ui.html"
        ),
        name="swagger-ui",
    ),
    path("favicon.ico", favicon, name="favicon"),
    re_path(r"^media/(?P<name>.+)$", media, name="media"),
    path("", include("frontend.urls")),
]

handler400 = views.bad_request
handler404 = views.not_found
handler500 = views.internal_error

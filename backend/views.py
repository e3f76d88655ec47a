"""Project-level views: the health check and the JSON error pages under /api/."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import bad_request as html_bad_request
from django.views.defaults import page_not_found, server_error

from backend.celery import app, ping

WORKER_TIMEOUT_SECONDS = 5


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means the database does not answer
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _broker_status() -> str:
    if not settings.BROKER_CONFIGURED:
        return "eager"
    try:
        # One try, bounded by the broker timeouts of the settings: a frozen broker that accepts
        # the connection and never answers is down too.
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=0)
    except Exception as exc:  # noqa: BLE001 - any failure means the broker does not answer
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _worker_status() -> str:
    if not settings.BROKER_CONFIGURED:
        return "eager"
    try:
        ping.apply_async(expires=WORKER_TIMEOUT_SECONDS).get(
            timeout=WORKER_TIMEOUT_SECONDS, disable_sync_subtasks=False
        )
    except Exception as exc:  # noqa: BLE001 - no reply in time is all the caller needs to know
        return f"error: {exc.__class__.__name__}"
    return "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers; the broker (and, with ?worker=1, a worker) is reported but
    does not fail the check, because pages and the API keep working without them."""
    status = {"database": _database_status(), "broker": _broker_status()}
    if request.GET.get("worker") == "1":
        broker_up = not status["broker"].startswith("error")
        status["worker"] = _worker_status() if broker_up else "unknown: the broker is down"
    return JsonResponse(status, status=200 if status["database"] == "ok" else 503)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """What Django refuses before any view: a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many
    fields, a malformed multipart body."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "The request is malformed or too large."}, status=400)
    return html_bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def internal_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return server_error(request)

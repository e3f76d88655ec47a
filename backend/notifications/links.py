"""The page a notification is about, as a path of the site: the one its payload names, else the
thread's, the placement's, the application's or the organisation's members' page it carries an
id of, else the start page. The e-mail's link and the in-app notice both go there."""

from django.urls import NoReverseMatch, reverse

from backend.notifications.models import Notification

# The first id the payload carries decides (a placement's notice also names its opportunity).
PAGES = (
    ("thread_id", "frontend:thread"),
    ("placement_id", "frontend:lifecycle_detail"),
    ("application_id", "frontend:application"),
    ("organisation_id", "frontend:organisation_members"),
)


def page_path(notification: Notification) -> str:
    payload = notification.payload or {}
    path = str(payload.get("path") or "")
    if path.startswith("/") and not path.startswith("//"):
        return path
    for key, name in PAGES:
        value = payload.get(key)
        if isinstance(value, int):
            try:
                return reverse(name, args=[value])
            except NoReverseMatch:
                continue
    return reverse("frontend:dashboard")

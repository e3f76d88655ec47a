"""Template helpers of the pages: the notification bell, menu links, periods in weeks, query
strings, an application's history."""

from datetime import date
from functools import lru_cache

from django import template
from django.conf import settings
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.accounts.actor import Actor
from backend.notifications import selectors as notification_selectors
from backend.notifications.links import page_path
from backend.notifications.models import Notification
from matching.models import Application, ApplicationEvent

register = template.Library()


@register.simple_tag
def unread_notifications(actor: Actor) -> int:
    """The bell's number: one COUNT over the partial index of unread notifications."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    return notification_selectors.unread_count(actor=actor)


@register.filter
def weeks(start: date | None, end: date | None = None) -> str:
    """ISO weeks of a period with their year, as Swedish schools count: "wk 10-16 2027" (sv:
    "v. 10-16 2027" with an en dash as in print). Without the year, "v. 36" read in December is
    taken for the past September."""
    if start is None:
        return _("flexible period")
    end = end or start
    first, last = start.isocalendar(), end.isocalendar()
    if first.year != last.year:
        return _("wk %(first)d %(first_year)d – wk %(last)d %(last_year)d") % {  # noqa: RUF001
            "first": first.week,
            "first_year": first.year,
            "last": last.week,
            "last_year": last.year,
        }
    if first.week == last.week:
        return _("wk %(week)d %(year)d") % {"week": first.week, "year": first.year}
    return _("wk %(first)d–%(last)d %(year)d") % {  # noqa: RUF001
        "first": first.week,
        "last": last.week,
        "year": first.year,
    }


@register.simple_tag
def page_query(query: QueryDict, page: int) -> str:
    """The current filters with another page number, for the pagination links."""
    copy = query.copy()
    copy["page"] = str(page)
    return copy.urlencode()


@register.filter
def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


ACTION_LABELS = {
    "withdraw": gettext_lazy("Withdraw"),
    "accept": gettext_lazy("Accept the offer"),
    "decline": gettext_lazy("Decline the offer"),
    "review": gettext_lazy("Start reviewing"),
    "interview": gettext_lazy("Invite to interview"),
    "offer": gettext_lazy("Make an offer"),
    "reject": gettext_lazy("Reject"),
    "publish": gettext_lazy("Publish"),
    "close": gettext_lazy("Close"),
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.simple_tag
def site_url(name: str, *args: str) -> str:
    """{% url %} for links whose arguments are constants, remembered per process: reverse()
    matches the patterns again on every call (0.03 ms), and every page's header and footer
    show 14 such links, the search page 4 more."""
    return _reversed(name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=256)
def _reversed(name: str, args: tuple[str, ...], script_prefix: str, urlconf: str) -> str:
    return reverse(name, args=args, urlconf=urlconf)


@register.simple_tag(takes_context=True)
def nav_link(context: template.Context, name: str, label: str, *args: str) -> str:
    """A menu link, marked aria-current="page" on its page and the pages under it."""
    url = site_url(name, *args)
    request = context.get("request")
    if request is not None and request.path.startswith(url):
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.filter
def actor(event: ApplicationEvent, application: Application) -> str:
    """Who moved an application along: the student, or the named person of the company."""
    if event.by_id is None:
        return ""
    if event.by_id == application.student_id:  # a student's profile is keyed by their user
        return _("the student")
    name = event.by.get_full_name() or event.by.email
    return _("%(name)s, %(company)s") % {
        "name": name,
        "company": application.opportunity.company.organisation.name,
    }


@register.simple_tag
def timeline(application: Application) -> SafeString:
    """The application's history, oldest first (its events prefetched): each status, when, by
    whom, and the note. Written here rather than by an include of a template: a student's
    dashboard shows every application's, and its tags per event were a tenth of the page."""
    items = format_html_join(
        "\n",
        '<li><span class="tag status-{}">{}</span> <time datetime="{}">{}</time>{}{}</li>',
        (_event_row(event, application) for event in application.events.all()),
    )
    label = _("History")
    return format_html('<ol class="timeline" aria-label="{}">\n{}\n</ol>', label, items)


def _event_row(event: ApplicationEvent, application: Application) -> tuple:
    at = template_localtime(event.at)
    who = actor(event, application)
    by = ""
    if who:  # as {% blocktranslate %} did: the name escaped, the sentence not
        by = mark_safe(" · " + _("by %(who)s") % {"who": conditional_escape(who)})  # noqa: S308
    note = format_html(" · {}", event.note) if event.note else ""
    return (
        event.to_status,
        capfirst(event.get_to_status_display()),
        at.isoformat(),  # the date filter's "c"
        date_filter(at, "SHORT_DATETIME_FORMAT"),
        by,
        note,
    )


@register.simple_tag
def notice(notification: Notification) -> dict[str, str]:
    """What the notice says (its kind's sentence, with the new status) and the page it is about."""
    text = render_to_string(
        f"notifications/notice/{notification.kind}.txt", {"payload": notification.payload or {}}
    )
    return {"text": " ".join(text.split()), "path": page_path(notification)}

"""The opportunity cards of the search results and a company's page, written in Python.

A search page shows 20 cards and this is its hottest loop: as an included template each card
cost about 0.25 ms of CPU (some 40 nodes: variable lookups, display labels, a URL, two
translations with plurals, dates), the largest part of the page's rendering and of the web
CPU under load (docs/performance.md); through format_html, 0.1 ms. Built as one string here,
the same HTML costs a fifth of the template's. What every card of a page shares (today, the
opportunity's URL, the words) is worked out once a page (`_Page`), a deadline as written once
per process and language: per card they were half of a page's cards' CPU. Every value is
escaped by `escaped` (frontend/html.py), the rest is literal markup.
"""

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from backend.core.choices import display
from backend.reference.models import EducationLevel, PlacementKind
from companies.models import Company, Opportunity
from companies.opportunity_rules import closed_for_applications
from frontend.html import escaped
from frontend.templatetags.frontend import site_url, weeks

register = template.Library()

# Labels as get_FOO_display() gives them, without its dict of every choice per call.
KIND, LEVEL = display("kind", PlacementKind), display("level", EducationLevel)
STATUS = display("status", Opportunity.Status)
LOGOS = Company._meta.get_field("logo_64").storage
ID_MARK = 987654321  # an id in the URL reverse() writes, where each card's id goes


class _Page:
    """What the cards of one page share, made once a page: today, an opportunity's URL with "{}"
    for its id (reverse() resolves the pattern again on every call: 0.03 ms a card), and the
    words (`once`): each translation looks up the active language's catalogue (5 a card), and
    a page's labels repeat."""

    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.url = site_url("frontend:opportunity", str(ID_MARK)).replace(str(ID_MARK), "{}")
        self.made: dict[Hashable, str] = {}

    def once(self, key: Hashable, make: Callable[[], str]) -> str:
        """`make()`, escaped, made the first time `key` is asked for on this page."""
        if key not in self.made:
            self.made[key] = escaped(make())
        return self.made[key]


@register.simple_tag
def opportunity_cards(opportunities: Iterable[SimpleNamespace]) -> SafeString:
    """The cards (<li>) of frontend.selectors.card_rows' opportunities."""
    page = _Page()
    # Every value in a card is escaped by `escaped` or by page.once.
    return mark_safe("".join(_card(opportunity, page) for opportunity in opportunities))  # noqa: S308


def _card(o: SimpleNamespace, page: _Page) -> str:
    url = page.url.format(o.id)
    return (
        f'<li class="card opportunity-card">\n  {_logo(o)}\n'
        f'  <h3><a href="{escaped(url)}">{escaped(o.title)}</a></h3>\n'
        '  <ul class="meta">\n'
        f"    <li><strong>{escaped(o.company__organisation__name)}</strong></li>\n"
        f"    <li>{_place(o, page)}</li>\n"
        f"    <li>{escaped(weeks(o.period_start, o.period_end))}</li>\n"
        f"    {_deadline(o, page)}\n"
        "  </ul>\n"
        f'  <p class="badges">{" ".join(_badges(o, page))}</p>\n'
        "</li>"
    )


def _logo(o: SimpleNamespace) -> str:
    if o.company__logo_64:
        url = LOGOS.url(o.company__logo_64)
        return (
            f'<img class="logo" src="{escaped(url)}" alt="" width="56" height="56" loading="lazy">'
        )
    initial = escaped(o.company__organisation__name[:1])
    return f'<span class="logo placeholder" aria-hidden="true">{initial}</span>'


def _place(o: SimpleNamespace, page: _Page) -> str:
    """The municipality, and how far it is from the place searched near."""
    name, distance = escaped(o.municipality__name), o.distance_km
    if distance is None:
        return name
    # Whole kilometres, halves up as floatformat rounds them; ten times faster.
    km = int(distance + 0.5)
    written = page.once(("km", km), lambda: _("%(km)s km") % {"km": km})
    return f"{name} ({written})"


def _deadline(o: SimpleNamespace, page: _Page) -> str:
    deadline = o.application_deadline
    if deadline is None:
        return ""
    label = page.once("apply by", lambda: _("Apply by"))
    written = _written_date(deadline, get_language())
    return f'<li>{label} <time datetime="{deadline.isoformat()}">{written}</time></li>'


@lru_cache(maxsize=4096)
def _written_date(day: date, language: str | None) -> str:
    """date_format's `day` in `language` (the active one), escaped: 0.02 ms each through the
    language's formats, and the deadlines are few."""
    return escaped(date_format(day))


def _badges(o: SimpleNamespace, page: _Page) -> list[str]:
    kind = page.once(("kind", o.kind), lambda: KIND(o))
    level = page.once(("level", o.level), lambda: LEVEL(o))
    badges = [
        f'<span class="badge badge-kind">{kind}</span>',
        f'<span class="badge">{level}</span>',
    ]
    if o.remote_allowed:
        label = page.once("remote", lambda: _("Remote possible"))
        badges.append(f'<span class="badge">{label}</span>')
    status = o.status
    if status != Opportunity.Status.PUBLISHED:
        label = page.once(("status", status), lambda: STATUS(o))
        badges.append(f'<span class="badge status-{escaped(status)}">{label}</span>')
    elif reason := closed_for_applications(o, page.today):
        label = page.once("closed", lambda: _("Closed for applications"))
        badges.append(f'<span class="badge status-closed" title="{escaped(reason)}">{label}</span>')
    left = max(o.places - o.places_taken, 0)
    places = page.once(
        ("left", left),
        lambda: (
            ngettext("%(counter)s place left", "%(counter)s places left", left) % {"counter": left}
        ),
    )
    badges.append(f'<span class="badge {"badge-ok" if left else "badge-error"}">{places}</span>')
    return badges

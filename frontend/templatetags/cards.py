"""The opportunity card of the search results and a company's page, written in Python.

A search page shows 20 cards and this is its hottest loop: as an included template each card
cost about 0.25 ms of CPU (some 40 nodes: variable lookups, display labels, a URL, two
translations with plurals, dates), the largest part of the page's rendering and of the web
CPU under load (docs/performance.md); through format_html, 0.1 ms. Built as one string here,
the same HTML costs a fifth of the template's. Every value is escaped with `_e` (what Django's
escape does, without its checks for lazy strings on every call), the rest is literal markup.
"""

from html import escape
from types import SimpleNamespace

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.core.choices import display
from backend.reference.models import EducationLevel, PlacementKind
from companies.models import Company, Opportunity
from companies.opportunity_rules import closed_for_applications
from frontend.templatetags.frontend import weeks

register = template.Library()

# Labels as get_FOO_display() gives them, without its dict of every choice per call.
KIND, LEVEL = display("kind", PlacementKind), display("level", EducationLevel)
STATUS = display("status", Opportunity.Status)
LOGOS = Company._meta.get_field("logo_64").storage


def _e(value: object) -> str:
    return escape(str(value))


@register.simple_tag
def opportunity_card(opportunity: SimpleNamespace) -> SafeString:
    """A card of one of frontend.selectors.card_rows' opportunities."""
    url = reverse("frontend:opportunity", args=[opportunity.id])
    return mark_safe(  # noqa: S308 - every value below is escaped by _e
        f'<li class="card opportunity-card">\n  {_logo(opportunity)}\n'
        f'  <h3><a href="{_e(url)}">{_e(opportunity.title)}</a></h3>\n'
        '  <ul class="meta">\n'
        f"    <li><strong>{_e(opportunity.company__organisation__name)}</strong></li>\n"
        f"    <li>{_e(_place(opportunity))}</li>\n"
        f"    <li>{_e(weeks(opportunity.period_start, opportunity.period_end))}</li>\n"
        f"    {_deadline(opportunity)}\n"
        "  </ul>\n"
        f'  <p class="badges">{" ".join(_badges(opportunity))}</p>\n'
        "</li>"
    )


def _logo(opportunity: SimpleNamespace) -> str:
    if opportunity.company__logo_64:
        url = LOGOS.url(opportunity.company__logo_64)
        return f'<img class="logo" src="{_e(url)}" alt="" width="56" height="56" loading="lazy">'
    initial = _e(opportunity.company__organisation__name[:1])
    return f'<span class="logo placeholder" aria-hidden="true">{initial}</span>'


def _place(opportunity: SimpleNamespace) -> str:
    """The municipality, and how far it is from the place searched near."""
    name, distance = opportunity.municipality__name, opportunity.distance_km
    if distance is None:
        return name
    return f"{name} ({_('%(km)s km') % {'km': floatformat(distance, 0)}})"


def _deadline(opportunity: SimpleNamespace) -> str:
    deadline = opportunity.application_deadline
    if deadline is None:
        return ""
    return (
        f'<li>{_e(_("Apply by"))} <time datetime="{deadline.isoformat()}">'
        f"{_e(date_format(deadline))}</time></li>"
    )


def _badges(opportunity: SimpleNamespace) -> list[str]:
    badges = [
        f'<span class="badge badge-kind">{_e(KIND(opportunity))}</span>',
        f'<span class="badge">{_e(LEVEL(opportunity))}</span>',
    ]
    if opportunity.remote_allowed:
        badges.append(f'<span class="badge">{_e(_("Remote possible"))}</span>')
    status = opportunity.status
    if status != Opportunity.Status.PUBLISHED:
        badges.append(f'<span class="badge status-{_e(status)}">{_e(STATUS(opportunity))}</span>')
    elif reason := closed_for_applications(opportunity, timezone.localdate()):
        badges.append(
            f'<span class="badge status-closed" title="{_e(reason)}">'
            f"{_e(_('Closed for applications'))}</span>"
        )
    left = max(opportunity.places - opportunity.places_taken, 0)
    places = ngettext("%(counter)s place left", "%(counter)s places left", left)
    badges.append(
        f'<span class="badge {"badge-ok" if left else "badge-error"}">'
        f"{_e(places % {'counter': left})}</span>"
    )
    return badges

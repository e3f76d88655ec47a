"""The opportunity card of the search results and a company's page, written in Python.

A search page shows 20 cards and this is its hottest loop: as an included template each card
cost about 0.25 ms of CPU (some 40 nodes: variable lookups, display labels, a URL, two
translations with plurals, dates), the largest part of the page's rendering and of the web
CPU under load (docs/performance.md); through format_html, 0.1 ms. Built as one string here,
the same HTML costs a fifth of the template's. Every value is escaped with `_e` (what Django's
escape does, without its checks for lazy strings on every call), the rest is literal markup.
"""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.reference.models import EducationLevel, PlacementKind
from companies.models import Opportunity
from frontend.templatetags.frontend import weeks

register = template.Library()

# The labels by value, translated when shown: a model's get_FOO_display() rebuilds a dict of all
# its choices on every call.
KINDS, LEVELS = dict(PlacementKind.choices), dict(EducationLevel.choices)
STATUSES = dict(Opportunity.Status.choices)
# What a card reads: a list of cards loads these only (a third less CPU than every column of
# an opportunity, its company and its place). A field read here and missing there costs a query
# per card, which the pages' query-count tests catch.
CARD_FIELDS = (
    "title",
    "company__organisation__name",
    "company__logo_64",
    "municipality__name",
    "period_start",
    "period_end",
    "application_deadline",
    "kind",
    "level",
    "remote_allowed",
    "status",
    "places",
    "places_taken",
)


def _e(value: object) -> str:
    return escape(str(value))


@register.simple_tag
def opportunity_card(opportunity: Opportunity) -> SafeString:
    url = reverse("frontend:opportunity", args=[opportunity.pk])
    return mark_safe(  # noqa: S308 - every value below is escaped by _e
        f'<li class="card opportunity-card">\n  {_logo(opportunity)}\n'
        f'  <h3><a href="{_e(url)}">{_e(opportunity.title)}</a></h3>\n'
        '  <ul class="meta">\n'
        f"    <li><strong>{_e(opportunity.company.organisation.name)}</strong></li>\n"
        f"    <li>{_e(_place(opportunity))}</li>\n"
        f"    <li>{_e(weeks(opportunity.period_start, opportunity.period_end))}</li>\n"
        f"    {_deadline(opportunity)}\n"
        "  </ul>\n"
        f'  <p class="badges">{" ".join(_badges(opportunity))}</p>\n'
        "</li>"
    )


def _logo(opportunity: Opportunity) -> str:
    company = opportunity.company
    if company.logo_64:
        return (
            f'<img class="logo" src="{_e(company.logo_64.url)}" alt="" width="56" height="56"'
            ' loading="lazy">'
        )
    initial = _e(company.organisation.name[:1])
    return f'<span class="logo placeholder" aria-hidden="true">{initial}</span>'


def _place(opportunity: Opportunity) -> str:
    """The municipality, and how far it is from the place searched near."""
    name = opportunity.municipality.name
    distance = getattr(opportunity, "distance_km", None)
    if distance is None:
        return name
    return f"{name} ({_('%(km)s km') % {'km': floatformat(distance, 0)}})"


def _deadline(opportunity: Opportunity) -> str:
    deadline = opportunity.application_deadline
    if deadline is None:
        return ""
    return (
        f'<li>{_e(_("Apply by"))} <time datetime="{deadline.isoformat()}">'
        f"{_e(date_format(deadline))}</time></li>"
    )


def _badges(opportunity: Opportunity) -> list[str]:
    badges = [
        f'<span class="badge badge-kind">{_e(KINDS[opportunity.kind])}</span>',
        f'<span class="badge">{_e(LEVELS[opportunity.level])}</span>',
    ]
    if opportunity.remote_allowed:
        badges.append(f'<span class="badge">{_e(_("Remote possible"))}</span>')
    status = opportunity.status
    if status != Opportunity.Status.PUBLISHED:
        badges.append(f'<span class="badge status-{_e(status)}">{_e(STATUSES[status])}</span>')
    elif reason := opportunity.closed_reason:
        badges.append(
            f'<span class="badge status-closed" title="{_e(reason)}">'
            f"{_e(_('Closed for applications'))}</span>"
        )
    left = opportunity.places_left
    places = ngettext("%(counter)s place left", "%(counter)s places left", left)
    badges.append(
        f'<span class="badge {"badge-ok" if left else "badge-error"}">'
        f"{_e(places % {'counter': left})}</span>"
    )
    return badges

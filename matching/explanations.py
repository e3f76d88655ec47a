"""Matches and their absence in words, in the active language: "Same programme · 12 km · 2 of 3
STEM areas · covers all 8 places", and "No opportunity for programme EE within 30 km in weeks
10-16" with how many opportunities each hard filter removed.

The engine gives the facts (components, NoMatch); this module only phrases them, so the API and
the pages say the same.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.reference.models import EducationField, Occupation, Programme
from backend.reference.selectors import rows_by_code
from companies.models import Opportunity
from matching.engine import RequestIn, StudentIn
from matching.selectors import Unmatched

SEPARATOR = " · "
NEW_WITHIN_DAYS = 7


def sentence(components: Sequence[Mapping[str, Any]]) -> str:
    """Why a match fits, one short phrase per component that says something, in the order a
    counsellor weighs them: programme, distance, STEM areas, dates, places, freshness."""
    facts = {c["name"]: c["facts"] for c in components}
    parts = [phrase(facts[name]) for name, phrase in PHRASES if name in facts]
    text = SEPARATOR.join(part for part in parts if part)
    return text[:1].upper() + text[1:]


def _programme_phrase(facts: Mapping[str, Any]) -> str:
    """What the seeker shares with the opportunity, named: the occupation its programme leads
    to, the education field (ISCED-F names are published in English only)."""
    fit = facts.get("fit")
    if fit == "occupation":
        occupation = _name(Occupation, facts["occupation"])
        # A national programme by its code, one the school runs by its own name.
        programme = facts.get("programme")
        name = _name(Programme, programme) if programme else facts.get("own_programme")
        if name is None:
            return _("your programme leads to %(occupation)s") % {"occupation": occupation}
        return _("%(programme)s leads to %(occupation)s") % {
            "programme": name,
            "occupation": occupation,
        }
    if fit == "field":
        names = ", ".join(_name(EducationField, code) for code in facts["fields"])
        return _("same field of education: %(fields)s") % {"fields": names}
    if fit == "broad_field":
        names = ", ".join(_broad_field_name(code) for code in facts["broad_fields"])
        return _("same broad field of education: %(fields)s") % {"fields": names}
    return {
        "programme": _("same programme"),
        "any": _("open to any programme"),
    }.get(fit, "")


def _name(model: type[Programme | Occupation | EducationField], code: str) -> str:
    """The row's name in the active language; the code for a row this process has not read (a
    YH programme registered since it started)."""
    row = rows_by_code(model).get(code)
    return row.name if row is not None else code


def _broad_field_name(code: str) -> str:
    fields = rows_by_code(EducationField).values()
    return next((f.broad_name_en for f in fields if f.broad_code == code), code)


def _distance_phrase(facts: Mapping[str, Any]) -> str:
    if facts.get("remote"):
        return _("remote work possible")
    if facts.get("same_municipality"):
        return _("same municipality")
    return _("%(km)d km") % {"km": round(facts["km"])}


def _stem_phrase(facts: Mapping[str, Any]) -> str:
    wanted = facts.get("wanted", 0)
    if not wanted:
        return ""
    return ngettext(
        "%(shared)d of %(wanted)d STEM area", "%(shared)d of %(wanted)d STEM areas", wanted
    ) % {"shared": len(facts["shared"]), "wanted": wanted}


def _period_phrase(facts: Mapping[str, Any]) -> str:
    if facts.get("flexible"):
        return _("flexible period")
    if facts["days"] >= facts["of"]:
        return _("the whole period")
    return _("%(days)d of %(of)d days") % facts


def _places_phrase(facts: Mapping[str, Any]) -> str:
    covered, needed = facts["covered"], facts["needed"]
    if covered >= needed:
        return ngettext("covers the place", "covers all %(needed)d places", needed) % {
            "needed": needed
        }
    return _("%(covered)d of %(needed)d places") % facts


def _freshness_phrase(facts: Mapping[str, Any]) -> str:
    days = facts.get("days")
    return _("new") if days is not None and days <= NEW_WITHIN_DAYS else ""


PHRASES: tuple[tuple[str, Callable[[Mapping[str, Any]], str]], ...] = (
    ("programme_fit", _programme_phrase),
    ("distance", _distance_phrase),
    ("stem_overlap", _stem_phrase),
    ("period_overlap", _period_phrase),
    ("places_fit", _places_phrase),
    ("freshness", _freshness_phrase),
)


# --- no match --------------------------------------------------------------------------------


def empty_state(unmatched: Unmatched) -> dict[str, Any]:
    """A seeker's empty list explained: a headline and the funnel of the hard filters."""
    seeker, funnel = unmatched.seeker, unmatched.funnel
    message = _headline(seeker) if funnel.total else _("No opportunity is published yet.")
    removed = [
        {"filter": name, "count": count, "text": _removed_phrase(name, count, seeker)}
        for name, count in funnel.removed.items()
    ]
    return {
        "message": message,
        "total": funnel.total,
        "remaining": funnel.remaining,
        "removed": removed,
    }


def closed_request_state() -> dict[str, Any]:
    return _bare(_("This request is not open, so nothing is matched to it."))


def opportunity_empty_state(opportunity: Opportunity, *, matchable: bool) -> dict[str, Any]:
    """Why an opportunity has no request in its list."""
    if matchable:
        return _bare(_("No open request fits this opportunity right now."))
    if opportunity.hidden_at is not None:
        return _bare(_("A hidden opportunity is not matched."))
    if opportunity.status == Opportunity.Status.DRAFT:
        return _bare(_("A draft is not matched: publish it first."))
    if opportunity.status == Opportunity.Status.CLOSED:
        return _bare(_("A closed opportunity is not matched."))
    if opportunity.places_left == 0:
        return _bare(_("Every place is taken, so no request is matched."))
    return _bare(_("Opportunities are matched once the chamber has verified the company."))


def _bare(message: str) -> dict[str, Any]:
    return {"message": message, "total": None, "remaining": None, "removed": []}


def _headline(seeker: RequestIn | StudentIn) -> str:
    km = _radius(seeker)
    if isinstance(seeker, RequestIn):
        period = _period(seeker.period_start, seeker.period_end)
        if seeker.programme and km is not None:
            return _(
                "No opportunity for programme %(programme)s within %(km)d km in %(period)s."
            ) % {
                "programme": seeker.programme,
                "km": km,
                "period": period,
            }
        return _("No opportunity fits this request in %(period)s.") % {"period": period}
    if seeker.programme:
        return _("No opportunity for programme %(programme)s within %(km)d km.") % {
            "programme": seeker.programme,
            "km": km,
        }
    return _("No opportunity at your level within %(km)d km.") % {"km": km}


def _removed_phrase(name: str, count: int, seeker: RequestIn | StudentIn) -> str:
    values: dict[str, Any] = {"count": count, "programme": seeker.programme, "km": _radius(seeker)}
    if isinstance(seeker, RequestIn):
        values["period"] = _period(seeker.period_start, seeker.period_end)
    texts = {
        "kind": _("%(count)d of another kind"),
        "level": _("%(count)d at another level"),
        "programme": _programme_removed(seeker),
        "distance": _("%(count)d farther than %(km)d km")
        if values["km"] is not None
        else _("%(count)d outside the acceptable municipalities"),
        "period": _("%(count)d outside %(period)s"),
        "places": _("%(count)d with no free place"),
        "age": _("%(count)d require age 18"),
        "language": _("%(count)d in a language you did not list"),
    }
    return texts.get(name, "%(count)d") % values


def _programme_removed(seeker: RequestIn | StudentIn) -> str:
    if seeker.programme:
        return _("%(count)d not open to programme %(programme)s")
    if seeker.programme_fields:
        return _("%(count)d for other programmes, fields or occupations")
    return _("%(count)d only for the programmes they list")


def _radius(seeker: RequestIn | StudentIn) -> int | None:
    if isinstance(seeker, RequestIn):
        return None if seeker.max_distance_km is None else round(seeker.max_distance_km)
    return round(seeker.max_distance_km)


def _period(start: date | None, end: date | None) -> str:
    """ISO weeks ("weeks 10-16" with an en dash), or the dates when the period spans a year."""
    if start is None or end is None:
        return _("a flexible period")
    first, last = start.isocalendar(), end.isocalendar()
    if first.year != last.year:
        return f"{start.isoformat()}\N{EN DASH}{end.isoformat()}"
    if first.week == last.week:
        return _("week %(week)d") % {"week": first.week}
    weeks = _("weeks %(first)d–%(last)d")  # noqa: RUF001 - an en dash, as in print
    return weeks % {"first": first.week, "last": last.week}

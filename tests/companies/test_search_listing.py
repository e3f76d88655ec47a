"""A search by programme, place and period reads the search listing (companies/listings.py), a
copy of what it filters on: it finds the same opportunities in the same order, with the same
count, as the opportunities' own filters (opportunity_list), for a range of searches and after
every kind of write that changes what is public or what the search filters on."""

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse

from backend import moderation
from backend.accounts.actor import ANONYMOUS, actor_for
from backend.accounts.models import User
from backend.reference.models import EducationLevel, Programme
from companies import services
from companies.models import Opportunity, SearchListing
from companies.selectors import opportunity_list, opportunity_search
from frontend.forms.search import SearchForm
from tests.companies.factories import CompanyFactory, OpportunityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/opportunities/"
MARCH = {"period_from": "2027-03-01", "period_to": "2027-03-31"}
SEARCHES = [
    {"programme": "EE"},
    {"programme": "TE"},
    {"programme": "BA"},  # listed by nobody: those accepting any programme of its level
    {"programme": "EE", "near": "1980", "within_km": "10"},
    {"programme": "EE", "near": "1980", "within_km": "200"},
    {"programme": "EE", "near": "0180"},
    {"programme": "EE", **MARCH},
    {"programme": "EE", "period_from": "2027-05-01"},
    {"programme": "EE", "period_to": "2027-02-15"},
    {"programme": "EE", "near": "1980", "within_km": "100", **MARCH},
    {"programme": "EE", "open": "true"},
    {"programme": "EE", "near": "1980", "open": "true", "ordering": "distance"},
    {"programme": "TE", "near": "0180", "within_km": "50", "ordering": "-published"},
]


@pytest.fixture
def member(make_member, company):
    return actor_for(make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True))


@pytest.fixture
def moderator(make_member):
    return actor_for(make_member(User.Role.CHAMBER_STAFF))


@pytest.fixture
def world(company):
    """Opportunities that each search keeps or leaves for a different reason."""
    march = {"period_start": datetime.date(2027, 3, 1), "period_end": datetime.date(2027, 3, 28)}
    published = datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)
    rows = {
        "ee": dict(programmes=["EE"], **march),
        "ee_te": dict(programmes=["EE", "TE"], municipality_id="0180", **march),
        "any": {"accepts_any_programme": True},
        "any_and_ee": dict(accepts_any_programme=True, programmes=["EE"], **march),
        "university_any": {
            "thesis": True,
            "accepts_any_programme": True,
            "level": EducationLevel.UNIVERSITY,
        },
        "remote_far": {"programmes": ["EE"], "municipality_id": "2584", "remote_allowed": True},
        "far": {"programmes": ["EE"], "municipality_id": "2584"},
        "may": {
            "programmes": ["EE"],
            "period_start": datetime.date(2027, 5, 3),
            "period_end": datetime.date(2027, 6, 11),
        },
        "deadline_passed": {
            "programmes": ["EE"],
            "application_deadline": datetime.date(2026, 1, 10),
            "period_start": datetime.date(2026, 2, 1),
            "period_end": datetime.date(2026, 3, 1),
        },
        "full": {"programmes": ["EE"], "places": 1, "places_taken": 1},
        "draft": {"programmes": ["EE"], "draft": True},
        "closed": {"programmes": ["EE"], "closed": True},
        "hidden": {"programmes": ["EE"], "hidden": True},
        "same_time": {"programmes": ["EE"], "published_at": published},
        "same_time_too": {"programmes": ["EE"], "published_at": published},
    }
    found = {name: OpportunityFactory(company=company, **fields) for name, fields in rows.items()}
    found["unverified"] = OpportunityFactory(
        company=CompanyFactory(unverified=True), programmes=["EE"]
    )
    found["suspended"] = OpportunityFactory(
        company=CompanyFactory(suspended=True), programmes=["EE"]
    )
    return found


def _found(client, search: dict[str, str]) -> tuple[list[int], int]:
    """The API's ids over every page (two rows a page), and the count each page gives."""
    ids, counts, page = [], set(), 1
    while True:
        body = client.get(URL, {**search, "page_size": 2, "page": page}).json()
        ids += [row["id"] for row in body["results"]]
        counts.add(body["count"])
        if not body["next"]:
            return ids, counts.pop() if len(counts) == 1 else -1
        page += 1


def _assert_as_the_opportunities_filter(client) -> None:
    for search in SEARCHES:
        found = opportunity_search(actor=ANONYMOUS, filters=search)
        assert found.model is SearchListing, search
        expected = list(opportunity_list(actor=ANONYMOUS, filters=search).values_list("pk"))
        assert list(found) == expected, search
        expected = [pk for (pk,) in expected]
        assert _found(client, search) == (expected, len(expected)), search


def _ee(client) -> set[int]:
    return set(_found(client, {"programme": "EE"})[0])


def test_searches_find_what_the_opportunities_filters_find(client, world):
    _assert_as_the_opportunities_filter(client)
    found = _ee(client)
    assert {world[n].pk for n in ("ee", "ee_te", "any", "any_and_ee", "full")} <= found
    hidden = ("university_any", "draft", "closed", "hidden", "unverified", "suspended")
    assert not {world[name].pk for name in hidden} & found


def test_the_page_finds_the_same(client, world):
    """The search page: the open ones, nearest first, and how many."""
    query = {"programme": "EE", "near": "1980"}
    form = SearchForm(query)
    assert form.is_valid()
    assert opportunity_search(actor=ANONYMOUS, filters=form.filters()).model is SearchListing
    expected = [o.pk for o in opportunity_list(actor=ANONYMOUS, filters=form.filters())]
    assert len(expected) > 2
    html = client.get("/opportunities/", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    links = [html.index(f'href="{reverse("frontend:opportunity", args=[pk])}"') for pk in expected]
    assert links == sorted(links)
    assert f"{len(expected)} opportunities</strong>" in html
    assert (
        f'href="{reverse("frontend:opportunity", args=[world["deadline_passed"].pk])}"' not in html
    )


def _publish(world, member, moderator) -> tuple[Opportunity, bool]:
    services.opportunity_publish(actor=member, opportunity=world["draft"])
    return world["draft"], True


def _close(world, member, moderator) -> tuple[Opportunity, bool]:
    services.opportunity_close(actor=member, opportunity=world["ee"])
    return world["ee"], False


def _hide(world, member, moderator) -> tuple[Opportunity, bool]:
    moderation.posting_hide(actor=moderator, posting=world["ee"], reason="Saknar handledare.")
    return world["ee"], False


def _unhide(world, member, moderator) -> tuple[Opportunity, bool]:
    moderation.posting_unhide(actor=moderator, posting=world["hidden"])
    return world["hidden"], True


def _suspend(world, member, moderator) -> tuple[Opportunity, bool]:
    moderation.organisation_suspend(actor=moderator, organisation=world["ee"].company.organisation)
    return world["ee"], False


def _unsuspend(world, member, moderator) -> tuple[Opportunity, bool]:
    organisation = world["suspended"].company.organisation
    moderation.organisation_unsuspend(actor=moderator, organisation=organisation)
    return world["suspended"], True


def _verify(world, member, moderator) -> tuple[Opportunity, bool]:
    organisation = world["unverified"].company.organisation
    moderation.organisation_verify(actor=moderator, organisation=organisation)
    return world["unverified"], True


def _other_programme(world, member, moderator) -> tuple[Opportunity, bool]:
    te = Programme.objects.get(code="TE")
    services.opportunity_update(actor=member, opportunity=world["ee"], programmes=[te])
    return world["ee"], False


def _another_programme(world, member, moderator) -> tuple[Opportunity, bool]:
    programmes = Programme.objects.filter(code__in=["TE", "EE"])
    services.opportunity_update(actor=member, opportunity=world["may"], programmes=programmes)
    return world["may"], True


def _no_longer_any(world, member, moderator) -> tuple[Opportunity, bool]:
    services.opportunity_update(actor=member, opportunity=world["any"], accepts_any_programme=False)
    return world["any"], False


def _take_the_last_place(world, member, moderator) -> tuple[Opportunity, bool]:
    services.opportunity_take_places(opportunity_id=world["ee"].pk, count=2)
    return world["ee"], True  # still public: the open searches leave it now


def _moved_far(world, member, moderator) -> tuple[Opportunity, bool]:
    services.opportunity_update(
        actor=member, opportunity=world["ee"], municipality_id="2584", remote_allowed=False
    )
    return world["ee"], True


WRITES: dict[str, Callable] = {
    "publish": _publish,
    "close": _close,
    "hide": _hide,
    "unhide": _unhide,
    "suspend the company": _suspend,
    "unsuspend the company": _unsuspend,
    "verify the company": _verify,
    "change the programmes": _other_programme,
    "add a programme": _another_programme,
    "stop accepting any programme": _no_longer_any,
    "take the last places": _take_the_last_place,
    "move it": _moved_far,
}


@pytest.mark.parametrize("write", WRITES)
def test_after_a_write_searches_still_find_what_the_opportunities_filters_find(
    client, world, member, moderator, write
):
    changed, found_by_ee = WRITES[write](world, member, moderator)
    assert (changed.pk in _ee(client)) is found_by_ee
    _assert_as_the_opportunities_filter(client)


def test_the_admin_change_form_and_a_company_member_search_alike(client, world, member):
    """Saved without the services (the admin, fixtures), an opportunity's listing follows; a
    company member searches the opportunities themselves (their drafts too)."""
    world["may"].programmes.set(["TE"])
    Opportunity.objects.get(pk=world["far"].pk).save()
    _assert_as_the_opportunities_filter(client)
    assert opportunity_search(actor=member, filters={"programme": "EE"}).model is Opportunity

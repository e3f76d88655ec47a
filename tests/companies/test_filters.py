"""Every filter and ordering of /api/v1/opportunities/, with real municipality distances:
Örebro (1880) to Kumla (1881) 17 km, to Eskilstuna (0484) 74 km, to Västerås (1980) 84 km."""

from datetime import date

import pytest

from tests.companies.factories import CompanyFactory, OpportunityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/opportunities/"


@pytest.fixture
def anonymous(client_for):
    return client_for(None)


def ids(client, **params) -> list[int]:
    response = client.get(URL, {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def errors(client, **params) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    return response.json()


@pytest.fixture
def towns():
    """Opportunities in Örebro, Kumla, Eskilstuna and Västerås, and a remote one in Västerås."""
    return {
        "orebro": OpportunityFactory(municipality_id="1880"),
        "kumla": OpportunityFactory(municipality_id="1881"),
        "eskilstuna": OpportunityFactory(municipality_id="0484"),
        "vasteras": OpportunityFactory(municipality_id="1980"),
        "remote": OpportunityFactory(municipality_id="1980", remote_allowed=True),
    }


def test_near_keeps_what_is_within_the_distance_and_remote_places(anonymous, towns):
    pk = {name: o.pk for name, o in towns.items()}
    assert set(ids(anonymous, near="1880")) == {pk["orebro"], pk["kumla"], pk["remote"]}
    assert set(ids(anonymous, near="1880", within_km=80)) == {
        pk["orebro"], pk["kumla"], pk["eskilstuna"], pk["remote"]
    }  # fmt: skip
    assert set(ids(anonymous, near="1880", within_km=90)) == set(pk.values())
    assert set(ids(anonymous, near="1880", within_km=10)) == {pk["orebro"], pk["remote"]}


def test_ordering_by_distance_puts_remote_places_beyond_reach_last(anonymous, towns):
    order = ids(anonymous, near="1880", within_km=80, ordering="distance")
    names = {o.pk: name for name, o in towns.items()}
    assert [names[pk] for pk in order] == ["orebro", "kumla", "eskilstuna", "remote"]
    rows = anonymous.get(URL, {"near": "1880", "within_km": 80, "ordering": "distance"}).json()
    assert [row["distance_km"] for row in rows["results"]] == [0.0, 17.1, 74.3, None]
    reverse = ids(anonymous, near="1880", within_km=80, ordering="-distance")
    assert [names[pk] for pk in reverse] == ["eskilstuna", "kumla", "orebro", "remote"]


def test_municipality_and_county(anonymous, towns):
    assert ids(anonymous, municipality="1881") == [towns["kumla"].pk]
    assert set(ids(anonymous, county="18")) == {towns["orebro"].pk, towns["kumla"].pk}
    assert ids(anonymous, county="04") == [towns["eskilstuna"].pk]


def test_kind_and_level(anonymous):
    apl = OpportunityFactory()
    thesis = OpportunityFactory(thesis=True)
    gla = OpportunityFactory(apprenticeship=True)
    prao = OpportunityFactory(level="grundskola")
    assert ids(anonymous, kind="thesis") == [thesis.pk]
    assert ids(anonymous, kind="apprenticeship") == [gla.pk]
    assert set(ids(anonymous, level="gymnasium")) == {apl.pk, gla.pk}
    assert ids(anonymous, kind="internship", level="grundskola") == [prao.pk]


def test_programme_matches_listed_programmes_and_any_programme_of_its_level(anonymous):
    listed = OpportunityFactory(programmes=["EE", "IN"])
    any_gymnasium = OpportunityFactory(accepts_any_programme=True)
    any_university = OpportunityFactory(level="university", accepts_any_programme=True)
    OpportunityFactory(programmes=["BA"])
    assert set(ids(anonymous, programme="EE")) == {listed.pk, any_gymnasium.pk}
    assert any_university.pk not in ids(anonymous, programme="EE")


def test_stem_area_lists_each_opportunity_once(anonymous):
    both = OpportunityFactory(stem_areas=["defence", "electronics"])
    OpportunityFactory(stem_areas=["software"])
    assert ids(anonymous, stem_area="defence") == [both.pk]


def test_periods_overlap_and_flexible_periods_pass(anonymous):
    spring = OpportunityFactory(period_start=date(2027, 3, 1), period_end=date(2027, 4, 9))
    autumn = OpportunityFactory(period_start=date(2027, 9, 6), period_end=date(2027, 10, 29))
    flexible = OpportunityFactory()
    assert set(ids(anonymous, period_from="2027-04-01", period_to="2027-05-31")) == {
        spring.pk,
        flexible.pk,
    }
    assert set(ids(anonymous, period_from="2027-05-01")) == {autumn.pk, flexible.pk}
    assert set(ids(anonymous, period_to="2027-03-01")) == {spring.pk, flexible.pk}


def test_remote_language_free_places_and_company(anonymous, company):
    remote = OpportunityFactory(remote_allowed=True, speaks_english=True)
    full = OpportunityFactory(company=company, places=2, places_taken=2)
    english_only = OpportunityFactory(speaks_swedish=False, speaks_english=True)
    assert ids(anonymous, remote="true") == [remote.pk]
    assert set(ids(anonymous, language="en")) == {remote.pk, english_only.pk}
    assert english_only.pk not in ids(anonymous, language="sv")
    assert full.pk not in ids(anonymous, has_free_places="true")
    assert ids(anonymous, has_free_places="false") == [full.pk]
    assert ids(anonymous, company=company.pk) == [full.pk]


def test_status_filter_knows_filled(client_for, member, company):
    open_ = OpportunityFactory(company=company)
    full = OpportunityFactory(company=company, places=1, places_taken=1)
    draft = OpportunityFactory(company=company, draft=True)
    client = client_for(member)
    assert ids(client, status="filled") == [full.pk]
    assert ids(client, status="published") == [open_.pk]
    assert ids(client, status="draft") == [draft.pk]


def test_hidden_filter_for_moderators(client_for, chamber):
    hidden = OpportunityFactory(hidden=True)
    shown = OpportunityFactory()
    client = client_for(chamber)
    assert ids(client, hidden="true") == [hidden.pk]
    assert ids(client, hidden="false") == [shown.pk]


def test_text_search_covers_title_description_and_company_name(anonymous):
    by_title = OpportunityFactory(title="Svetsare till verkstaden")
    by_text = OpportunityFactory(description="Vi söker en svetsare till truckramar.")
    by_company = OpportunityFactory(company=CompanyFactory(organisation__name="Svetsare Nord AB"))
    OpportunityFactory(title="Mjukvaruutvecklare")
    # A whole word, so that PostgreSQL's Swedish full-text search and SQLite's fallback agree.
    assert set(ids(anonymous, q="svetsare")) == {by_title.pk, by_text.pk, by_company.pk}


def test_orderings(anonymous):
    early = OpportunityFactory(
        period_start=date(2027, 2, 1),
        period_end=date(2027, 3, 1),
        application_deadline=date(2027, 1, 10),
    )
    late = OpportunityFactory(
        period_start=date(2027, 9, 1),
        period_end=date(2027, 10, 1),
        application_deadline=date(2027, 6, 1),
    )
    flexible = OpportunityFactory()  # no period and no deadline: last either way
    assert ids(anonymous, ordering="deadline") == [early.pk, late.pk, flexible.pk]
    assert ids(anonymous, ordering="-deadline") == [late.pk, early.pk, flexible.pk]
    assert ids(anonymous, ordering="start") == [early.pk, late.pk, flexible.pk]
    assert ids(anonymous, ordering="-start") == [late.pk, early.pk, flexible.pk]
    assert ids(anonymous, ordering="published") == [early.pk, late.pk, flexible.pk]
    assert ids(anonymous, ordering="-published") == [flexible.pk, late.pk, early.pk]
    assert ids(anonymous) == [flexible.pk, late.pk, early.pk]  # newest first by default


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"programme": "XX"}, "programme"),
        ({"stem_area": "warp"}, "stem_area"),
        ({"municipality": "9999"}, "municipality"),
        ({"near": "9999"}, "near"),
        ({"within_km": "30"}, "within_km"),
        ({"near": "1880", "within_km": "-1"}, "within_km"),
        ({"near": "1880", "within_km": "far"}, "within_km"),
        ({"ordering": "distance"}, "ordering"),
        ({"ordering": "salary"}, "ordering"),
        ({"period_from": "2027-02-30"}, "period_from"),
        ({"period_to": "tomorrow"}, "period_to"),
        ({"period_from": "2027-05-01", "period_to": "2027-04-01"}, "period_to"),
        ({"county": "1"}, "county"),
        ({"kind": "job"}, "kind"),
        ({"level": "phd"}, "level"),
        ({"language": "de"}, "language"),
        ({"remote": "maybe"}, "remote"),
        ({"has_free_places": "yes"}, "has_free_places"),
        ({"company": "abc"}, "company"),
        ({"status": "secret"}, "status"),
    ],
)
def test_bad_values_are_400_naming_the_parameter(anonymous, params, field):
    body = errors(anonymous, **params)
    assert field in body, body
    assert body[field]


def test_unknown_parameters_are_ignored(anonymous):
    opportunity = OpportunityFactory()
    assert ids(anonymous, colour="blue", sort="x") == [opportunity.pk]


def test_the_owner_sees_drafts_first_then_the_newest(client_for, member, company):
    older = OpportunityFactory(company=company)
    newer = OpportunityFactory(company=company)
    draft = OpportunityFactory(company=company, draft=True)
    client = client_for(member)
    assert ids(client) == [draft.pk, newer.pk, older.pk]
    assert ids(client, ordering="-published") == [draft.pk, newer.pk, older.pk]
    assert ids(client, ordering="published") == [older.pk, newer.pk, draft.pk]

"""Hard filters and score components on hand-made pairs; bounds on random ones."""

import math
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import DEFAULT_WEIGHTS, failed_filter, score_pair, validate_weights
from matching.engine.scoring import DISTANCE_DECAY_KM
from tests.matching.engine.builders import (
    TODAY,
    WEEK_10,
    WEEK_16_END,
    at,
    opportunities,
    opportunity,
    request,
    requests,
    student,
    students,
)


def components_of(match: Any) -> dict[str, Any]:
    return {c.name: c for c in match.components}


@pytest.mark.parametrize(
    ("opportunity_changes", "request_changes", "failed"),
    [
        ({}, {}, None),
        ({"kind": "thesis"}, {}, "kind"),
        ({"level": "yrkeshogskola"}, {}, "level"),
        ({"programmes": frozenset({"TE"})}, {}, "programme"),
        ({"programmes": frozenset({"TE"}), "accepts_any_programme": True}, {}, None),
        ({}, {"programme": None}, "programme"),
        ({"accepts_any_programme": True}, {"programme": None}, None),
        # A university thesis for a detailed field, and a YH group that names only its field.
        ({"programmes": frozenset(), "fields": frozenset({"0714"})}, {"programme": None}, None),
        ({"programmes": frozenset(), "fields": frozenset({"0715"})}, {}, "programme"),
        # Only the same detailed field passes; a shared broad field is a score, not a filter.
        ({"programmes": frozenset({"TE"}), "fields": frozenset({"0713"})}, {}, None),
        # A programme that leads to the occupation fits an opportunity that names only that.
        (
            {"programmes": frozenset(), "occupation": "7411"},
            {"occupations": frozenset({"7411"})},
            None,
        ),
        (
            {"programmes": frozenset(), "occupation": "7411"},
            {"occupations": frozenset()},
            "programme",
        ),
        (at("1880"), {}, "distance"),  # Örebro is 84 km from Västerås
        (at("1880"), {"max_distance_km": 100}, None),
        (at("1880"), {"acceptable_municipalities": frozenset({"1880"})}, None),
        ({**at("1880"), "remote_allowed": True}, {}, None),
        (at("1984"), {"max_distance_km": None}, "distance"),
        ({}, {"max_distance_km": None}, None),  # the same municipality
        ({"period_start": WEEK_16_END + timedelta(days=1)}, {}, "period"),
        ({"period_end": WEEK_10 - timedelta(days=1)}, {}, "period"),
        ({"period_start": WEEK_16_END, "period_end": WEEK_16_END + timedelta(9)}, {}, None),
        ({"period_start": None, "period_end": None}, {}, None),
        ({"places_free": 0}, {}, "places"),
        ({}, {"places_needed_open": 0}, "places"),
        ({"min_age_18": True}, {"under_18": True}, "age"),
        ({"min_age_18": True}, {}, None),
    ],
)
def test_request_hard_filters(
    opportunity_changes: dict[str, Any], request_changes: dict[str, Any], failed: str | None
) -> None:
    pair = (request(**request_changes), opportunity(**opportunity_changes))

    assert failed_filter(*pair) == failed
    assert (score_pair(*pair, today=TODAY) is None) == (failed is not None)


@pytest.mark.parametrize(
    ("opportunity_changes", "student_changes", "failed"),
    [
        ({}, {}, None),
        ({"kind": "apprenticeship"}, {}, None),  # students look at every kind
        ({"level": "university"}, {}, "level"),
        ({"programmes": frozenset({"TE"})}, {}, "programme"),
        (at("1880"), {}, "distance"),  # 84 km, above the default 50
        (at("0484"), {}, None),  # Eskilstuna, 27 km
        ({"places_free": 0}, {}, "places"),
        ({"min_age_18": True}, {"under_18": True}, "age"),
        ({"languages": frozenset({"sv"})}, {"languages": frozenset({"en"})}, "language"),
        ({"languages": frozenset({"sv", "en"})}, {"languages": frozenset({"en"})}, None),
        ({"languages": frozenset({"sv"})}, {}, None),
    ],
)
def test_student_hard_filters(
    opportunity_changes: dict[str, Any], student_changes: dict[str, Any], failed: str | None
) -> None:
    assert failed_filter(student(**student_changes), opportunity(**opportunity_changes)) == failed


@pytest.mark.parametrize(
    ("changes", "value", "facts"),
    [
        ({}, 1.0, {"fit": "programme", "programme": "EE"}),
        (
            {"programmes": frozenset({"TE"}), "programme_fields": frozenset({"0714"})}
            | {"accepts_any_programme": True},
            0.8,
            {"fit": "field", "fields": ["0714"]},
        ),
        (
            {"programmes": frozenset(), "programme_fields": frozenset(), "occupation": "7411"},
            0.9,
            {"fit": "occupation", "programme": "EE", "occupation": "7411"},
        ),
        (
            {"programmes": frozenset(), "programme_fields": frozenset()}
            | {"fields": frozenset({"0714", "0613"})},
            0.8,
            {"fit": "field", "fields": ["0714"]},
        ),
        (
            {"programmes": frozenset(), "programme_fields": frozenset()}
            | {"fields": frozenset({"0715"}), "accepts_any_programme": True},
            0.6,
            {"fit": "broad_field", "broad_fields": ["07"]},
        ),
        (
            {"programmes": frozenset(), "programme_fields": frozenset()}
            | {"accepts_any_programme": True},
            0.5,
            {"fit": "any"},
        ),
    ],
)
def test_programme_fit(changes: dict[str, Any], value: float, facts: dict[str, Any]) -> None:
    seeker = request(occupations=frozenset({"7411"}))
    match = score_pair(seeker, opportunity(**changes), today=TODAY)

    fit = components_of(match)["programme_fit"]
    assert (fit.value, fit.facts) == (value, facts)


def test_stem_overlap_is_shared_over_wanted() -> None:
    wanted = frozenset({"automation", "defence", "electrification"})
    match = score_pair(request(stem_areas=wanted), opportunity(), today=TODAY)

    overlap = components_of(match)["stem_overlap"]
    assert overlap.value == pytest.approx(2 / 3)
    assert overlap.facts == {"shared": ["automation", "electrification"], "wanted": 3}


def test_stem_overlap_is_neutral_when_nothing_is_wanted() -> None:
    match = score_pair(request(stem_areas=frozenset()), opportunity(), today=TODAY)

    assert components_of(match)["stem_overlap"].value == 0.5


def test_distance_is_one_in_the_same_municipality() -> None:
    distance = components_of(score_pair(request(), opportunity(), today=TODAY))["distance"]

    assert distance.value == 1.0
    assert distance.facts == {"km": 0.0, "same_municipality": True, "remote": False}


def test_distance_orebro_vasteras() -> None:
    pair = (request(max_distance_km=100), opportunity(**at("1880")))

    distance = components_of(score_pair(*pair, today=TODAY))["distance"]

    assert distance.facts["km"] == pytest.approx(84, abs=1)
    assert distance.value == pytest.approx(
        math.exp(-distance.facts["km"] / DISTANCE_DECAY_KM), 1e-3
    )


def test_distance_of_remote_work_is_one() -> None:
    pair = (request(), opportunity(remote_allowed=True, **at("1880")))

    distance = components_of(score_pair(*pair, today=TODAY))["distance"]

    assert distance.value == 1.0
    assert distance.facts["remote"] is True


def test_period_overlap_is_the_share_of_the_request() -> None:
    half = opportunity(period_start=WEEK_10 + timedelta(days=24), period_end=WEEK_16_END)

    period = components_of(score_pair(request(), half, today=TODAY))["period_overlap"]

    assert period.value == pytest.approx(25 / 49)
    assert period.facts == {"days": 25, "of": 49}


def test_flexible_period_overlaps_fully() -> None:
    flexible = opportunity(period_start=None, period_end=None)

    period = components_of(score_pair(request(), flexible, today=TODAY))["period_overlap"]

    assert (period.value, period.facts) == (1.0, {"flexible": True})


def test_places_fit() -> None:
    match = score_pair(request(), opportunity(places_free=3), today=TODAY)

    places = components_of(match)["places_fit"]
    assert (places.value, places.facts) == (3 / 8, {"covered": 3, "needed": 8})


@pytest.mark.parametrize(("days", "value"), [(0, 1.0), (30, 0.5), (60, 0.25), (-3, 1.0)])
def test_freshness_halves_every_30_days(days: int, value: float) -> None:
    published = opportunity(published_on=TODAY - timedelta(days=days))

    freshness = components_of(score_pair(request(), published, today=TODAY))["freshness"]

    assert freshness.value == pytest.approx(value)
    assert freshness.facts == {"days": max(days, 0)}


def test_unknown_publication_is_neutral() -> None:
    match = score_pair(request(), opportunity(published_on=None), today=TODAY)

    assert components_of(match)["freshness"].value == 0.5


def test_match_names_its_sides_and_components() -> None:
    for_request = score_pair(request(), opportunity(), today=TODAY)
    for_student = score_pair(student(), opportunity(), today=TODAY)

    assert (for_request.request_id, for_request.student_id) == ("r1", None)
    assert (for_student.request_id, for_student.student_id) == (None, "s1")
    assert set(components_of(for_request)) == set(DEFAULT_WEIGHTS)
    assert set(components_of(for_student)) == set(DEFAULT_WEIGHTS) - {
        "period_overlap",
        "places_fit",
    }


def test_a_perfect_pair_scores_one() -> None:
    match = score_pair(request(stem_areas=frozenset({"automation"})), opportunity(), today=TODAY)

    assert match.score == 1.0


@pytest.mark.parametrize(
    "weights",
    [
        {},
        {**DEFAULT_WEIGHTS, "distance": -1.0},
        {**DEFAULT_WEIGHTS, "charm": 1.0},
        dict.fromkeys(DEFAULT_WEIGHTS, 0.0),
        {**DEFAULT_WEIGHTS, "distance": math.nan},
    ],
)
def test_bad_weights_are_refused(weights: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="weights"):
        validate_weights(weights)


weights_strategy = st.fixed_dictionaries(
    {name: st.floats(0, 10) for name in DEFAULT_WEIGHTS}
).filter(lambda w: sum(w.values()) > 0)


@settings(max_examples=300, deadline=None)
@given(
    seeker=requests() | students(),
    candidate=opportunities(),
    weights=weights_strategy,
)
def test_scores_and_components_stay_in_the_unit_interval(seeker, candidate, weights) -> None:
    match = score_pair(seeker, candidate, weights=weights, today=TODAY)

    if match is None:
        assert failed_filter(seeker, candidate) is not None
        return
    assert 0.0 <= match.score <= 1.0
    for component in match.components:
        assert 0.0 <= component.value <= 1.0
        assert component.facts
        assert component.weight == weights[component.name]
    total = sum(c.weight for c in match.components)
    if total:
        expected = sum(c.weight * c.value for c in match.components) / total
        assert match.score == pytest.approx(expected)


@settings(max_examples=300, deadline=None)
@given(seeker=requests() | students(), candidate=opportunities())
def test_programme_fit_names_what_the_pair_shares(seeker, candidate) -> None:
    """The fit is the most specific thing the pair shares, and its facts name it: the
    programme, the occupation the programme leads to, the detailed or broad ISCED field; a
    looser fit than a named field or occupation only where the opportunity takes any programme."""
    match = score_pair(seeker, candidate, today=TODAY)
    if match is None:
        return
    facts = components_of(match)["programme_fit"].facts
    offered = candidate.fields | candidate.programme_fields
    fit = facts["fit"]
    if fit == "programme":
        assert facts["programme"] == seeker.programme in candidate.programmes
    elif fit == "occupation":
        assert seeker.programme not in candidate.programmes
        assert facts["programme"] == seeker.programme
        assert facts.get("own_programme") == (
            None if seeker.programme else getattr(seeker, "own_programme", None)
        )
        assert facts["occupation"] == candidate.occupation in seeker.occupations
    elif fit == "field":
        assert set(facts["fields"]) == seeker.programme_fields & offered != set()
    else:
        assert candidate.accepts_any_programme
        assert not seeker.programme_fields & offered
        if fit == "broad_field":
            assert facts["broad_fields"]
            assert all(any(f.startswith(b) for f in offered) for b in facts["broad_fields"])
        else:
            assert fit == "any"

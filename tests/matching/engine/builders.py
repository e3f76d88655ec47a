"""Engine inputs for tests: hand-made defaults (a Västerås APL request, weeks 10-16 of 2026, and
an opportunity that fits it) and hypothesis strategies for small random instances."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from matching.engine import OpportunityIn, RequestIn, StudentIn

TODAY = date(2026, 2, 20)
WEEK_10 = date(2026, 3, 2)
WEEK_16_END = date(2026, 4, 19)

# Seats from backend/reference/data/municipalities.csv.
SEATS = {
    "1880": (59.27526, 15.21341),  # Örebro
    "1881": (59.12654, 15.14011),  # Kumla
    "1885": (59.59161, 15.22900),  # Lindesberg
    "1980": (59.60990, 16.54481),  # Västerås
    "1983": (59.51667, 15.98333),  # Köping
    "1984": (59.39369, 15.83817),  # Arboga
    "0484": (59.37125, 16.50980),  # Eskilstuna
    "0180": (59.32932, 18.06858),  # Stockholm
}


def at(code: str) -> dict[str, Any]:
    """The location fields of a seeker or opportunity in municipality `code`."""
    lat, lon = SEATS[code]
    return {"municipality": code, "lat": lat, "lon": lon}


def opportunity(**changes: Any) -> OpportunityIn:
    base = OpportunityIn(
        id="o1",
        kind="internship",
        level="gymnasium",
        programmes=frozenset({"EE"}),
        programme_fields=frozenset({"0713", "0714"}),
        accepts_any_programme=False,
        stem_areas=frozenset({"automation", "electrification"}),
        remote_allowed=False,
        period_start=WEEK_10,
        period_end=WEEK_16_END,
        places_free=8,
        published_on=TODAY,
        **at("1980"),
    )
    return replace(base, **changes)


def request(**changes: Any) -> RequestIn:
    base = RequestIn(
        id="r1",
        kind="internship",
        level="gymnasium",
        programme="EE",
        programme_fields=frozenset({"0713", "0714"}),
        places_needed_open=8,
        period_start=WEEK_10,
        period_end=WEEK_16_END,
        max_distance_km=30,
        stem_areas=frozenset({"automation"}),
        **at("1980"),
    )
    return replace(base, **changes)


def student(**changes: Any) -> StudentIn:
    base = StudentIn(
        id="s1",
        level="gymnasium",
        programme="EE",
        programme_fields=frozenset({"0713", "0714"}),
        stem_interests=frozenset({"automation"}),
        **at("1980"),
    )
    return replace(base, **changes)


KINDS = ["internship", "thesis"]
LEVELS = ["gymnasium", "university"]
PROGRAMMES = ["EE", "TE", "IN"]
FIELDS = {"EE": "0713", "TE": "0714", "IN": "0714"}
# Named fields: two in broad field 07 with the programmes', one in 06 (ICT).
NAMED_FIELDS = ["0713", "0715", "0613"]
# SSYK 2012 unit groups: 7411 Installationselektriker, 3113 Elingenjörer och eltekniker.
OCCUPATIONS = ["7411", "3113"]
LEADS_TO = {"EE": frozenset({"7411", "3113"}), "TE": frozenset({"3113"}), "IN": frozenset()}
AREAS = ["automation", "defence", "energy"]


def _fields(programmes: frozenset[str]) -> frozenset[str]:
    return frozenset(FIELDS[p] for p in programmes)


def _leads_to(programme: str | None) -> frozenset[str]:
    return LEADS_TO[programme] if programme else frozenset()


@st.composite
def periods(draw: st.DrawFn, *, flexible: bool = True) -> tuple[date | None, date | None]:
    if flexible and draw(st.booleans()):
        return None, None
    start = TODAY + timedelta(days=draw(st.integers(0, 60)))
    return start, start + timedelta(days=draw(st.integers(0, 40)))


@st.composite
def opportunities(draw: st.DrawFn, id: str = "o") -> OpportunityIn:
    programmes = frozenset(draw(st.sets(st.sampled_from(PROGRAMMES), max_size=2)))
    start, end = draw(periods())
    published = draw(st.none() | st.integers(-5, 200).map(lambda d: TODAY - timedelta(days=d)))
    return OpportunityIn(
        id=id,
        kind=draw(st.sampled_from(KINDS)),
        level=draw(st.sampled_from(LEVELS)),
        programmes=programmes,
        programme_fields=_fields(programmes),
        accepts_any_programme=draw(st.booleans()),
        stem_areas=frozenset(draw(st.sets(st.sampled_from(AREAS)))),
        remote_allowed=draw(st.integers(0, 4)) == 0,
        period_start=start,
        period_end=end,
        places_free=draw(st.integers(0, 3)),
        min_age_18=draw(st.booleans()),
        published_on=published,
        languages=frozenset(draw(st.sets(st.sampled_from(["sv", "en"])))),
        fields=frozenset(draw(st.sets(st.sampled_from(NAMED_FIELDS), max_size=2))),
        occupation=draw(st.none() | st.sampled_from(OCCUPATIONS)),
        **at(draw(st.sampled_from(sorted(SEATS)))),
    )


@st.composite
def requests(draw: st.DrawFn, id: str = "r") -> RequestIn:
    programme = draw(st.none() | st.sampled_from(PROGRAMMES))
    start, end = draw(periods(flexible=False))
    return RequestIn(
        id=id,
        kind=draw(st.sampled_from(KINDS)),
        level=draw(st.sampled_from(LEVELS)),
        programme=programme,
        programme_fields=_fields(frozenset({programme} - {None}))
        | frozenset(draw(st.sets(st.sampled_from(NAMED_FIELDS), max_size=1))),
        occupations=_leads_to(programme),
        places_needed_open=draw(st.integers(0, 4)),
        period_start=start,
        period_end=end,
        max_distance_km=draw(st.sampled_from([None, 20.0, 60.0, 84.0, 120.0, 500.0])),
        acceptable_municipalities=frozenset(draw(st.sets(st.sampled_from(sorted(SEATS))))),
        stem_areas=frozenset(draw(st.sets(st.sampled_from(AREAS)))),
        under_18=draw(st.booleans()),
        **at(draw(st.sampled_from(sorted(SEATS)))),
    )


@st.composite
def students(draw: st.DrawFn, id: str = "s") -> StudentIn:
    programme = draw(st.none() | st.sampled_from(PROGRAMMES))
    return StudentIn(
        id=id,
        level=draw(st.sampled_from(LEVELS)),
        programme=programme,
        programme_fields=_fields(frozenset({programme} - {None}))
        | frozenset(draw(st.sets(st.sampled_from(NAMED_FIELDS), max_size=1))),
        # Without a national programme: perhaps one the school runs, leading to an occupation.
        occupations=_leads_to(programme)
        or frozenset(draw(st.sets(st.sampled_from(OCCUPATIONS), max_size=1))),
        own_programme=None if programme else draw(st.none() | st.just("Automationsingenjör")),
        max_distance_km=draw(st.sampled_from([0.0, 30.0, 50.0, 100.0])),
        stem_interests=frozenset(draw(st.sets(st.sampled_from(AREAS)))),
        under_18=draw(st.booleans()),
        adult_from=draw(st.none() | st.integers(0, 90).map(lambda d: TODAY + timedelta(days=d))),
        languages=frozenset(draw(st.sets(st.sampled_from(["sv", "en"])))),
        **at(draw(st.sampled_from(sorted(SEATS)))),
    )


def numbered(strategy: Any, prefix: str, max_size: int) -> st.SearchStrategy:
    """A list of up to `max_size` items from `strategy(id=...)`, with ids prefix0, prefix1, ..."""
    return st.integers(0, max_size).flatmap(
        lambda n: st.tuples(*(strategy(id=f"{prefix}{i}") for i in range(n))).map(list)
    )


def random_opportunity(rng: Any, id: str) -> OpportunityIn:
    """An opportunity drawn with a seeded `random.Random`, for instances larger than hypothesis
    builds quickly."""
    programmes = frozenset(rng.sample(PROGRAMMES, rng.randint(0, 2)))
    start = TODAY + timedelta(days=rng.randint(0, 60))
    flexible = rng.random() < 0.3
    return opportunity(
        id=id,
        kind=rng.choice(KINDS),
        level=rng.choice(LEVELS),
        programmes=programmes,
        programme_fields=_fields(programmes),
        accepts_any_programme=rng.random() < 0.3,
        stem_areas=frozenset(rng.sample(AREAS, rng.randint(0, 3))),
        remote_allowed=rng.random() < 0.1,
        period_start=None if flexible else start,
        period_end=None if flexible else start + timedelta(days=rng.randint(0, 40)),
        places_free=rng.randint(0, 3),
        min_age_18=rng.random() < 0.2,
        fields=frozenset(rng.sample(NAMED_FIELDS, rng.randint(0, 1))),
        occupation=rng.choice([None, None, *OCCUPATIONS]),
        **at(rng.choice(sorted(SEATS))),
    )


def random_request(rng: Any, id: str) -> RequestIn:
    programme = rng.choice([*PROGRAMMES, None])
    start = TODAY + timedelta(days=rng.randint(0, 60))
    return request(
        id=id,
        kind=rng.choice(KINDS),
        level=rng.choice(LEVELS),
        programme=programme,
        programme_fields=_fields(frozenset({programme} - {None})),
        occupations=_leads_to(programme),
        places_needed_open=rng.randint(0, 4),
        period_start=start,
        period_end=start + timedelta(days=rng.randint(0, 40)),
        max_distance_km=rng.choice([None, 20.0, 60.0, 84.0, 120.0]),
        acceptable_municipalities=frozenset(rng.sample(sorted(SEATS), rng.randint(0, 2))),
        stem_areas=frozenset(rng.sample(AREAS, rng.randint(0, 3))),
        under_18=rng.random() < 0.5,
        **at(rng.choice(sorted(SEATS))),
    )

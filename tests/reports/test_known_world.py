"""A world with known counts, checked figure by figure against sums worked out here from the
rows alone (no code shared with the reports): the API, the page's headline figures, the tables'
totals and every value on the map, page and API agreeing.

Today is 2026-03-15: VT2026 has begun; HT2026, VT2027 and HT2027 are ahead (planned).
"""

import re
from collections import defaultdict
from datetime import date
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from backend.reference.models import Municipality
from backend.reports.models import PlacementTally
from backend.reports.services import placement_tally_rebuild
from matching.agreements.models import HandledareEvaluation
from matching.models import Match, Thread
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.matching.factories import PlacementFactory
from tests.schools.factories import PlacementRequestFactory, SchoolFactory, programme

TODAY = date(2026, 3, 15)
STEM_PROGRAMMES = {"EE", "TE", "BA", "IN", "NA", "FT", "VF"}
# opportunity: municipality, programme, STEM areas, places, kind
OPPORTUNITIES = {
    "oE": ("1880", "EE", ["electrification"], 6, "internship"),
    "oH": ("1907", "FR", [], 2, "internship"),
    "oT": ("1980", "HT", [], 4, "internship"),
    "oG": ("1881", "EE", ["energy"], 3, "apprenticeship"),
    "oS": ("0180", "EE", [], 5, "internship"),  # Stockholm: outside the chamber's region
}
# placement: opportunity, programme (None: not stated), start, students, status, gender
PLACEMENTS = [
    ("oE", "EE", date(2025, 9, 1), 3, "confirmed", ""),
    ("oE", "EE", date(2026, 2, 10), 1, "completed", "female"),
    ("oH", "FR", date(2025, 10, 1), 2, "confirmed", ""),
    ("oT", "HT", date(2026, 1, 20), 4, "confirmed", ""),
    ("oT", None, date(2026, 2, 1), 2, "confirmed", ""),
    ("oG", "EE", date(2026, 8, 20), 1, "confirmed", "male"),
    ("oE", "EE", date(2027, 1, 15), 5, "confirmed", ""),
    ("oE", "EE", date(2025, 11, 1), 4, "cancelled", ""),
    ("oS", "EE", date(2025, 9, 1), 6, "confirmed", ""),
    ("oE", "TE", date(2024, 9, 10), 2, "completed", "other"),
    ("oH", "FR", date(2027, 8, 30), 2, "confirmed", ""),
]
# request: programme, municipality, places needed, places filled, status
REQUESTS = [
    ("EE", "1880", 10, 3, "open"),
    ("FR", "1907", 5, 0, "open"),
    ("HT", "1980", 2, 2, "filled"),
    ("BA", "1881", 3, 0, "open"),
    ("EE", "1880", 4, 0, "closed"),
    ("EE", "0180", 6, 0, "open"),
    ("NA", "1814", 2, 0, "open"),
    # Surahammar asks for more than it is offered on eleven more programmes: the gaps table
    # has more than ten rows, and Surahammar's gap is the sum of all of them.
    *[
        (code, "1907", n + 1, 0, "open")
        for n, code in enumerate(["BF", "FT", "FS", "HA", "HV", "IN", "NB", "RL", "VF", "VO", "SA"])
    ],
]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: TODAY if value is None else real(value, timezone),
    )


@pytest.fixture
def world(db):
    member = CompanyFactory(sector_id="C", is_chamber_member=True)
    other = CompanyFactory(sector_id="G", is_chamber_member=False)
    opportunities = {
        name: OpportunityFactory(
            company=member if name in ("oE", "oG") else other,
            municipality_id=municipality,
            programmes=[code],
            stem_areas=areas,
            places=places,
            apprenticeship=kind == "apprenticeship",
        )
        for name, (municipality, code, areas, places, kind) in OPPORTUNITIES.items()
    }
    schools = [SchoolFactory(), SchoolFactory()]
    placements = [
        PlacementFactory(
            opportunity=opportunities[name],
            school=schools[0],
            programme=programme(code) if code else None,
            start_date=start,
            end_date=start,
            students_count=students,
            status=status,
            student_gender=gender,
            completed_at=timezone.now() if status == "completed" else None,
            cancelled_at=timezone.now() if status == "cancelled" else None,
        )
        for name, code, start, students, status, gender in PLACEMENTS
    ]
    requests = [
        PlacementRequestFactory(
            school=schools[n % 2],
            programme=programme(code),
            municipality_id=municipality,
            places_needed=needed,
            places_filled=filled,
            status=status,
            closed_at=timezone.now() if status == "closed" else None,
        )
        for n, (code, municipality, needed, filled, status) in enumerate(REQUESTS)
    ]
    # Handledare evaluations: one would host again, one would not.
    for placement, again in ((placements[1], True), (placements[9], False)):
        HandledareEvaluation.objects.create(
            placement=placement,
            attendance="full",
            strengths="Noggrann.",
            would_host_again=again,
            signed_off_by_name="Eva Handledare",
        )
    # The first request has a match; two schools asked the member company.
    Match.objects.create(
        request=requests[0], opportunity=opportunities["oE"], score=0.9, computed_at=timezone.now()
    )
    Thread.objects.create(request=requests[0], company=member)
    Thread.objects.create(request=requests[1], company=member)
    return {"member": member}


# The counts, worked out from the rows above.


def _region() -> set[str]:
    return set(Municipality.objects.filter(in_region=True).values_list("code", flat=True))


def _counted(region: set[str]) -> list[tuple]:
    return [
        row for row in PLACEMENTS if row[4] != "cancelled" and OPPORTUNITIES[row[0]][0] in region
    ]


def _term(day: date) -> str:
    return f"HT{day.year}" if day.month >= 7 else f"VT{day.year}"


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def _expected(region: set[str]) -> dict:
    counted = _counted(region)
    students = sum(row[3] for row in counted)
    stated = sum(row[3] for row in counted if row[1])
    stem = sum(row[3] for row in counted if row[1] in STEM_PROGRAMMES)
    content = sum(row[3] for row in counted if OPPORTUNITIES[row[0]][2])
    requests = [row for row in REQUESTS if row[4] != "closed" and row[1] in region]
    offered: dict[tuple, int] = defaultdict(int)
    for municipality, code, _areas, places, _kind in OPPORTUNITIES.values():
        if municipality in region:
            offered[(code, municipality)] += places
    asked: dict[tuple, int] = defaultdict(int)
    for code, municipality, needed, _filled, _status in requests:
        asked[(code, municipality)] += needed
    gaps = {
        key: asked[key] - offered.get(key, 0) for key in asked if asked[key] > offered.get(key, 0)
    }
    gap_by_municipality: dict[str, int] = defaultdict(int)
    for (_code, municipality), gap in gaps.items():
        gap_by_municipality[municipality] += gap
    terms: dict[str, int] = defaultdict(int)
    for row in counted:
        terms[_term(row[2])] += row[3]
    placed_by_municipality: dict[str, int] = defaultdict(int)
    for row in counted:
        placed_by_municipality[OPPORTUNITIES[row[0]][0]] += row[3]
    return {
        "students": students,
        "planned": sum(row[3] for row in counted if row[2] > TODAY),
        "stated": stated,
        "stem": stem,
        "stem_percent": _percent(stem, stated),
        "stem_content_percent": _percent(content, students),
        "offered": sum(offered.values()),
        "requested": sum(row[2] for row in requests),
        "filled": sum(row[3] for row in requests),
        "coverage_percent": _percent(
            sum(row[3] for row in requests), sum(row[2] for row in requests)
        ),
        "gaps": gaps,
        "gap_by_municipality": dict(gap_by_municipality),
        "terms": dict(terms),
        "placed_by_municipality": dict(placed_by_municipality),
        "offered_by_municipality": _by_municipality(offered),
        "requested_by_municipality": _by_municipality(asked),
    }


def _by_municipality(sums: dict[tuple, int]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for (_code, municipality), n in sums.items():
        out[municipality] += n
    return dict(out)


def test_the_api_gives_the_counts_of_the_rows(staff_client, world):
    expected = _expected(_region())
    placements = staff_client.get("/api/v1/reports/placements/", {"group_by": "programme"}).json()
    assert placements["total"] == expected["students"]
    assert sum(row["count"] for row in placements["groups"]) == expected["students"]
    not_stated = [row["count"] for row in placements["groups"] if row["programme"] is None]
    assert not_stated == [2]
    assert placements["coverage"][0]["known"] == expected["stated"]

    stem = staff_client.get("/api/v1/reports/stem-share/").json()["total"]
    assert stem["count"] == expected["students"]
    assert stem["stated"] == expected["stated"]
    assert stem["stem"] == expected["stem"]
    assert stem["stem_percent"] == expected["stem_percent"]
    assert stem["stem_content_percent"] == expected["stem_content_percent"]
    # Hairdressing and hotel students are not STEM, whatever the opportunity offers.
    by_programme = staff_client.get("/api/v1/reports/stem-share/", {"group_by": "programme"})
    shares = {row["programme"]: row["stem_percent"] for row in by_programme.json()["groups"]}
    assert shares["FR"] == 0.0
    assert shares["HT"] == 0.0
    assert shares["EE"] == 100.0

    supply = staff_client.get("/api/v1/reports/supply-demand/", {"group_by": "municipality"})
    total = supply.json()["total"]
    assert total["offered"] == expected["offered"]
    assert total["requested"] == expected["requested"]
    assert total["filled"] == expected["filled"]
    assert total["coverage_percent"] == expected["coverage_percent"]
    assert total["confirmed"] == expected["students"]

    gaps = staff_client.get("/api/v1/reports/gaps/").json()
    assert len(gaps["groups"]) == len(expected["gaps"]) > 10
    assert {(g["programme"], g["municipality"]): g["gap"] for g in gaps["groups"]} == expected[
        "gaps"
    ]
    assert gaps["total"]["gap"] == sum(expected["gaps"].values())

    trend = staff_client.get("/api/v1/reports/trend/").json()
    counts = {row["term"]: row["count"] for row in trend["groups"] if row["count"]}
    assert counts == expected["terms"]
    planned = {row["term"] for row in trend["groups"] if row["future"]}
    assert planned == {"HT2026", "VT2027", "HT2027"}
    assert trend["total"]["planned"] == expected["planned"]


def test_gender_coverage_is_said(staff_client, world):
    body = staff_client.get("/api/v1/reports/gender/").json()
    in_stem = [row for row in _counted(_region()) if row[1] in STEM_PROGRAMMES]
    known = sum(row[3] for row in in_stem if row[5])
    coverage = body["coverage"][0]
    # Every cell is under 5, so the total is withheld, and the count stated with it.
    assert body["total"] is None
    assert coverage["known"] is None
    assert coverage["total"] == sum(row[3] for row in in_stem)
    assert coverage["percent"] == round(100 * known / coverage["total"])


def test_evaluations_and_companies(staff_client, world):
    body = staff_client.get("/api/v1/reports/companies/").json()
    rows = {row["company"]: row for row in body["groups"]}
    member = rows[world["member"].pk]
    hosted = [row for row in _counted(_region()) if row[0] in ("oE", "oG")]
    assert member["students"] == sum(row[3] for row in hosted)
    assert member["placements"] == len(hosted)
    assert (member["evaluations"], member["would_host_again"]) == (2, 1)
    assert body["total"]["would_host_again_percent"] == 50.0

    asked = staff_client.get("/api/v1/reports/companies-in-demand/").json()["groups"]
    assert [(row["company"], row["schools"]) for row in asked] == [(world["member"].pk, 2)]

    unmet = staff_client.get("/api/v1/reports/unmet-demand/").json()
    # Every active request in the region but the first (which has a match).
    requests = [r for r in REQUESTS[1:] if r[4] != "closed" and r[1] in _region()]
    assert unmet["total"]["places"] == sum(r[2] for r in requests)


def _page(client: Client, **params) -> str:
    return unescape(client.get("/reports/", params).content.decode())


def _kpis(page: str) -> dict[str, str]:
    pairs = re.findall(
        r'<span class="kpi-value">([^<]*)</span> <span class="kpi-label">([^<]*)</span>', page
    )
    return {label: value.replace("\xa0", " ") for value, label in pairs}


def _map(page: str) -> dict[str, str]:
    return dict(
        re.findall(r"<path class=\"[^\"]+\" d=\"[^\"]+\"><title>([^:<]+): ([^<]+)</title>", page)
    )


@pytest.fixture
def staff_browser(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_the_page_shows_the_same_headline_figures(staff_browser, world):
    expected = _expected(_region())
    kpis = _kpis(_page(staff_browser))
    assert kpis["students placed"] == str(expected["students"])
    assert kpis["of them planned"] == str(expected["planned"])
    assert kpis["places offered"] == str(expected["offered"])
    assert kpis["places requested"] == str(expected["requested"])
    assert kpis["coverage"] == f"{expected['coverage_percent']:.1f} %"
    assert kpis["study STEM"] == f"{expected['stem_percent']:.1f} %"
    assert kpis["at STEM content"] == f"{expected['stem_content_percent']:.1f} %"
    assert kpis["evaluations by the handledare"] == "2"
    assert kpis["would host again"] == "50.0 %"


@pytest.mark.parametrize(
    ("layer", "key"),
    [
        ("placements", "placed_by_municipality"),
        ("offered", "offered_by_municipality"),
        ("requested", "requested_by_municipality"),
        ("gap", "gap_by_municipality"),
    ],
)
def test_every_map_value_is_the_sum_of_its_rows(staff_browser, world, layer, key):
    region = _region()
    names = dict(Municipality.objects.values_list("code", "name"))
    expected = _expected(region)[key]
    shown = _map(_page(staff_browser, map=layer))
    assert len(shown) == 31  # every municipality of the three counties is drawn
    for name, value in shown.items():
        code = next(code for code, n in names.items() if n == name)
        if code in region:
            assert value == str(expected.get(code, 0)), name  # 0, never "no data"
        else:
            assert value == "outside the selected region", name


def test_the_gaps_table_says_it_shows_the_top_ten_and_totals_all(staff_browser, world):
    expected = _expected(_region())
    page = _page(staff_browser)
    rows = len(expected["gaps"])
    assert f"The 10 largest of {rows} rows; the total adds up all {rows}." in page
    assert f"Total, all {rows} rows" in page
    total = sum(expected["gaps"].values())
    assert re.search(
        rf"Total, all {rows} rows</th><td></td><td>\d+</td><td>\d+</td><td>{total}</td>", page
    )


def test_numbers_are_swedish_in_swedish(staff_browser, world, settings):
    settings.LANGUAGE_CODE = "sv"
    expected = _expected(_region())
    page = unescape(staff_browser.get("/reports/", HTTP_ACCEPT_LANGUAGE="sv").content.decode())
    stem = f"{expected['stem_percent']:.1f}".replace(".", ",")
    assert (
        f'<span class="kpi-value">{stem}\xa0%</span> <span class="kpi-label">studerar STEM' in page
    )
    assert '<th scope="row">Inte angivet</th>' in page  # the programme not stated, not ".."
    assert ".." not in re.sub(r"\.\.\.|…", "", page.split('id="results"')[1])


@pytest.mark.parametrize(
    ("period_from", "period_to"),
    [
        (date(2025, 9, 15), date(2026, 2, 5)),  # both ends inside a month
        (date(2025, 10, 1), date(2026, 3, 31)),  # whole months, the current one included
        (date(2026, 3, 16), date(2027, 12, 31)),  # from tomorrow on: all planned
    ],
)
def test_a_period_counts_its_days_exactly(staff_client, world, period_from, period_to):
    region = _region()
    counted = [row for row in _counted(region) if period_from <= row[2] <= period_to]
    params = {"period_from": period_from.isoformat(), "period_to": period_to.isoformat()}
    body = staff_client.get("/api/v1/reports/trend/", params).json()
    assert body["total"]["count"] == sum(row[3] for row in counted)
    assert body["total"]["planned"] == sum(row[3] for row in counted if row[2] > TODAY)
    stem = staff_client.get("/api/v1/reports/stem-share/", params).json()["total"]
    assert stem["stem"] == sum(row[3] for row in counted if row[1] in STEM_PROGRAMMES)


def test_the_tally_kept_on_write_is_the_tally_counted_afresh(world):
    def rows() -> set[tuple]:
        return set(
            PlacementTally.objects.filter(students__gt=0).values_list(
                "month",
                "kind",
                "programme",
                "municipality",
                "students",
                "stem_content",
                "female",
                "male",
                "other",
            )
        )

    kept = rows()
    placement_tally_rebuild()
    assert rows() == kept


def test_the_companies_table_is_one_click_or_one_htmx_request_away(staff_browser, world):
    page = _page(staff_browser)
    link = re.search(r'hx-get="(/reports/companies/\?[^"]+)"', page).group(1)
    assert f'<a href="{link}">' in page  # without a script, a link
    table = unescape(staff_browser.get(link, HTTP_HX_REQUEST="true").content.decode())
    assert "<html" not in table
    name = world["member"].organisation.name
    hosted = [row for row in _counted(_region()) if row[0] in ("oE", "oG")]
    students = sum(row[3] for row in hosted)
    assert re.search(rf"{re.escape(name)}</th><td>{len(hosted)}</td><td>{students}</td>", table)
    full = staff_browser.get(link).content.decode()
    assert "<html" in full
    assert name in unescape(full)

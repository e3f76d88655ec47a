"""Skolverket's register of school units (Skolenhetsregistret, API v2), read for
`manage.py import_schools`: the gymnasium units of a municipality, each with its name, visiting
address, coordinates (WGS84), website and the national programmes it runs.

Only school-level facts are kept: the register also names the principal (`headMaster`) and gives
e-mail addresses and phone numbers, which are never read. A response that is not in the
register's shape, or a unit listed but not readable, is an error naming what was wrong, so the
import can refuse the whole batch.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

DEFAULT_BASE_URL = "https://api.skolverket.se/skolenhetsregistret/v2"
ACTIVE = "AKTIV"
GYMNASIUM = "GY"
VISITING_ADDRESS = "BESOKSADRESS"
TIMEOUT_SECONDS = 30

Fetch = Callable[[str], Any]


class RegisterUnreachableError(Exception):
    """The register did not answer (network, DNS, timeout, a server error)."""


class RegisterDataError(Exception):
    """The register answered with something the import cannot trust."""


@dataclass(frozen=True)
class SchoolUnit:
    code: str
    name: str
    municipality: str
    address: str
    website: str
    latitude: float | None
    longitude: float | None
    programmes: tuple[str, ...]


def fetch_json(url: str) -> Any:
    """GET `url` as JSON; RegisterUnreachableError when the service cannot be reached."""
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 - an https URL of ours
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read()
    except HTTPError as error:
        if error.code == 404:
            raise RegisterDataError(f"{url}: not found (404)") from error
        raise RegisterUnreachableError(f"{url}: HTTP {error.code}") from error
    except (URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RegisterUnreachableError(f"{url}: {reason}") from error
    try:
        return json.loads(body)
    except ValueError as error:
        raise RegisterDataError(f"{url}: not JSON") from error


def gymnasium_units(
    municipalities: Iterable[str], *, base_url: str = DEFAULT_BASE_URL, fetch: Fetch = fetch_json
) -> list[SchoolUnit]:
    """The active gymnasium units of the municipalities, read in full before anything is
    written: the list of each municipality, then each unit's details."""
    units = []
    for municipality in municipalities:
        query = urlencode(
            {"municipality_code": municipality, "school_type": GYMNASIUM, "status": ACTIVE}
        )
        listed = _listed_codes(fetch(f"{base_url}/school-units?{query}"), municipality)
        for code in listed:
            unit = parse_unit(fetch(f"{base_url}/school-units/{quote(code)}"), code)
            if unit is not None:
                if unit.municipality != municipality:
                    raise RegisterDataError(
                        f"school unit {code}: listed under municipality {municipality} "
                        f"but its details say {unit.municipality}"
                    )
                units.append(unit)
    return units


def _listed_codes(payload: Any, municipality: str) -> list[str]:
    rows = _at(payload, "data", "attributes")
    if not isinstance(rows, list):
        raise RegisterDataError(f"municipality {municipality}: no list of school units")
    codes = []
    for row in rows:
        code = row.get("schoolUnitCode") if isinstance(row, dict) else None
        if not _is_unit_code(code):
            raise RegisterDataError(f"municipality {municipality}: a listed unit has no code")
        if row.get("status", ACTIVE) == ACTIVE:
            codes.append(code)
    return codes


def parse_unit(payload: Any, code: str) -> SchoolUnit | None:
    """The unit's school-level facts, or None when it runs no gymnasium or is not active."""
    data = _at(payload, "data")
    attributes = _at(payload, "data", "attributes")
    if not isinstance(data, dict) or not isinstance(attributes, dict):
        raise RegisterDataError(f"school unit {code}: no details in the answer")
    if data.get("schoolUnitCode", code) != code:
        raise RegisterDataError(f"school unit {code}: the answer is about another unit")
    types = attributes.get("schoolTypes") or []
    if GYMNASIUM not in types or attributes.get("status") != ACTIVE:
        return None
    name = (attributes.get("displayName") or attributes.get("schoolName") or "").strip()
    municipality = attributes.get("municipalityCode") or ""
    if not name:
        raise RegisterDataError(f"school unit {code}: no name")
    if not (len(municipality) == 4 and municipality.isdigit()):
        raise RegisterDataError(f"school unit {code}: no municipality code")
    visiting = _visiting_address(attributes.get("addresses"))
    latitude, longitude = _coordinates(visiting, code)
    programmes = _at(attributes, "schoolTypeProperties", "gy", "programmes") or []
    return SchoolUnit(
        code=code,
        name=name,
        municipality=municipality,
        address=_address(visiting),
        website=_website(attributes.get("url")),
        latitude=latitude,
        longitude=longitude,
        programmes=tuple(sorted({str(p).strip().upper() for p in programmes if p})),
    )


def _at(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _is_unit_code(code: Any) -> bool:
    return isinstance(code, str) and len(code) == 8 and code.isdigit()


def _visiting_address(addresses: Any) -> dict:
    for address in addresses or []:
        if isinstance(address, dict) and address.get("type") == VISITING_ADDRESS:
            return address
    return {}


def _coordinates(address: dict, code: str) -> tuple[float | None, float | None]:
    geo = address.get("geoCoordinates") or {}
    if geo.get("latitude") in (None, "") and geo.get("longitude") in (None, ""):
        return None, None
    try:
        latitude, longitude = float(geo["latitude"]), float(geo["longitude"])
    except (KeyError, TypeError, ValueError) as error:
        raise RegisterDataError(f"school unit {code}: unreadable coordinates {geo}") from error
    # Sweden lies within 55-70 N, 10-25 E; anything else is a wrong or swapped pair.
    if not (55 <= latitude <= 70 and 10 <= longitude <= 25):
        raise RegisterDataError(f"school unit {code}: coordinates outside Sweden {geo}")
    return latitude, longitude


def _address(address: dict) -> str:
    street = (address.get("streetAddress") or "").strip()
    town = " ".join(
        part.strip() for part in (address.get("postalCode"), address.get("locality")) if part
    )
    return ", ".join(part for part in (street, town) if part)[:200]


def _website(url: Any) -> str:
    url = (url or "").strip() if isinstance(url, str) else ""
    if url and "://" not in url:
        url = f"https://{url}"
    return url

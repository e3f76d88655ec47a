"""Swedish by default, English on request: the API's messages, and a catalogue with nothing left
untranslated.

The catalogue tests read frontend/locale/sv/LC_MESSAGES/django.po with a small parser (polib is
not a dependency of the project) and compare it with the compiled django.mo, so that a msgid that
`makemessages` merged without a translation, a fuzzy guess, or a .po edited without running
`compilemessages` fails here.
"""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

from backend.accounts.models import User
from tests.companies.factories import CompanyFactory
from tests.schools.factories import SchoolFactory

LC_MESSAGES = Path(settings.BASE_DIR) / "frontend" / "locale" / "sv" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"


def _error(response, field: str) -> str:
    assert response.status_code == 400, response.content
    return response.json()[field][0]


# --- the API speaks Swedish unless asked for English ----------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "Ange två siffror, t.ex. 18."),
        ({"HTTP_ACCEPT_LANGUAGE": "sv"}, "Ange två siffror, t.ex. 18."),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "Enter two digits, e.g. 18."),
    ],
    ids=["default", "sv", "en"],
)
def test_an_invalid_filter_value_is_explained_in_the_asked_language(api_client, headers, expected):
    response = api_client.get("/api/v1/reference/municipalities/?county=xx", **headers)
    assert _error(response, "county") == expected


@pytest.mark.django_db
def test_an_unknown_code_in_an_opportunity_filter_is_swedish_by_default(api_client):
    url = "/api/v1/opportunities/?programme=XX"
    assert _error(api_client.get(url), "programme") == "Okänd kod: XX."
    english = api_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert _error(english, "programme") == "Unknown code: XX."


OPPORTUNITY = {
    "kind": "internship",
    "level": "gymnasium",
    "title": "APL som elektriker",
    "municipality": "1980",
    "places": 2,
    "programmes": ["EE"],
    "languages": ["sv"],
    # Ends before it starts: companies/opportunity_rules.py refuses it.
    "period_start": "2027-04-09",
    "period_end": "2027-03-01",
    "contact_name": "Erik Johansson",
    "contact_email": "erik@foretag.example",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "Perioden slutar innan den börjar."),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "The period ends before it starts."),
    ],
    ids=["default", "en"],
)
def test_an_opportunity_error_is_in_the_asked_language(make_member, client_for, headers, expected):
    company = CompanyFactory()
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)
    response = client_for(member).post(
        "/api/v1/opportunities/", OPPORTUNITY, format="json", **headers
    )
    assert _error(response, "period_end") == expected


PLACEMENT_REQUEST = {
    # An exjobb is never at gymnasium level: schools/models.py refuses it.
    "kind": "thesis",
    "level": "gymnasium",
    "programme": "EE",
    "places_needed": 4,
    "period_start": "2027-03-01",
    "period_end": "2027-04-09",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "Examensarbete finns bara inom yrkeshögskolan och på universitet/högskola."),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en"},
            "A thesis project exists only at yrkeshögskola or university level.",
        ),
    ],
    ids=["default", "en"],
)
def test_a_placement_request_error_is_in_the_asked_language(
    make_member, client_for, headers, expected
):
    school = SchoolFactory()
    counsellor = make_member(User.Role.COUNSELLOR, school.organisation, is_admin=True)
    response = client_for(counsellor).post(
        "/api/v1/requests/", PLACEMENT_REQUEST, format="json", **headers
    )
    assert _error(response, "kind") == expected


# --- the catalogue ---------------------------------------------------------------------------


def _string(line: str) -> str:
    """The text of a quoted PO string (the escapes of a C string, which Python's match)."""
    return ast.literal_eval(line)


def parse_po(path: Path) -> list[dict]:
    """The entries of a PO file, header and obsolete (#~) entries included, as dicts with
    `msgctxt`, `msgid`, `msgid_plural`, `msgstr` (a list: one form, or one per plural form),
    `flags` and `obsolete`."""
    entries: list[dict] = []
    entry: dict | None = None
    target: tuple | None = None

    def start() -> dict:
        new = {
            "msgctxt": None,
            "msgid": "",
            "msgid_plural": None,
            "msgstr": [],
            "flags": set(),
            "obsolete": False,
        }
        entries.append(new)
        return new

    flags: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # the previous msgid of an obsolete fuzzy entry
                continue
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if entry is None or target is None:
                raise AssertionError(f"stray string: {raw}")
            key, index = target
            if index is None:
                entry[key] += _string(line)
            else:
                entry[key][index] += _string(line)
            continue
        if keyword in ("msgctxt", "msgid") and (entry is None or entry["msgstr"]):
            entry = start()
            entry["flags"], flags = flags, set()
        assert entry is not None, f"unexpected line: {raw}"
        entry["obsolete"] = entry["obsolete"] or obsolete
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            entry[keyword] = _string(rest)
            target = (keyword, None)
        elif keyword == "msgstr":
            entry["msgstr"] = [_string(rest)]
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[len("msgstr[") : -1])
            assert index == len(entry["msgstr"]), f"plural forms out of order: {raw}"
            entry["msgstr"].append(_string(rest))
            target = ("msgstr", index)
        else:
            raise AssertionError(f"unexpected line: {raw}")
    return entries


def _live_entries() -> list[dict]:
    return [e for e in parse_po(PO_FILE) if e["msgid"] and not e["obsolete"]]


def _label(entry: dict) -> str:
    return (
        repr(entry["msgid"])
        if entry["msgctxt"] is None
        else f"{entry['msgctxt']}|{entry['msgid']!r}"
    )


def test_the_parser_reads_the_catalogue():
    entries = _live_entries()
    assert len(entries) > 250
    by_id = {e["msgid"]: e for e in entries}
    assert by_id["Enter two digits, e.g. 18."]["msgstr"] == ["Ange två siffror, t.ex. 18."]
    assert "python-format" in by_id["Unknown code: %(value)s."]["flags"]
    header = [e for e in parse_po(PO_FILE) if e["msgid"] == ""]
    assert len(header) == 1
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header[0]["msgstr"][0]


def test_every_msgid_has_a_swedish_translation():
    untranslated = [_label(e) for e in _live_entries() if not e["msgstr"] or not all(e["msgstr"])]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated}"


def test_no_translation_is_a_fuzzy_guess():
    fuzzy = [_label(e) for e in _live_entries() if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy (check, fix, remove the flag): {fuzzy}"


def test_the_compiled_catalogue_matches_the_po():
    """Run `manage.py compilemessages` after editing the .po."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _live_entries():
        msgid, context = entry["msgid"], entry["msgctxt"]
        if entry["msgid_plural"] is None:
            found = [
                compiled.gettext(msgid) if context is None else compiled.pgettext(context, msgid)
            ]
        else:
            # n=1 and n=2 pick the two forms of Swedish's plural rule (n != 1).
            found = [
                compiled.ngettext(msgid, entry["msgid_plural"], n)
                if context is None
                else compiled.npgettext(context, msgid, entry["msgid_plural"], n)
                for n in (1, 2)
            ]
        if found != entry["msgstr"]:
            stale.append(_label(entry))
    assert stale == [], f"django.mo is out of date for {len(stale)}: {stale}"


# --- allauth's pages in the site's words ------------------------------------------------------


@pytest.mark.django_db
def test_the_swedish_log_in_page_links_to_sign_up_with_the_right_words(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'Inget konto än? <a href="/accounts/signup/">Skapa konto</a>' in html
    assert "Har du redan ett konto? Då kan du" not in html  # allauth's text for sign-up
    assert "Kom ihåg mig:" not in html  # labels carry no colon
    assert "Kom ihåg mig</label>" in html


@pytest.mark.django_db
def test_sign_up_help_text_sits_under_its_field_not_beside_it(client):
    html = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'class="helptext"' not in html  # Django's as_p puts a <span> beside the widget
    assert '<div class="help" id="id_password1_helptext">' in html
    assert 'Har du redan ett konto? <a href="/accounts/login/">Logga in</a>' in html

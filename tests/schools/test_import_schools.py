"""`manage.py import_schools` against Skolverket's register, served from the shipped fixtures by
a local HTTP server: what it imports, what it never keeps, and that bad or partial data or an
unreachable service changes nothing."""

import json
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from backend.accounts.models import Membership, Organisation, User
from schools.models import School
from tests.schools.factories import SchoolFactory, municipality

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "skolverket"
API = "/skolenhetsregistret/v2/school-units"
PRINCIPALS = ("Anna Rektorsson", "Bo Rektorsson", "David Rektorsson")


def _handler(directory: Path) -> type[BaseHTTPRequestHandler]:
    class Register(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == API:
                name = f"school-units-{parse_qs(url.query)['municipality_code'][0]}.json"
            else:
                name = f"unit-{url.path.removeprefix(API + '/')}.json"
            file = directory / name
            if not file.is_file():
                self.send_error(404)
                return
            body = file.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Register


@pytest.fixture
def register(tmp_path):
    """(base URL, directory of the answers): a copy of the fixtures a test may spoil."""
    directory = tmp_path / "register"
    shutil.copytree(FIXTURES, directory)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/skolenhetsregistret/v2", directory
    server.shutdown()
    server.server_close()


def _import(base_url: str) -> str:
    out = StringIO()
    call_command(
        "import_schools",
        "--municipality=1980",
        "--municipality=1880",
        base_url=base_url,
        stdout=out,
    )
    return out.getvalue()


def _edit(directory: Path, name: str, change) -> None:
    path = directory / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_gymnasium_units_are_imported_with_their_facts(register) -> None:
    base_url, _ = register

    output = _import(base_url)

    schools = {s.school_unit_code: s for s in School.objects.select_related("organisation")}
    assert set(schools) == {"99100001", "99100002", "99100011"}  # no grundskola, no closed unit
    strand = schools["99100001"]
    assert strand.organisation.name == "Mälarstrandens gymnasium"
    assert strand.organisation.is_verified
    assert strand.municipality_id == "1980"
    assert strand.level == "gymnasium"
    assert strand.address == "Strandvägen 10, 722 11 VÄSTERÅS"
    assert strand.website == "https://www.malarstranden.example"
    assert (strand.latitude, strand.longitude) == (59.608, 16.542)
    assert set(strand.programmes.values_list("code", flat=True)) == {"EE", "TE", "IN", "NA"}
    assert "Imported 3 gymnasium school units from Skolverket: 3 new, 0 updated." in output
    assert "left out: XYZ." in output


def test_no_principal_or_e_mail_is_kept(register) -> None:
    base_url, _ = register

    _import(base_url)

    stored = json.dumps(
        [list(School.objects.values()), list(Organisation.objects.values())], default=str
    )
    assert not any(name in stored for name in PRINCIPALS)
    assert "@" not in stored
    assert not User.objects.exists()
    assert not Membership.objects.exists()


def test_importing_again_updates_and_links_by_name(register) -> None:
    base_url, _ = register
    typed_in = SchoolFactory(
        organisation__name="Svartåns gymnasium", municipality=municipality("1880")
    )
    _import(base_url)

    output = _import(base_url)

    assert School.objects.count() == 3
    assert School.objects.get(pk=typed_in.pk).school_unit_code == "99100011"
    assert "0 new, 3 updated." in output


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            (
                "unit-99100002.json",
                lambda d: d["data"]["attributes"]["addresses"][0].update(
                    geoCoordinates={"latitude": "16.53", "longitude": "59.62"}
                ),
            ),
            "school unit 99100002: coordinates outside Sweden",
        ),
        (
            (
                "unit-99100011.json",
                lambda d: d["data"]["attributes"].update(displayName="", schoolName=""),
            ),
            "school unit 99100011: no name",
        ),
        (
            ("school-units-1880.json", lambda d: d["data"].pop("attributes")),
            "municipality 1880: no list of school units",
        ),
        (
            (
                "unit-99100001.json",
                lambda d: d["data"]["attributes"].update(url="not a web address"),
            ),
            "school unit 99100001 (Mälarstrandens gymnasium): website:",
        ),
    ],
)
def test_bad_data_is_refused_and_changes_nothing(register, spoil, message) -> None:
    base_url, directory = register
    name, change = spoil
    _edit(directory, name, change)

    with pytest.raises(CommandError, match="Refused, nothing imported") as refused:
        _import(base_url)

    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not School.objects.exists()


def test_a_listed_unit_without_details_is_partial_data_and_refused(register) -> None:
    base_url, directory = register
    (directory / "unit-99100011.json").unlink()

    with pytest.raises(CommandError, match="99100011: not found") as refused:
        _import(base_url)

    assert "Refused, nothing imported" in str(refused.value)
    assert not School.objects.exists()


def test_an_unreachable_service_is_one_clear_line(db) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(CommandError) as failed:
        _import(f"http://127.0.0.1:{port}/skolenhetsregistret/v2")

    assert str(failed.value).startswith("Cannot reach Skolverket's school register (")
    assert "\n" not in str(failed.value)
    assert not School.objects.exists()

"""Bad files through the API: every one refused with a 400 that says why, nothing left on disk,
memory bounded.

The unit tests of the checks are tests/companies/test_logos.py and
tests/matching/test_applications_cv.py; here the same kinds of file go through the two upload
endpoints (a company's logo, an application's CV) end to end, with the upload's temporary file,
MEDIA_ROOT and PRIVATE_MEDIA_ROOT watched. The allocation command's malformed files are
tests/matching/test_commands.py's (every FORMATS.md error, exit 2 and its message).
"""

import io
import struct
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.accounts.models import User
from tests.companies.factories import CompanyFactory
from tests.matching.factories import open_opportunity, tiny_pdf
from tests.reliability.figures import CASES, FIGURES
from tests.schools.factories import StudentProfileFactory

MB = 1024 * 1024
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
# A decoded 12,000 x 12,000 greyscale image is 144 MB; its compressed PNG is ~140 KB.
BOMB_SIDE = 12_000
BOMB_PEAK_LIMIT = 40 * MB


def _png(width: int = 64, height: int = 64) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb() -> bytes:
    """A valid PNG whose pixels decompress to 144 MB (a row of zeros, filter byte 0, repeated)."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (BOMB_SIDE + 1)
    data = b"".join(compressor.compress(row) for _ in range(BOMB_SIDE)) + compressor.flush()
    header = struct.pack(">IIBBBBB", BOMB_SIDE, BOMB_SIDE, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def _header_only(side: int) -> bytes:
    """A PNG header that claims side x side pixels, with one tiny (wrong) IDAT."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + _chunk(b"IEND", b"")
    )


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
BAD_FILES: dict[str, Callable[[], bytes]] = {
    "decompression bomb": _bomb,
    "huge dimensions (header)": lambda: _header_only(100_000),
    "over 4000 px": lambda: _png(4001, 1),
    "truncated image": lambda: _png(300, 300)[:400],
    "svg with script": lambda: SVG,
    "html named .png/.pdf": lambda: HTML,
    "zero bytes": lambda: b"",
    "50 MB": lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * (50 * MB),
}
LOGO_REASONS = {
    "decompression bomb": "4000 x 4000",
    "huge dimensions (header)": "4000 x 4000",
    "over 4000 px": "4000 x 4000",
    "truncated image": "damaged or incomplete",
    "svg with script": "JPEG, PNG or WebP",
    "html named .png/.pdf": "JPEG, PNG or WebP",
    "zero bytes": "empty",
    "50 MB": "5 MB",
}
CV_FILES: dict[str, Callable[[], bytes]] = {
    "pdf that is html": lambda: HTML,
    "pdf header then html": lambda: b"%PDF-1.4\n" + HTML,
    "truncated pdf": lambda: tiny_pdf()[:200],
    "png named .pdf": lambda: _png(),
    "svg named .pdf": lambda: SVG,
    "zero bytes": lambda: b"",
    "50 MB": lambda: b"%PDF-1.4\n" + b"\0" * (50 * MB),
}
CV_REASONS = {
    "pdf that is html": "must be a PDF",
    "pdf header then html": "must be a PDF",
    "truncated pdf": "could not be read",
    "png named .pdf": "must be a PDF",
    "svg named .pdf": "must be a PDF",
    "zero bytes": "empty",
    "50 MB": "5 MB",
}


@pytest.fixture
def roots(settings, tmp_path) -> list[Path]:
    """Every place an upload could stay: media, private media and the upload temp folder."""
    folders = [tmp_path / name for name in ("media", "private", "uploads")]
    for folder in folders:
        folder.mkdir()
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, settings.FILE_UPLOAD_TEMP_DIR = folders
    return folders


def _files(roots: list[Path]) -> list[Path]:
    return [path for root in roots for path in root.rglob("*") if path.is_file()]


def _message(response) -> str:
    return " ".join(str(m) for messages in response.json().values() for m in messages)


@pytest.fixture
def company_admin(db, make_member):
    company = CompanyFactory()
    return company, make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_logo_is_refused_with_a_reason_and_leaves_nothing(
    kind, company_admin, client_for, roots
):
    company, admin = company_admin
    upload = SimpleUploadedFile("logo.png", BAD_FILES[kind](), content_type="image/png")
    response = client_for(admin).put(
        f"/api/v1/companies/{company.pk}/logo/", {"logo": upload}, format="multipart"
    )
    CASES["bad uploads: files refused"] += 1
    assert response.status_code == 400, response.content[:300]
    assert LOGO_REASONS[kind] in _message(response)
    assert _message(response)
    assert _files(roots) == []
    company.refresh_from_db()
    assert not company.logo_256


def test_a_logo_polyglot_is_stored_as_a_clean_webp(company_admin, client_for, roots):
    """A PNG with HTML after it decodes as a PNG: the logo is re-encoded from the pixels, so what
    is stored (and served) is a WebP without the HTML."""
    company, admin = company_admin
    upload = SimpleUploadedFile("logo.png", _png() + HTML, content_type="image/png")
    response = client_for(admin).put(
        f"/api/v1/companies/{company.pk}/logo/", {"logo": upload}, format="multipart"
    )
    CASES["bad uploads: files neutralised"] += 1
    assert response.status_code == 200
    stored = _files(roots)
    assert stored
    for path in stored:
        content = path.read_bytes()
        assert content[8:12] == b"WEBP"
        assert b"<script" not in content


def test_a_decompression_bomb_is_refused_within_bounded_memory(company_admin, client_for, roots):
    company, admin = company_admin
    bomb = _bomb()
    upload = SimpleUploadedFile("logo.png", bomb, content_type="image/png")
    client = client_for(admin)
    tracemalloc.start()
    try:
        response = client.put(
            f"/api/v1/companies/{company.pk}/logo/", {"logo": upload}, format="multipart"
        )
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    FIGURES["bad uploads: memory peak refusing the 144 MB bomb"] = f"{peak / MB:.1f} MB"
    assert response.status_code == 400
    assert peak < BOMB_PEAK_LIMIT, f"peak {peak / MB:.1f} MB for a {len(bomb) / 1024:.0f} KB bomb"


@pytest.fixture
def applicant(db):
    return StudentProfileFactory(birth_date=None), open_opportunity()


@pytest.mark.parametrize("kind", CV_FILES)
def test_a_bad_cv_is_refused_with_a_reason_and_leaves_nothing(kind, applicant, client_for, roots):
    student, opportunity = applicant
    upload = SimpleUploadedFile("cv.pdf", CV_FILES[kind](), content_type="application/pdf")
    response = client_for(student.user).post(
        "/api/v1/applications/",
        {"opportunity": opportunity.pk, "motivation": "Jag vill lära mig.", "cv": upload},
        format="multipart",
    )
    CASES["bad uploads: files refused"] += 1
    assert response.status_code == 400, response.content[:300]
    assert CV_REASONS[kind] in _message(response)
    assert _message(response)
    assert _files(roots) == []
    assert not opportunity.applications.exists()


def test_a_pdf_polyglot_cv_is_only_ever_downloaded_as_a_pdf_attachment(
    applicant, client_for, roots
):
    """A real PDF with HTML after its end parses as a PDF. If it is accepted, it never leaves as
    anything a browser would render as a page: an attachment, typed PDF, not sniffed."""
    student, opportunity = applicant
    upload = SimpleUploadedFile("cv.pdf", tiny_pdf() + HTML, content_type="application/pdf")
    client = client_for(student.user)
    response = client.post(
        "/api/v1/applications/",
        {"opportunity": opportunity.pk, "motivation": "Jag vill lära mig.", "cv": upload},
        format="multipart",
    )
    CASES["bad uploads: files neutralised"] += 1
    if response.status_code == 400:
        assert _message(response)
        assert _files(roots) == []
        return
    assert response.status_code == 201
    download = client.get(f"/api/v1/applications/{response.json()['id']}/cv/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"

"""A CV is a PDF of at most 5 MB, checked by its content; it is never served from a public URL,
only downloaded by those who see the application."""

import io

import pytest
from django.conf import settings
from pypdf import PdfWriter

from matching.models import Application
from matching.models.applications import CV_MAX_BYTES
from tests.matching.factories import open_opportunity, tiny_pdf, upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def offer(company):
    return open_opportunity(company=company)


def _apply(client, opportunity, cv):
    data = {"opportunity": opportunity.pk, "motivation": "Hej!", "cv": cv}
    return client.post(URL, data, format="multipart")


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemligt", owner_password="hemligt", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_cv_is_stored_privately_and_downloaded_by_the_company(client_as, offer, private_root):
    pdf = tiny_pdf()
    created = _apply(client_as("student"), offer, upload(pdf, name="Mitt CV.pdf"))

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["cv"] == f"/api/v1/applications/{body['id']}/cv/"
    stored = Application.objects.get(pk=body["id"]).cv
    assert stored.path.startswith(str(private_root))
    assert not stored.path.startswith(str(settings.MEDIA_ROOT))
    assert "Mitt" not in stored.name

    download = client_as("member").get(body["cv"])

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == pdf


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("student", 200),
        ("counsellor", 200),
        ("member", 200),
        ("other_member", 404),
        ("other_counsellor", 404),
        ("chamber", 404),
        ("anonymous", 401),
    ],
)
def test_who_downloads_the_cv(client_as, offer, role, expected):
    body = _apply(client_as("student"), offer, upload(tiny_pdf())).json()

    assert client_as(role).get(body["cv"]).status_code == expected


def test_without_a_cv_there_is_nothing_to_download(client_as, offer):
    body = client_as("student").post(URL, {"opportunity": offer.pk, "motivation": "Hej"}).json()

    assert client_as("member").get(f"{URL}{body['id']}/cv/").status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (HTML, "cv.pdf", "The CV must be a PDF file."),
        (PNG, "cv.pdf", "The CV must be a PDF file."),
        (
            b"%PDF-1.7\n<html><script>alert(1)</script></html>",
            "cv.pdf",
            "The CV must be a PDF file.",
        ),
        (b"", "cv.pdf", "The file is empty."),
        (b"%PDF-1.4\nthis is not really a pdf", "cv.pdf", "The PDF could not be read"),
        (_encrypted_pdf(), "cv.pdf", "The PDF is password-protected"),
        (tiny_pdf() + b"\0" * CV_MAX_BYTES, "cv.pdf", "The CV may be at most 5 MB."),
    ],
    ids=["html", "png", "polyglot", "empty", "broken", "encrypted", "too-large"],
)
def test_a_cv_that_is_not_a_readable_pdf_is_refused(client_as, offer, content, name, message):
    response = _apply(client_as("student"), offer, upload(content, name=name))

    assert response.status_code == 400
    assert response.json()["cv"][0].startswith(message)
    assert not Application.objects.exists()


def test_the_name_and_declared_type_do_not_matter(client_as, offer):
    response = _apply(client_as("student"), offer, upload(tiny_pdf(), "cv.docx", "text/html"))

    assert response.status_code == 201

"""Checking an uploaded CV by its content, never by its name or declared type.

A CV is a PDF of at most 5 MB that starts with the PDF signature, carries no HTML where a
browser looks for it (a PDF/HTML polyglot), and that pypdf can open and read a page of; an
encrypted PDF that opens without a password is accepted, any other is not (the company could
not read it). Each refusal is a field error on `cv` that says what to do.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from matching.models.applications import CV_MAX_BYTES

PDF_SIGNATURE = b"%PDF-"
# Browsers sniff the first 512 bytes for markup; twice that leaves no room for a polyglot.
SNIFFED_BYTES = 1024
HTML_MARKERS = (b"<html", b"<script", b"<!doctype", b"<body", b"<iframe", b"<svg")

EMPTY = _("The file is empty.")
TOO_LARGE = _("The CV may be at most 5 MB.")
NOT_PDF = _("The CV must be a PDF file.")
UNREADABLE = _("The PDF could not be read; save it again as a PDF and upload that.")
ENCRYPTED = _("The PDF is password-protected; upload it without a password.")

logger = logging.getLogger(__name__)
# pypdf logs every repair it makes to a damaged file; a refused upload is logged once, here.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def validate_cv(cv: UploadedFile) -> None:
    """Raise ValidationError({"cv": [message]}) unless `cv` is a readable PDF of ≤ 5 MB."""
    message = _problem(cv)
    if message is not None:
        raise ValidationError({"cv": [message]}, code="invalid_cv")


def _problem(cv: UploadedFile) -> str | None:
    if not cv.size:
        return EMPTY
    if cv.size > CV_MAX_BYTES:
        return TOO_LARGE
    cv.seek(0)
    head = cv.read(SNIFFED_BYTES)
    cv.seek(0)
    if not head.startswith(PDF_SIGNATURE) or any(m in head.lower() for m in HTML_MARKERS):
        return NOT_PDF
    try:
        return _parse_problem(cv)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, OSError) as exc:
        logger.info("Refused a CV that pypdf cannot read: %s", exc)
        return UNREADABLE
    finally:
        cv.seek(0)


def _parse_problem(cv: UploadedFile) -> str | None:
    reader = PdfReader(cv, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return ENCRYPTED
    if len(reader.pages) == 0:
        return UNREADABLE
    reader.pages[0].extract_text()
    return None

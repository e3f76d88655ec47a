"""PDFs of the agreements and the certificate, with ReportLab.

ReportLab is pure Python (a wheel on every platform, no system libraries); WeasyPrint would need
Pango and Cairo installed on the machine, which a fresh install or a slim container lacks.
The built-in Helvetica writes å, ä, ö and é (WinAnsi encoding), so no font file is shipped.

The output is invariant (no creation date or random document id), so the same agreement gives
the same bytes and its SHA-256 identifies what the parties signed.
"""

import hashlib
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from matching.agreements.documents import Document, agreement_document, certificate_document
from matching.agreements.models import HandledareEvaluation, PlacementPlan

STYLES = getSampleStyleSheet()
CELL = ParagraphStyle("cell", parent=STYLES["BodyText"], fontSize=9, leading=11)
LABEL = ParagraphStyle("label", parent=CELL, fontName="Helvetica-Bold")
LABEL_WIDTH = 55 * mm
BODY_WIDTH = A4[0] - 40 * mm
GRID = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
]


def agreement_pdf(*, plan: PlacementPlan, version: int, language: str = "sv") -> bytes:
    with translation.override(language):
        return render(agreement_document(plan=plan, version=version))


def certificate_pdf(
    *, plan: PlacementPlan, evaluation: HandledareEvaluation, language: str = "sv"
) -> bytes:
    with translation.override(language):
        return render(certificate_document(plan=plan, evaluation=evaluation))


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def render(document: Document) -> bytes:
    buffer = BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=document.title,
        author="Praktikbryggan",
        invariant=True,
    )

    def footer(canvas, doc) -> None:
        canvas.setFont("Helvetica", 7)
        canvas.drawString(20 * mm, 10 * mm, f"{document.footer} · {doc.page}")

    pdf.build(_story(document), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _story(document: Document) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(escape(document.title), STYLES["Title"]),
        Paragraph(escape(document.subtitle), STYLES["Heading3"]),
    ]
    for heading, rows in document.sections:
        story.append(Paragraph(escape(heading), STYLES["Heading2"]))
        story.append(_table(rows))
    if document.signatures:
        story.append(KeepTogether(_signature_block(document.signatures)))
    return story


def _table(rows: list[tuple[str, str]]) -> Table:
    data = [
        [Paragraph(escape(label), LABEL), Paragraph(_lines(value), CELL)] for label, value in rows
    ]
    return Table(data, colWidths=[LABEL_WIDTH, BODY_WIDTH - LABEL_WIDTH], style=GRID)


def _signature_block(signatures: list[tuple[str, str]]) -> list[Flowable]:
    header = [_("Party"), _("Name"), _("Signature"), _("Date")]
    data = [[Paragraph(escape(text), LABEL) for text in header]]
    data += [
        [Paragraph(escape(party), CELL), Paragraph(escape(name), CELL), "", ""]
        for party, name in signatures
    ]
    widths = [35 * mm, 55 * mm, 50 * mm, BODY_WIDTH - 140 * mm]
    style = [*GRID, ("BOTTOMPADDING", (0, 1), (-1, -1), 14)]
    return [
        Spacer(1, 6 * mm),
        Paragraph(escape(_("Signatures")), STYLES["Heading2"]),
        Paragraph(
            escape(
                _(
                    "Each party signs in Praktikbryggan; the app records who signed, when, and "
                    "the SHA-256 checksum of this document."
                )
            ),
            CELL,
        ),
        Table(data, colWidths=widths, style=style),
    ]


def _lines(value: str) -> str:
    return "<br/>".join(escape(line) for line in (value or "").splitlines()) or "-"

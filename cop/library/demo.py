"""Demo library: a few short guides and templates written by the Place Exchange team.
Files are generated here (no binary fixtures); idempotent by document title."""

import csv
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from casestudies.models import Theme
from cop.core.demo import ensure_index

from .models import DocumentKind, LibraryDocument, LibraryIndexPage

INTRO = (
    "<p>Guides, toolkits and templates for people doing place-based work: how to count public spend in a "
    "place, how to write up a case study, and how to review a citizen's story before it is published.</p>"
)


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica text), with a correct cross-reference table."""

    def pdf_text(value: str) -> str:
        return (
            value.replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    text_ops = ["BT", "/F1 16 Tf", "56 780 Td", f"({pdf_text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        text_ops += ["0 -18 Td", f"({pdf_text(line)}) Tj"]
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _count_template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Agency", "Sector", "Financial year", "Amount (£)", "Source"])
    writer.writerow(["Example county council", "Council", "2024-25", "", "Statement of accounts"])
    writer.writerow(["Example NHS body", "NHS", "2024-25", "", "Annual report and accounts"])
    writer.writerow(["Example police force", "Police", "2024-25", "", "Statement of accounts"])
    return buffer.getvalue().encode("utf-8")


DOCUMENTS = [
    {
        "title": "How to count public spend in your place: a short guide",
        "filename": "count-guide.pdf",
        "content": lambda: simple_pdf(
            "How to count public spend in your place",
            [
                "1. Agree which bodies are in the count: councils, NHS, police, fire, DWP and others.",
                "2. Use each body's published accounts for the same financial year.",
                "3. Record the source of every figure next to the figure.",
                "4. Count by service, then by the people the money reaches.",
                "Written by the Place Exchange team. Not an official publication.",
            ],
        ),
        "summary": "A four-step method for adding up what every public body spends in a place, with the "
        "sources to record for each figure.",
        "kind": DocumentKind.GUIDANCE,
        "themes": ["Back office"],
        "services": ["690"],
    },
    {
        "title": "Count template: public spend by agency",
        "filename": "count-template.csv",
        "content": _count_template_csv,
        "summary": "A spreadsheet-ready CSV with one row per agency: sector, financial year, amount and source.",
        "kind": DocumentKind.TEMPLATE,
        "themes": ["Back office"],
        "services": ["690"],
    },
    {
        "title": "Case study template: structured notable practice",
        "filename": "case-study-template.txt",
        "content": lambda: (
            "Case study template\n\nPlace:\nPartners:\nThe count (spend by agency, year, source):\nProblem:\n"
            "What you did:\nSavings (£ and %, per year or one-off):\nStrength of evidence (estimate, modelled, "
            "measured, independently evaluated):\nOutcomes:\nLessons learned:\nStatus and period:\nContact:\n"
        ).encode(),
        "summary": "The headings Place Exchange asks for in every case study, as a plain text template.",
        "kind": DocumentKind.TEMPLATE,
        "themes": [],
        "services": [],
    },
    {
        "title": "Checklist: reviewing a citizen's story before publication",
        "filename": "story-redaction-checklist.txt",
        "content": lambda: (
            b"Redaction checklist\n\n- Remove full names, addresses, dates of birth and case numbers.\n"
            b"- Remove details that identify someone in a small place (a rare job, a named school).\n"
            b"- Check the consent record: purpose, date given, expiry, how given.\n"
            b"- Never publish if consent is missing, expired or withdrawn.\n"
        ),
        "summary": "What editors check in a citizen's story, and in its consent record, before it is published.",
        "kind": DocumentKind.TOOLKIT,
        "themes": ["Health and care"],
        "services": ["360"],
    },
]


@transaction.atomic
def load(home_page, stdout):
    from wagtail.models import Collection

    from benchmarks.models import Service

    if Collection.get_first_root_node() is None:  # a flushed database has no root collection
        Collection.add_root(name="Root")
    ensure_index(home_page, LibraryIndexPage, "library", "Library", INTRO)
    created = 0
    for data in DOCUMENTS:
        document = LibraryDocument.objects.filter(title=data["title"]).first()
        if document is None:
            document = LibraryDocument(title=data["title"])
            document.file.save(data["filename"], ContentFile(data["content"]()), save=False)
            created += 1
        document.summary = data["summary"]
        document.kind = data["kind"]
        document.publisher = "Place Exchange"
        document.year = timezone.localdate().year
        document.show_in_library = True
        document.save()
        document.themes.set(Theme.objects.filter(name__in=data["themes"]))
        document.service_areas.set(Service.objects.filter(code__in=data["services"]))
    stdout.write(f"Library: {created} documents created, {len(DOCUMENTS) - created} updated.")

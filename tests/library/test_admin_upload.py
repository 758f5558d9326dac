"""Editors upload library documents through Wagtail's admin; bad files save nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cop.core import documents as validation
from cop.library.demo import simple_pdf
from cop.library.models import LibraryDocument
from tests.members.factories import StaffFactory


def _editor():
    client = Client()
    client.force_login(StaffFactory())
    return client


def test_editor_uploads_a_pdf_with_catalogue_details(db):
    response = _editor().post(
        "/admin/documents/add/",
        {
            "title": "Pooled budgets guide",
            "file": SimpleUploadedFile("guide.pdf", simple_pdf("Guide", ["x"])),
            "collection": "1",
            "summary": "How to pool",
            "kind": "guidance",
            "publisher": "Someone",
            "year": "2010",
            "show_in_library": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = LibraryDocument.objects.get()
    assert document.file_extension == "pdf" and document.publisher == "Someone"


def test_disguised_file_is_refused_and_nothing_saved(db):
    response = _editor().post(
        "/admin/documents/add/",
        {
            "title": "Not a PDF",
            "file": SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 program"),
            "collection": "1",
            "kind": "report",
        },
    )
    assert response.status_code == 200
    assert "its contents are not a PDF file" in response.content.decode()
    assert not LibraryDocument.objects.exists()


def test_oversized_upload_is_refused_and_nothing_saved(db, monkeypatch):
    monkeypatch.setattr(validation, "MAX_UPLOAD_BYTES", 100)
    response = _editor().post(
        "/admin/documents/add/",
        {
            "title": "Too big",
            "file": SimpleUploadedFile("big.pdf", simple_pdf("Big", ["x" * 50] * 5)),
            "collection": "1",
            "kind": "report",
        },
    )
    assert "must be smaller than" in response.content.decode()
    assert not LibraryDocument.objects.exists()

"""Uploads are checked by content and size, not by their name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cop.core import documents as validation
from cop.library.demo import simple_pdf


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", simple_pdf("Report", ["Line"])),
        ("notes.docx", _zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"})),
        ("sheet.xlsx", _zip({"xl/workbook.xml": "<w/>"})),
        ("slides.pptx", _zip({"ppt/presentation.xml": "<p/>"})),
        ("text.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text"})),
        ("data.csv", b"Agency,Amount\nCouncil,1\n"),
        ("readme.txt", "Plain text – with a dash\n".encode()),
    ],
)
def test_genuine_files_are_accepted(name, content):
    # Accepted means no ValidationError: validate_document_upload returns None only then.
    assert validation.validate_document_upload(SimpleUploadedFile(name, content)) is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "must be a PDF"),
        ("page.html", b"<html></html>", "must be a PDF"),
        ("noextension", b"%PDF-1.4", "must be a PDF"),
        ("report.pdf", b"MZ\x90\x00 this is a program", "its contents are not a PDF file"),
        ("report.pdf", b"<html><script>alert(1)</script></html>", "its contents are not a PDF file"),
        ("notes.docx", _zip({"xl/workbook.xml": "<w/>"}), "its contents are not a Word file"),
        ("notes.docx", b"PK\x03\x04 broken zip", "its contents are not a Word file"),
        ("text.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "not a OpenDocument text"),
        ("data.csv", b"Agency\x00\x01\x02binary", "its contents are not a CSV file"),
        ("data.csv", b"<!DOCTYPE html><html>", "its contents are not a CSV file"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_wrong_or_disguised_files_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        validation.validate_document_upload(SimpleUploadedFile(name, content))
    assert message in error.value.messages[0]


def test_oversized_files_are_refused(monkeypatch):
    monkeypatch.setattr(validation, "MAX_UPLOAD_BYTES", 1024)
    with pytest.raises(ValidationError) as error:
        validation.validate_document_upload(SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 2048))
    assert "must be smaller than 1.0\xa0KB" in error.value.messages[0]

"""Finding 10: uploads are judged by what they contain, and nothing is stored when refused.

Text and PDF files carrying HTML, SVG or script are refused; zip-based documents that
unpack to more than the cap (or compress like a zip bomb) are refused before anything is
unpacked; images are re-encoded, losing their metadata and anything appended.
"""

import io
import os
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from wagtail.images import get_image_model

from cop.core import documents as validation
from cop.core.uploads import reencode_image
from cop.library.demo import simple_pdf
from cop.library.models import LibraryDocument
from tests.members.factories import StaffFactory


def _refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validation.validate_document_upload(SimpleUploadedFile(name, content))
    return caught.value


def _pdf_with_stream(payload: bytes) -> bytes:
    """A PDF whose one content stream is Flate-compressed (so the markup is not in the raw bytes)."""
    packed = zlib.compress(payload)
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Length "
        + str(len(packed)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"Meeting notes\nSee the attached <svg onload=alert(1)> for details\n"),
        ("data.csv", b"Agency,Amount\nCouncil,1\n" + b"x,2\n" * 2000 + b"<ScRiPt>alert(1)</script>,3\n"),
        ("data.csv", b"Agency,Amount\n<iframe src=https://example.org>,1\n"),
        ("report.pdf", simple_pdf("Report", ["Line"]) + b"\n<html><body><script>alert(1)</script>"),
        ("report.pdf", b"%PDF-1.4\n% <!DOCTYPE html>\n" + simple_pdf("Report", ["Line"])[9:]),
        ("report.pdf", _pdf_with_stream(b"BT (hello) Tj ET <svg xmlns='http://www.w3.org/2000/svg'/>")),
    ],
)
def test_text_and_pdf_files_carrying_markup_are_refused(name, content):
    error = _refusal(name, content)
    assert error.code == "file_markup"
    assert "web page code" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", simple_pdf("Spending < budget > plan", ["Scores: 3 < 4 and 5 > 2"])),
        ("report.pdf", _pdf_with_stream(b"BT (a < b, <htm, <svgx) Tj ET << /Type /Page >>")),
        ("data.csv", b"Agency,Amount\nCouncil <north>,1\nbody < head,2\n"),
    ],
)
def test_ordinary_angle_brackets_are_not_markup(name, content):
    assert validation.validate_document_upload(SimpleUploadedFile(name, content)) is None


def _xlsx_bomb(unpacked_bytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (1024 * 1024)
            for _ in range(unpacked_bytes // len(block)):
                member.write(block)
    return buffer.getvalue()


def test_xlsx_that_unpacks_to_300_mb_is_refused():
    bomb = _xlsx_bomb(300 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024  # small enough to pass the 20 MB upload limit
    error = _refusal("figures.xlsx", bomb)
    assert error.code == "file_unpacked_size"
    assert "unpacks to 300" in error.messages[0]


def test_zip_that_compresses_like_a_bomb_is_refused_under_the_size_cap():
    error = _refusal("figures.xlsx", _xlsx_bomb(20 * 1024 * 1024))
    assert error.code == "file_unpacked_size"
    assert "times its size" in error.messages[0]


def test_ordinary_xlsx_is_accepted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        # Incompressible cells, 2 MB: a real sheet of figures, not a bomb.
        archive.writestr("xl/worksheets/sheet1.xml", os.urandom(2 * 1024 * 1024))
    assert validation.validate_document_upload(SimpleUploadedFile("figures.xlsx", buffer.getvalue())) is None


def test_admin_upload_of_a_markup_pdf_stores_nothing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(StaffFactory())
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Looks like a PDF",
            "file": SimpleUploadedFile("guide.pdf", simple_pdf("Guide", ["x"]) + b"<script>alert(1)</script>"),
            "collection": "1",
            "kind": "report",
        },
    )
    assert response.status_code == 200
    assert "web page code" in response.content.decode()
    assert not LibraryDocument.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def _jpeg_with_exif_and_tail() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 1  # Orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue() + b"<html><script>alert(1)</script></html>"


def test_images_are_reencoded_without_metadata_or_appended_bytes():
    original = _jpeg_with_exif_and_tail()
    clean = reencode_image(SimpleUploadedFile("photo.jpg", original)).read()
    assert b"SecretCam" in original and b"SecretCam" not in clean
    assert b"<script>" not in clean
    with Image.open(io.BytesIO(clean)) as picture:
        assert picture.format == "JPEG" and picture.size == (40, 30)
        assert not picture.getexif()


def test_admin_image_upload_stores_the_reencoded_file(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(StaffFactory())
    response = client.post(
        "/admin/images/add/",
        {"title": "Photo", "file": SimpleUploadedFile("photo.jpg", _jpeg_with_exif_and_tail()), "collection": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    stored = image.file.read()
    assert b"SecretCam" not in stored and b"<script>" not in stored
    assert image.file_size == len(stored)

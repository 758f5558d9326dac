"""Check an uploaded document by its content, not just its name.

A file is accepted only if its extension is allowed AND its first bytes (and, for Office
and OpenDocument files, the ZIP members inside) match that extension, and it is no
larger than MAX_UPLOAD_BYTES. A renamed executable or HTML file therefore fails even
when it is called report.pdf.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

ZIP_MEMBERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OPENDOCUMENT_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
TEXT_TYPES = {"csv", "txt"}
ALLOWED_EXTENSIONS = ["pdf", *ZIP_MEMBERS, *OPENDOCUMENT_MIMETYPES, *TEXT_TYPES]
LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "odt": "OpenDocument text",
    "ods": "OpenDocument spreadsheet",
    "csv": "CSV",
    "txt": "plain text",
}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may cut a multi-byte character in half at its very end.
        if error.start < len(head) - 3:
            return False
    lowered = head.lstrip().lower()
    return not lowered.startswith((b"<!doctype html", b"<html", b"<script", b"<svg"))


def _zip_has(uploaded, member: str) -> bool:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def _opendocument_mimetype(uploaded) -> bytes:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return archive.read("mimetype").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return b""
    finally:
        uploaded.seek(0)


def validate_document_upload(uploaded) -> None:
    """Raise ValidationError with a message a person can act on, or return None."""
    name = getattr(uploaded, "name", "") or ""
    extension = _extension(name)
    allowed = ", ".join(LABELS[e] for e in ALLOWED_EXTENSIONS)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(f"The selected file must be a {allowed} file.", code="file_type")
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The selected file must be smaller than {filesizeformat(MAX_UPLOAD_BYTES)} "
            f"(this one is {filesizeformat(size)}).",
            code="file_size",
        )
    if size == 0:
        raise ValidationError("The selected file is empty.", code="file_empty")
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    wrong_content = ValidationError(
        f"The selected file is called .{extension} but its contents are not a {LABELS[extension]} file.",
        code="file_content",
    )
    if extension == "pdf":
        if not head.startswith(b"%PDF-"):
            raise wrong_content
    elif extension in ZIP_MEMBERS:
        if not head.startswith(b"PK\x03\x04") or not _zip_has(uploaded, ZIP_MEMBERS[extension]):
            raise wrong_content
    elif extension in OPENDOCUMENT_MIMETYPES:
        if not head.startswith(b"PK\x03\x04") or _opendocument_mimetype(uploaded) != OPENDOCUMENT_MIMETYPES[extension]:
            raise wrong_content
    elif extension in TEXT_TYPES and not _looks_like_text(head):
        raise wrong_content

"""Check an uploaded document by its content, not just its name (the library's uploads, and the files
members attach to a case study they share).

A file is accepted only if its extension is allowed AND its first bytes (and, for Office
and OpenDocument files, the ZIP members inside) match that extension, and it is no
larger than MAX_UPLOAD_BYTES. A renamed executable or HTML file therefore fails even
when it is called report.pdf.

Content checks (nothing is stored when one fails, as the form refuses the upload):
- text and PDF files must carry no markup a browser would run or render (HTML, SVG,
  script), anywhere in a text file and anywhere in a PDF, its compressed streams included;
- zip-based files (Office, OpenDocument) must unpack to at most MAX_UNCOMPRESSED_BYTES and
  compress no better than MAX_COMPRESSION_RATIO, read from the zip directory before any
  member is decompressed, so a zip bomb costs nothing.
"""

import re
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# Real spreadsheets and documents compress 5-30 times; a zip bomb compresses thousands of times.
MAX_COMPRESSION_RATIO = 100
# Below this, tiny XML members that compress very well are no threat and are not ratio-checked.
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
# Work spent inflating a PDF's streams to look inside them is capped at this much output.
MAX_PDF_INFLATE_BYTES = 50 * 1024 * 1024
# Markup a browser would render or run if the file were ever served or sniffed as HTML/SVG.
MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|svg|iframe|frame|frameset|object|embed|"
    rb"style|link|meta|img|form|math|xml-stylesheet|\?xml-stylesheet)[\s/>]",
    re.IGNORECASE,
)
PDF_STREAM = re.compile(rb"stream\r?\n")

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


def _markup_in_text(uploaded) -> bool:
    uploaded.seek(0)
    try:
        # Text uploads are at most MAX_UPLOAD_BYTES: reading one whole is cheap.
        return MARKUP.search(uploaded.read(MAX_UPLOAD_BYTES + 1)) is not None
    finally:
        uploaded.seek(0)


def _inflated_pdf_streams(data: bytes):
    """Yield each Flate stream of a PDF, decompressed, until MAX_PDF_INFLATE_BYTES in all."""
    budget = MAX_PDF_INFLATE_BYTES
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[match.end() : match.end() + MAX_UPLOAD_BYTES], budget)
        except zlib.error:
            continue  # not Flate (images, other filters) or not compressed: the raw scan covers it
        budget -= len(chunk)
        yield chunk


def _markup_in_pdf(uploaded) -> bool:
    uploaded.seek(0)
    try:
        data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    finally:
        uploaded.seek(0)
    if MARKUP.search(data):
        return True
    return any(MARKUP.search(chunk) for chunk in _inflated_pdf_streams(data))


def _zip_too_big(uploaded) -> str:
    """Why this zip must not be unpacked, from its directory alone; "" when it is fine."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""  # not a zip at all: the signature checks below give the message
    finally:
        uploaded.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        return f"it holds {len(members):,} files (at most {MAX_ZIP_MEMBERS:,})"
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        return f"it unpacks to {filesizeformat(unpacked)} (at most {filesizeformat(MAX_UNCOMPRESSED_BYTES)})"
    if unpacked >= RATIO_CHECK_FROM_BYTES and unpacked / packed > MAX_COMPRESSION_RATIO:
        return f"it unpacks to {unpacked // packed:,} times its size (at most {MAX_COMPRESSION_RATIO})"
    return ""


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
    _check_signature(uploaded, extension, head, wrong_content)
    _check_content(uploaded, extension)


def _check_signature(uploaded, extension: str, head: bytes, wrong_content: ValidationError) -> None:
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


def _check_content(uploaded, extension: str) -> None:
    label = LABELS[extension]
    if extension in ZIP_MEMBERS or extension in OPENDOCUMENT_MIMETYPES:
        reason = _zip_too_big(uploaded)
        if reason:
            raise ValidationError(
                f"The selected {label} file cannot be accepted: {reason}. Save it again without "
                "embedded media, or split it into smaller files.",
                code="file_unpacked_size",
            )
    elif (extension == "pdf" and _markup_in_pdf(uploaded)) or (extension in TEXT_TYPES and _markup_in_text(uploaded)):
        raise ValidationError(
            f"The selected {label} file contains web page code (HTML, SVG or script), which this site "
            "does not accept. Remove it, or save the document again as a plain file, and upload it again.",
            code="file_markup",
        )

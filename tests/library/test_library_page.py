"""The public library index: filters with counts, file type and size shown, text inert."""

from django.core.files.base import ContentFile

from benchmarks.models import Service
from benchmarks.services import ensure_services
from casestudies.demo import ensure_index
from casestudies.models import Theme
from casestudies.services import ensure_themes
from cop.library.demo import simple_pdf
from cop.library.models import LibraryDocument, LibraryIndexPage


def _document(title, name, content, year=2010, kind="report", themes=(), services=(), **extra):
    document = LibraryDocument(title=title, year=year, kind=kind, **extra)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    document.themes.set(Theme.objects.filter(name__in=themes))
    document.service_areas.set(Service.objects.filter(code__in=services))
    return document


def test_library_filters_with_counts_and_shows_type_and_size(client, home_page):
    ensure_services()
    ensure_themes()
    ensure_index(home_page, LibraryIndexPage, "library", "Library", "")
    _document("Housing report", "housing.pdf", simple_pdf("Housing", ["x"]), themes=["Housing"], services=["490"])
    _document("Count template", "count.csv", b"a,b\n1,2\n", year=2024, kind="template", themes=["Back office"])
    _document("Hidden file", "hidden.txt", b"internal", show_in_library=False)

    html = client.get("/library/").content.decode()
    assert "2 documents" in html and "Hidden file" not in html
    assert "PDF, " in html and "CSV, 8\xa0bytes" in html
    assert "Housing (1)" in html and "Template (1)" in html

    filtered = client.get("/library/?theme=housing").content.decode()
    assert "Housing report" in filtered and "Count template" not in filtered
    assert "1 document" in filtered
    assert "Count template" in client.get("/library/?file_type=csv").content.decode()
    assert "Housing report" not in client.get("/library/?year=2024").content.decode()
    assert "Housing report" in client.get("/library/?service=490").content.decode()
    assert "0 documents" in client.get("/library/?kind=toolkit").content.decode()
    assert client.get("/library/?year=abc&kind=<script>&file_type=exe").status_code == 200


def test_document_text_is_inert(client, home_page):
    ensure_index(home_page, LibraryIndexPage, "library", "Library", "")
    _document(
        "<script>alert(1)</script>",
        "x.pdf",
        simple_pdf("x", []),
        summary="<img src=x onerror=alert(1)>",
        publisher="<b>p</b>",
    )
    html = client.get("/library/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>p</b>" not in html


def test_library_demo_is_idempotent(home_page):
    import io

    from cop.library import demo

    demo.load(home_page, io.StringIO())
    demo.load(home_page, io.StringIO())
    assert LibraryDocument.objects.count() == len(demo.DOCUMENTS)

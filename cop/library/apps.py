from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "cop.library"
    label = "library"
    verbose_name = "Library"

    def ready(self):
        from cop.sitesearch.registry import registry

        from . import selectors  # noqa: F401 - registers the page contexts (cop.core.pages)
        from .search import LibraryDocumentSource

        registry.register(LibraryDocumentSource())

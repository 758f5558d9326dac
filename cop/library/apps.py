from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "cop.library"
    label = "library"
    verbose_name = "Library"

    def ready(self):
        from cop.communities import registry as group_content
        from cop.sitesearch.registry import registry

        from . import selectors  # registers the page contexts (cop.core.pages)
        from .search import LibraryDocumentSource

        registry.register(LibraryDocumentSource())
        group_content.register(
            group_content.ContentKind(key="documents", label="Documents", items=selectors.group_content_items)
        )

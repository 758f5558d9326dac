from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "cop.library"
    label = "library"
    verbose_name = "Library"

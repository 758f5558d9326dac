from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cop.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import signals  # noqa: F401 - connect purge handlers

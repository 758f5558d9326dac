from django.apps import AppConfig


class SitesearchConfig(AppConfig):
    name = "cop.sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"

    def ready(self):
        from . import signals
        from .sources import register_all

        register_all()
        signals.connect()

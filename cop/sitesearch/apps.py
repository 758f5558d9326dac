from django.apps import AppConfig


class SitesearchConfig(AppConfig):
    name = "cop.sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"

    def ready(self):
        # Each content app registers its own sources in its ready(); this connects the signals
        # that keep the index in step with them.
        from . import signals
        from .councils import CouncilSource
        from .registry import registry

        registry.register(CouncilSource())
        signals.connect()

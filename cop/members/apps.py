from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "cop.members"
    label = "members"
    verbose_name = "Members"

    def ready(self):
        from cop.sitesearch.registry import registry

        from . import signals  # noqa: F401 - profiles and officer verification
        from .search import MemberSource

        registry.register(MemberSource())

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "cop.members"
    label = "members"
    verbose_name = "Members"

    def ready(self):
        from cop.sitesearch.registry import registry

        from . import signals  # noqa: F401 - profiles and officer verification
        from .search import MemberSource
        from .selectors import is_moderator, is_verified_officer

        registry.register(MemberSource())
        # Search shows verified officers' items to them and to moderators; search never imports members.
        registry.register_verified_rule(lambda user: is_verified_officer(user) or is_moderator(user))

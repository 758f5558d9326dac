from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "cop.members"
    label = "members"
    verbose_name = "Members"

    def ready(self):
        from cop.core.member_pages import register_member_class
        from cop.sitesearch.registry import registry

        from . import signals  # noqa: F401 - profiles and officer verification
        from .search import MemberSource
        from .selectors import is_moderator, is_verified_officer, member_page_class

        registry.register(MemberSource())
        # Signed-in pages from cached shells (cop.core.member_pages) for ordinary members.
        register_member_class(member_page_class)
        # Search shows verified officers' items to them and to moderators; search never imports members.
        registry.register_verified_rule(lambda user: is_verified_officer(user) or is_moderator(user))

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "cop.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from benchmarks import practice
        from cop.communities import registry as group_content
        from cop.core.member_pages import register_kind
        from cop.members import extensions
        from cop.sitesearch.registry import registry

        from . import member_pages, selectors
        from .search import ReplySource, ThreadSource
        from .selectors import threads_for_service
        from .services import forget_member

        practice.register("threads", threads_for_service)
        extensions.register(
            forget=forget_member,
            export=selectors.member_data_export,
            profile=lambda member, viewer: {
                "threads": selectors.member_threads(member, viewer),
                "answers": selectors.member_answers(member, viewer),
            },
            expertise=selectors.expertise_locator,
        )

        group_content.register(
            group_content.ContentKind(
                key="discussions",
                label="Discussions",
                items=selectors.group_content_items,
                new_url=selectors.new_group_thread_url,
                add_label="Start a discussion",
            )
        )
        # A thread's member page shell serves members with nothing of their own in it.
        register_kind("thread", member_pages.thread_regions)
        registry.register(ThreadSource())
        registry.register(ReplySource())

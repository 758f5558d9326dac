from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "cop.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from benchmarks import practice
        from cop.sitesearch.registry import registry

        from .search import ReplySource, ThreadSource
        from .selectors import threads_for_service

        practice.register("threads", threads_for_service)

        registry.register(ThreadSource())
        registry.register(ReplySource())

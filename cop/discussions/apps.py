from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "cop.discussions"
    label = "discussions"
    verbose_name = "Discussions"

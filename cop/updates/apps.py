from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "cop.updates"
    label = "updates"
    verbose_name = "Updates"

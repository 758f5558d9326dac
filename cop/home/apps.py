from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cop.home"
    label = "home"
    verbose_name = "Home"

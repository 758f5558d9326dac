from django.apps import AppConfig


class SitesearchConfig(AppConfig):
    name = "cop.sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"

from django.apps import AppConfig


class CountConfig(AppConfig):
    name = "benchmarks.count"
    label = "count"
    verbose_name = "The count"
    default_auto_field = "django.db.models.BigAutoField"

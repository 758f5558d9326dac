from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "benchmarks.groups"
    label = "benchmark_groups"
    verbose_name = "Comparison groups"

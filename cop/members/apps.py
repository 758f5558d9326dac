from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "cop.members"
    label = "members"
    verbose_name = "Members"

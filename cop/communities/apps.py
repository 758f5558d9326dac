from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "cop.communities"
    label = "communities"
    verbose_name = "Groups"

    def ready(self):
        from cop.sitesearch.models import group_audience
        from cop.sitesearch.registry import registry

        from .selectors import member_group_ids

        # Search shows a closed group's items to its members only; search never imports this app.
        registry.register_audience_rule(lambda user: [group_audience(pk) for pk in member_group_ids(user)])

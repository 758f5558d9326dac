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

        # Members' cached pages are shared by members of the same groups (cop.members.selectors
        # member_page_class): joining or leaving a group changes the member's class at once.
        from django.db.models.signals import post_delete, post_save

        from cop.members.services import forget_member_card

        from .models import Membership

        def forget(sender, instance, **kwargs):
            forget_member_card(instance.user_id)

        post_save.connect(forget, sender=Membership, dispatch_uid="communities-forget-member-card", weak=False)
        post_delete.connect(forget, sender=Membership, dispatch_uid="communities-forget-member-card-delete", weak=False)

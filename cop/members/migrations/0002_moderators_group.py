"""The Moderators group (a separate data migration: the user model cannot wait for wagtailadmin)."""

from django.db import migrations

MODERATORS = "Moderators"


def create_moderators_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    # Moderators work through the review queue in the Wagtail admin.
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access_admin:
        group.permissions.add(access_admin)


def remove_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS).delete()


class Migration(migrations.Migration):
    # Was 0003_moderators_group before the chain was squashed (issue 12).
    replaces = [("members", "0003_moderators_group")]

    dependencies = [
        ("members", "0001_squashed_0002_user_deleted_at_councilemaildomain_expertisetag_and_more"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_moderators_group, remove_moderators_group)]

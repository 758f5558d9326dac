from django.db import migrations
from django.utils.text import slugify

# Copied (not imported) so that this migration keeps working if the list changes later.
THEMES = [
    "Children's services", "Drugs and alcohol", "Housing", "Worklessness", "Asset management", "Older people",
    "Offender management", "Back office", "Early years", "Young people", "Health and care", "Community safety",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("casestudies", "Theme")
    for name in THEMES:
        Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

from django.db import migrations


def seed(apps, schema_editor):
    from benchmarks.importers.taxonomy import SERVICES

    Service = apps.get_model("benchmarks", "Service")
    for spec in SERVICES:
        Service.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"], "short_name": spec.get("short_name", ""), "sort_order": spec["sort_order"],
                "is_total": spec.get("is_total", False), "definition_notes": spec.get("definition_notes", ""),
                "first_year": spec.get("first_year"), "last_year": spec.get("last_year"),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("benchmarks", "0002_reference_data_models")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

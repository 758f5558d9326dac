from django.db import migrations

# A frozen copy of the RO service lines as they were when this migration was written. Migrations
# never import live code: benchmarks.ro may change, and benchmarks.services.ensure_services brings
# the rows up to date on every import.
# (code, name, short name, sort order, is_total, first year, last year, definition notes)
SERVICES = [
    (
        "190",
        "Education services",
        "Education",
        10,
        False,
        None,
        None,
        "Includes schools funding passed straight through to schools, which dominates totals for education "
        "authorities.",
    ),
    ("290", "Highways and transport services", "Highways and transport", 20, False, None, None, ""),
    (
        "330",
        "Children's social care",
        "Children's social care",
        30,
        False,
        2011,
        None,
        "Published separately from 2011-12; in 2010-11 social care is one combined line.",
    ),
    (
        "360",
        "Adult social care",
        "Adult social care",
        40,
        False,
        2011,
        None,
        "Published separately from 2011-12; in 2010-11 social care is one combined line.",
    ),
    (
        "330+360",
        "Social care (children's and adults' combined)",
        "Social care",
        45,
        False,
        2010,
        2010,
        "2010-11 only: the RS workbook publishes one combined social care line. Not comparable with the separate "
        "children's (330) and adult (360) lines of later years.",
    ),
    (
        "390",
        "Public health",
        "Public health",
        50,
        False,
        2013,
        None,
        "A council service only from 2013-14, when public health moved from the NHS to councils.",
    ),
    ("490", "Housing services (general fund)", "Housing (GFRA)", 60, False, None, None, ""),
    ("509", "Cultural and related services", "Cultural", 70, False, None, None, ""),
    ("590", "Environmental and regulatory services", "Environmental and regulatory", 80, False, None, None, ""),
    ("599", "Planning and development services", "Planning and development", 90, False, None, None, ""),
    ("601", "Police services", "Police", 100, False, None, None, ""),
    ("602", "Fire and rescue services", "Fire and rescue", 110, False, None, None, ""),
    ("690", "Central services", "Central services", 120, False, None, None, ""),
    ("698", "Other services", "Other", 130, False, None, None, ""),
    ("699", "Total service expenditure", "Total", 140, True, None, None, "Total of lines 190 to 698 as published."),
]


def seed(apps, schema_editor):
    Service = apps.get_model("benchmarks", "Service")
    for code, name, short_name, sort_order, is_total, first_year, last_year, notes in SERVICES:
        Service.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "sort_order": sort_order,
                "is_total": is_total,
                "definition_notes": notes,
                "first_year": first_year,
                "last_year": last_year,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("benchmarks", "0002_reference_data_models")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""A GIN full-text index on thread titles, on PostgreSQL only (SQLite searches with LIKE)."""

from django.db import migrations

INDEX = "discussions_thread_title_fts"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON discussions_thread "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(title, ''::text)))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

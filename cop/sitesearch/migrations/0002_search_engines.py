"""Full-text structures that depend on the database engine.

PostgreSQL: a GIN index on the weighted tsvector. SQLite: an FTS5 table whose rowid is the
SearchDocument id (porter stemming, so "budgets" finds "budget").
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS sitesearch_fts USING fts5("
    "title, keywords, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS sitesearch_fts"
PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS sitesearch_vector_gin ON sitesearch_searchdocument USING gin (search_vector)"
)
PG_DROP = "DROP INDEX IF EXISTS sitesearch_vector_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(PG_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DROP)


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

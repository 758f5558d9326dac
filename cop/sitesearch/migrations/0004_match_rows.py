"""PostgreSQL answers searches from narrow SearchMatchRow rows (see the model).

On PostgreSQL this fills them from the existing index, carrying each document's tsvector
over before SearchDocument's own copy is dropped, so no rebuild is needed. SQLite keeps
using its FTS5 table; the new tables stay empty there.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


FILL_FACET_VALUES = (
    "INSERT INTO sitesearch_facetvalue (token) "
    "SELECT DISTINCT unnest(string_to_array(facet_tokens, chr(31))) FROM sitesearch_searchdocument "
    "WHERE facet_tokens <> '' ON CONFLICT (token) DO NOTHING"
)
FILL_MATCH_ROWS = (
    "INSERT INTO sitesearch_searchmatchrow "
    "(document_id, audience, visible_until, date, source, facet_ids, search_vector) "
    "SELECT d.id, d.audience, d.visible_until, d.date, d.source, "
    "ARRAY(SELECT v.id FROM sitesearch_facetvalue v "
    "WHERE v.token = ANY(string_to_array(d.facet_tokens, chr(31))) ORDER BY v.id), d.search_vector "
    "FROM sitesearch_searchdocument d"
)
CREATE_GIN = (
    "CREATE INDEX IF NOT EXISTS sitesearch_match_vector_gin ON sitesearch_searchmatchrow USING gin (search_vector)",
    # Browsing by facets without words reads only the rows carrying the chosen values.
    "CREATE INDEX IF NOT EXISTS sitesearch_match_facets_gin ON sitesearch_searchmatchrow USING gin (facet_ids)",
)
DROP_GIN = (
    "DROP INDEX IF EXISTS sitesearch_match_vector_gin",
    "DROP INDEX IF EXISTS sitesearch_match_facets_gin",
)


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FILL_FACET_VALUES)
    schema_editor.execute(FILL_MATCH_ROWS)
    for statement in CREATE_GIN:
        schema_editor.execute(statement)


def unfill(apps, schema_editor):
    # Going back: SearchDocument's tsvector column returns empty; `manage.py
    # rebuild_search_index` fills it again.
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP_GIN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('sitesearch', '0003_facet_tokens'),
    ]

    operations = [
        migrations.CreateModel(
            name='FacetValue',
            fields=[
                ('id', models.AutoField(primary_key=True, serialize=False)),
                ('token', models.TextField(unique=True)),
            ],
        ),
        migrations.CreateModel(
            name='SearchMatchRow',
            fields=[
                ('document', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='sitesearch.searchdocument')),
                ('audience', models.CharField(max_length=10)),
                ('visible_until', models.DateField(null=True)),
                ('date', models.DateTimeField(null=True)),
                ('source', models.CharField(max_length=40)),
                ('facet_ids', django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), default=list, size=None)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.RunPython(fill, unfill),
        migrations.RemoveField(
            model_name='searchdocument',
            name='search_vector',
        ),
    ]

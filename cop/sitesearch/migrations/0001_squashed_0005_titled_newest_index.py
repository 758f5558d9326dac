"""All of the sitesearch app's migrations before the first release, squashed into one (issue 12).

`replaces` lets a database that applied the old chain carry on without running anything. Nothing here
imports this project's code except what Django's field deconstruction names (custom fields, callable
defaults); data is a frozen copy."""

import django.contrib.postgres.fields
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# Full-text structures that depend on the database engine, frozen here. SQLite: an FTS5 table whose
# rowid is the SearchDocument id (porter stemming, so "budgets" finds "budget"). PostgreSQL: GIN
# indexes on the match rows' tsvector and facet ids. (The old chain also copied each document's
# tsvector into the match rows; a database migrated from empty has nothing to copy.)
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS sitesearch_fts USING fts5("
    "title, keywords, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS sitesearch_fts"
PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS sitesearch_match_vector_gin ON sitesearch_searchmatchrow USING gin (search_vector)",
    # Browsing by facets without words reads only the rows carrying the chosen values.
    "CREATE INDEX IF NOT EXISTS sitesearch_match_facets_gin ON sitesearch_searchmatchrow USING gin (facet_ids)",
)
PG_DROP = (
    "DROP INDEX IF EXISTS sitesearch_match_vector_gin",
    "DROP INDEX IF EXISTS sitesearch_match_facets_gin",
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in PG_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        for statement in PG_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('sitesearch', '0001_initial'),
        ('sitesearch', '0002_search_engines'),
        ('sitesearch', '0003_facet_tokens'),
        ('sitesearch', '0004_match_rows'),
        ('sitesearch', '0005_titled_newest_index'),
    ]

    dependencies = [
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
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=40)),
                ('object_id', models.CharField(max_length=64)),
                ('audience', models.CharField(choices=[('public', 'Everyone'), ('members', 'Signed-in members'), ('verified', 'Verified council officers')], default='public', max_length=10)),
                ('title', models.CharField(blank=True, max_length=500)),
                ('display_title', models.CharField(blank=True, max_length=500)),
                ('summary', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('keywords', models.TextField(blank=True)),
                ('url', models.CharField(max_length=500)),
                ('date', models.DateTimeField(blank=True, null=True)),
                ('visible_until', models.DateField(blank=True, null=True)),
                ('facets', models.JSONField(default=dict)),
                ('facet_tokens', models.TextField(blank=True, default='')),
                ('indexed_at', models.DateTimeField(auto_now=True)),
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
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['audience', 'date'], name='sitesearch_audience_date'),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['title'], name='sitesearch_title'),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(condition=models.Q(('title', ''), _negated=True), fields=['audience', '-date'], name='sitesearch_titled_newest'),
        ),
        migrations.AddConstraint(
            model_name='searchdocument',
            constraint=models.UniqueConstraint(fields=('source', 'object_id'), name='sitesearch_unique_item'),
        ),
        migrations.RunPython(create, drop),
    ]

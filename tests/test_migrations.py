"""The migrations squashed before the first release (issue 12).

A database that applied the old chains must count as fully migrated (each squash `replaces` them);
one built from empty gets the seeded rows; and migrations import only what Django's field
deconstruction names from this project, never its data or logic.
"""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from benchmarks.models import Service
from casestudies.models import Theme

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("benchmarks", "casestudies", "cop")
# Custom field classes, callable defaults and model mixins: Django writes their import paths into migrations and
# compares them on `makemigrations --check`, so these are the only project imports allowed.
DECONSTRUCTION_IMPORTS = {"benchmarks.years", "casestudies.models", "cop.core.pages", "cop.core.times"}


def _pending_after_recording_only_the_old_chains(drop_also=()):
    """Forget every squashed migration's own row (as on a database migrated before the squash) and
    report what `migrate` would then run."""
    executor = MigrationExecutor(connection)
    squashed = [key for key, migration in executor.loader.disk_migrations.items() if migration.replaces]
    assert squashed, "no squashed migrations found"
    applied = MigrationRecorder.Migration.objects
    for app, name in [*squashed, *drop_also]:
        applied.filter(app=app, name=name).delete()
    executor = MigrationExecutor(connection)
    return [migration.name for migration, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


@pytest.mark.django_db
def test_a_database_migrated_with_the_old_chains_has_nothing_to_apply():
    assert MigrationRecorder.Migration.objects.filter(app="sitesearch", name="0004_match_rows").exists()
    assert _pending_after_recording_only_the_old_chains() == []


@pytest.mark.django_db
def test_a_database_without_the_old_chain_would_run_the_squash():
    # Positive control for the test above: the plan really depends on the old rows.
    disk = MigrationExecutor(connection).loader.disk_migrations
    old_chain = disk[("benchmarks", "0001_squashed_0006_detail_prices_region_source")].replaces
    # Migrations added after the squash go too: a database that never had the old chain has none of them.
    later = [key for key in disk if key[0] == "benchmarks" and not key[1].startswith("0001_")]
    pending = _pending_after_recording_only_the_old_chains(drop_also=[*old_chain, *later])
    assert "0001_squashed_0006_detail_prices_region_source" in pending


@pytest.mark.django_db
def test_a_database_built_from_empty_has_the_seeded_rows():
    assert Service.objects.get(code="699").is_total
    assert Service.objects.get(code="390").first_year.start_year == 2013
    assert Theme.objects.filter(slug="young-people").exists()
    assert Group.objects.filter(name="Moderators").exists()


def _project_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return {name for name in names if name.split(".")[0] in PACKAGES}


def test_migrations_import_no_project_code_beyond_field_deconstruction():
    files = [p for package in PACKAGES for p in (ROOT / package).rglob("migrations/0*.py")]
    assert len(files) >= 10
    offenders = {str(p.relative_to(ROOT)): sorted(_project_imports(p) - DECONSTRUCTION_IMPORTS) for p in files}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_each_app_starts_from_one_squashed_migration_and_then_one_numbered_chain():
    # Everything before the first release is in 0001; each later change is the next number, so two
    # branches that both add a migration are renumbered at merge instead of leaving two leaves.
    for migrations_dir in [p for package in PACKAGES for p in (ROOT / package).rglob("migrations")]:
        names = sorted(p.stem for p in migrations_dir.glob("0*.py"))
        if not names:
            continue  # an app without models
        numbers = [int(name[:4]) for name in names]
        assert numbers == list(range(1, len(names) + 1)), (migrations_dir, names)

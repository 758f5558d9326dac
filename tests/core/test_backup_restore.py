"""Backups that restore: manage.py backup writes the database and media to one archive, and
manage.py restore rebuilds a site from it, refusing a damaged archive or a non-empty
database without --force.

The round trip runs on PostgreSQL (pg_dump/pg_restore) into a second database:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/px_headers pytest tests/core/test_backup_restore.py
"""

import difflib
import gzip
import io
import json
import re
import tarfile

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from wagtail.models import Page

from cop.core.backup import MANIFEST
from cop.library.demo import simple_pdf
from cop.library.models import LibraryDocument

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|csrftoken=[^;"]*')


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            counts[table] = cursor.fetchone()[0]
    return counts


def _rendered(urls: list[str]) -> dict[str, tuple[int, bytes]]:
    client = Client()
    return {
        url: (response.status_code, CSRF.sub(b"", response.content)) for url in urls for response in [client.get(url)]
    }


def _populate(media_root) -> LibraryDocument:
    call_command("load_demo", stdout=io.StringIO())
    document = LibraryDocument(title="Pooled budgets guide", kind="guidance")
    document.file.save("guide.pdf", ContentFile(simple_pdf("Guide", ["Pooled budgets"])), save=False)
    document.save()
    return document


@pytest.fixture
def second_database():
    """An empty PostgreSQL database beside the test one, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("the pg_dump round trip needs PostgreSQL (set DATABASE_URL)")
    name = connection.settings_dict["NAME"] + "_restored"
    params = {k: v for k, v in connection.get_connection_params().items() if k != "dbname"}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_round_trip_into_a_second_database(second_database, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = _populate(settings.MEDIA_ROOT)
    before = _row_counts()
    assert before["wagtailcore_page"] >= 5 and before["benchmarks_authority"] > 0
    assert sum(count for table, count in before.items() if table.startswith("discussions_")) > 0
    urls = [page.url for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path")[:8]]
    pages_before = _rendered(urls)
    assert all(status == 200 for status, _ in pages_before.values())

    archive = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile(MANIFEST).read())
    assert manifest["engine"] == "postgresql" and "database.dump" in manifest["files"]
    assert f"media/{document.file.name}" in manifest["files"]

    original_name = connection.settings_dict["NAME"]
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    connection.close()
    connection.settings_dict["NAME"] = second_database
    try:
        call_command("restore", str(archive), stdout=io.StringIO())
        after = _row_counts()
        pages_after = _rendered(urls)
        # A second restore over the now-populated database needs --force.
        with pytest.raises(CommandError, match="--force"):
            call_command("restore", str(archive), stdout=io.StringIO())
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_name
    assert after == before
    for url, (status, html) in pages_before.items():
        difference = "\n".join(
            difflib.unified_diff(
                html.decode().splitlines(), pages_after[url][1].decode().splitlines(), lineterm="", n=1
            )
        )
        assert pages_after[url][0] == status, url
        assert difference == "", f"{url} renders differently after the restore:\n{difference}"
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == document.file.open("rb").read()


def _rewrite(archive, target, change) -> None:
    """Copy the archive with one member's bytes changed, keeping the original manifest."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_damaged_archives_are_refused_and_change_nothing(settings, tmp_path, home_page):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "note.txt").write_bytes(b"original")
    archive = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    before = _row_counts()

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    not_gzip = tmp_path / "not.tar.gz"
    not_gzip.write_bytes(gzip.compress(b"not a tar archive at all"))
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, lambda name, data: b"changed!" if name.endswith("note.txt") else data)

    (settings.MEDIA_ROOT / "documents" / "note.txt").write_bytes(b"current")
    for bad, message in ((truncated, "not a complete"), (not_gzip, "not a complete"), (tampered, "checksum")):
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(bad), "--force", stdout=io.StringIO())
    assert _row_counts() == before
    assert (settings.MEDIA_ROOT / "documents" / "note.txt").read_bytes() == b"current"


def test_restore_refuses_a_non_empty_database_without_force(settings, tmp_path, home_page):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    Page.objects.filter(pk=home_page.pk).update(title="Changed after the backup")
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Page.objects.get(pk=home_page.pk).title == "Changed after the backup"
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert Page.objects.get(pk=home_page.pk).title == home_page.title


def test_restore_leaves_only_the_archives_media(settings, tmp_path, home_page):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "kept.txt").write_bytes(b"in the backup")
    archive = tmp_path / "site.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    # Uploaded after the backup: no restored row points at these files.
    (settings.MEDIA_ROOT / "documents" / "later.pdf").write_bytes(b"%PDF-1.4 uploaded later")
    (settings.MEDIA_ROOT / "images" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "2026" / "later.png").write_bytes(b"later")
    (settings.MEDIA_ROOT / "documents" / "kept.txt").write_bytes(b"changed later")

    call_command("restore", str(archive), "--force", stdout=io.StringIO())

    files = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*"))
    assert files == ["documents", "documents/kept.txt"]
    assert (settings.MEDIA_ROOT / "documents" / "kept.txt").read_bytes() == b"in the backup"

"""One-file backups of a site: its database and its uploaded media, with a manifest.

The archive is a tar.gz holding manifest.json (when, which database engine and name, the
size and SHA-256 of every other member), the database (``database.dump``: pg_dump's custom
format on PostgreSQL; ``database.sqlite3``: a consistent copy through SQLite's backup API)
and ``media/`` (MEDIA_ROOT). Restoring checks every checksum before touching anything, so a
damaged or tampered archive changes nothing.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from .errors import Invalid

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
PG_DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"


class BackupError(Invalid):
    """The backup or restore could not be done; the message says why and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_environment(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore; the password goes in the environment."""
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} was not found: install the PostgreSQL client (postgresql-client).")
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _dump_database(alias: str, target: Path) -> str:
    settings_dict = connections[alias].settings_dict
    if _engine(alias) == "postgresql":
        arguments, environment = _pg_environment(settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *arguments,
              "--file", str(target / PG_DUMP_NAME), settings_dict["NAME"]], environment)  # fmt: skip
        return PG_DUMP_NAME
    # The open connection, not a path: SQLite's backup API copies a consistent snapshot even while
    # the site writes, and works for an in-memory database too.
    connections[alias].ensure_connection()
    copy = sqlite3.connect(target / SQLITE_NAME)
    try:
        connections[alias].connection.backup(copy)
    finally:
        copy.close()
    return SQLITE_NAME


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink())


def create_backup(output: Path, alias: str = "default") -> dict:
    """Write the archive to ``output`` (atomically: a partial file never has the final name)."""
    media_root = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        database_member = _dump_database(alias, scratch)
        members = {database_member: scratch / database_member}
        for path in _media_files(media_root):
            members["media/" + path.relative_to(media_root).as_posix()] = path
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": _engine(alias),
            "database": str(connections[alias].settings_dict["NAME"]),
            "database_file": database_member,
            "files": {name: {"size": path.stat().st_size, "sha256": _sha256(path)} for name, path in members.items()},
        }
        (scratch / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(scratch / MANIFEST, arcname=MANIFEST)
            for name, path in members.items():
                archive.add(path, arcname=name)
        partial.replace(output)
    return manifest


def _safe_member_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def unpack_backup(archive_path: Path, target: Path) -> dict:
    """Extract and verify the archive into ``target``; raise BackupError if anything is off."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest = json.loads(archive.extractfile(MANIFEST).read())
            expected = set(manifest["files"]) | {MANIFEST}
            for member in archive.getmembers():
                if member.name not in expected or not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
                archive.extract(member, target, filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise BackupError(f"{archive_path} is not a complete backup archive ({error}).") from error
    for name, facts in manifest["files"].items():
        path = target / name
        if not path.is_file():
            raise BackupError(f"The archive is damaged: {name} is missing.")
        if path.stat().st_size != facts["size"] or _sha256(path) != facts["sha256"]:
            raise BackupError(f"The archive is damaged: {name} does not match its checksum.")
    return manifest


def database_has_tables(alias: str = "default") -> bool:
    return bool(connections[alias].introspection.table_names())


def _restore_postgresql(alias: str, dump: Path) -> None:
    settings_dict = connections[alias].settings_dict
    connections[alias].close()
    arguments, environment = _pg_environment(settings_dict)
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *arguments, "--dbname", settings_dict["NAME"], str(dump)], environment)  # fmt: skip


def _restore_sqlite(alias: str, copy: Path) -> None:
    connections[alias].ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connections[alias].connection)
    finally:
        source.close()


def restore_backup(archive_path: Path, alias: str = "default", force: bool = False) -> dict:
    """Rebuild the database and MEDIA_ROOT from the archive."""
    if not force and database_has_tables(alias):
        raise BackupError(
            "The database is not empty: restoring would overwrite it. Run again with --force to replace it."
        )
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        manifest = unpack_backup(archive_path, scratch)
        if manifest["engine"] != _engine(alias):
            raise BackupError(f"The archive holds a {manifest['engine']} database; this site uses {_engine(alias)}.")
        database_file = scratch / manifest["database_file"]
        if manifest["engine"] == "postgresql":
            _restore_postgresql(alias, database_file)
        else:
            _restore_sqlite(alias, database_file)
        _replace_media(scratch / "media", Path(settings.MEDIA_ROOT))
    return manifest


def _replace_media(restored: Path, media_root: Path) -> None:
    """MEDIA_ROOT becomes exactly the archive's media: files uploaded after the backup would
    otherwise linger as orphans that no restored row points at (and might be served)."""
    kept = set()
    if restored.is_dir():
        shutil.copytree(restored, media_root, dirs_exist_ok=True)
        kept = {path.relative_to(restored) for path in _media_files(restored)}
    for path in _media_files(media_root):
        if path.relative_to(media_root) not in kept:
            path.unlink()
    if media_root.is_dir():
        # Deepest first, so a folder emptied by the loop above goes too; MEDIA_ROOT itself stays.
        for folder in sorted(
            (p for p in media_root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True
        ):
            if not any(folder.iterdir()):
                folder.rmdir()

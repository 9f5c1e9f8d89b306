"""Backup and restore of the whole portal: the database, the public media and the private media.

``manage.py backup ARCHIVE`` writes one ``.tar.gz`` holding

- ``manifest.json``: when, which database vendor, the row count of every table and the SHA-256
  of every file, all taken from the same moment as the dump;
- ``database.dump``: ``pg_dump --format=custom`` on PostgreSQL (taken inside the transaction that
  counted the rows, through an exported snapshot, so counts and dump agree even while the site
  keeps writing), or ``database.sqlite3``: a copy made with SQLite's online backup API;
- ``media/`` (``MEDIA_ROOT``: images, documents) and ``private/`` (``PRIVATE_MEDIA_ROOT``:
  volunteers' certificates, which is why the archive must be kept as carefully as the database).

``manage.py restore ARCHIVE`` loads it into a fresh database (it refuses one that already has
tables) and the media folders, then checks every table's row count and every file's checksum
against the manifest and fails loudly on any difference.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done or does not verify; the message says why."""


# -- files ------------------------------------------------------------------------------------


def file_checksums(root: Path) -> dict[str, str]:
    """{relative path: sha256} of every regular file under ``root`` (empty when it is absent)."""
    root = Path(root)
    sums: dict[str, str] = {}
    if not root.is_dir():
        return sums
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            sums[path.relative_to(root).as_posix()] = digest.hexdigest()
    return sums


# -- PostgreSQL -------------------------------------------------------------------------------


def pg_environment(config: dict) -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore from a DATABASES entry (no password on argv)."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if config.get(key):
            env[variable] = str(config[key])
    return env


def _connect_pg(config: dict):
    import psycopg

    return psycopg.connect(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
    )


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _count(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def dump_postgresql(config: dict, target: Path) -> dict[str, int]:
    """pg_dump into ``target``; returns the row counts seen by the very same snapshot."""
    with _connect_pg(config) as pg:
        pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = pg.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with pg.cursor() as cursor:
            counts = _count(cursor, _pg_tables(cursor), _pg_quote)
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
             f"--file={target}"],
            env=pg_environment(config), capture_output=True, text=True,
        )  # fmt: skip
        pg.execute("COMMIT")
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def restore_postgresql(config: dict, dump: Path) -> dict[str, int]:
    with _connect_pg(config) as pg, pg.cursor() as cursor:
        existing = _pg_tables(cursor)
    if existing:
        raise BackupError(
            f"database {config['NAME']!r} already has {len(existing)} tables: restore into a "
            "fresh, empty database (createdb NAME)"
        )
    result = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
         f"--dbname={config['NAME']}", str(dump)],
        env=pg_environment(config), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    with _connect_pg(config) as pg, pg.cursor() as cursor:
        return _count(cursor, _pg_tables(cursor), _pg_quote)


# -- SQLite -----------------------------------------------------------------------------------


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    # FTS5 shadow tables (<name>_data, _idx, ...) are part of their virtual table.
    return [name for (name,) in rows]


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    cursor = db.cursor()
    return _count(cursor, _sqlite_tables(db), _pg_quote)


def dump_sqlite(target: Path) -> dict[str, int]:
    """SQLite's online backup API (a consistent copy while others write); counts of the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return _sqlite_counts(copy)
    finally:
        copy.close()


def restore_sqlite(config: dict, source: Path) -> dict[str, int]:
    target = Path(config["NAME"])
    if target.exists() and target.stat().st_size > 0:
        raise BackupError(f"{target} already exists: restore into a new database file")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    db = sqlite3.connect(target)
    try:
        return _sqlite_counts(db)
    finally:
        db.close()


# -- the archive ------------------------------------------------------------------------------


def create_backup(archive: Path) -> dict:
    """Write the archive; returns its manifest."""
    archive = Path(archive)
    config = connection.settings_dict
    media_root = Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        if connection.vendor == "postgresql":
            dump = Path(tmp) / "database.dump"
            counts = dump_postgresql(config, dump)
        elif connection.vendor == "sqlite":
            dump = Path(tmp) / "database.sqlite3"
            counts = dump_sqlite(dump)
        else:
            raise BackupError(f"no backup for the {connection.vendor} database")
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "vendor": connection.vendor,
            "database_file": dump.name,
            "tables": counts,
            "files": {"media": file_checksums(media_root), "private": file_checksums(private_root)},
        }
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(tmp) / "manifest.json", "manifest.json")
            tar.add(dump, dump.name)
            for folder, root in (("media", media_root), ("private", private_root)):
                for name in manifest["files"][folder]:
                    tar.add(root / name, f"{folder}/{name}")
        # Visible under its name only once complete: a cron job's half-written file is no backup.
        partial.replace(archive)
    return manifest


def _safe_extract(tar: tarfile.TarFile, target: Path) -> None:
    for member in tar.getmembers():
        path = (target / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not path.is_relative_to(target.resolve()):
            raise BackupError(f"refusing archive member {member.name!r}")
    tar.extractall(target, filter="data")


def restore_backup(
    archive: Path,
    database: dict | None = None,
    media_root: Path | None = None,
    private_root: Path | None = None,
) -> dict:
    """Restore into ``database`` (a DATABASES entry; default: the configured one) and the media
    folders, then verify. Returns ``{"tables": n, "rows": n, "files": n}``."""
    database = database or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    private_root = Path(private_root or settings.PRIVATE_MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                _safe_extract(tar, work)
            manifest = json.loads((work / "manifest.json").read_text())
        except (OSError, tarfile.TarError, ValueError) as exc:
            raise BackupError(f"{archive} is not a portal backup: {exc}") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        engine = database["ENGINE"].rsplit(".", 1)[-1]
        vendor = {"postgresql": "postgresql", "sqlite3": "sqlite"}.get(engine, engine)
        if vendor != manifest["vendor"]:
            raise BackupError(
                f"the backup is of a {manifest['vendor']} database, the target is {vendor}"
            )
        dump = work / manifest["database_file"]
        if vendor == "postgresql":
            counts = restore_postgresql(database, dump)
        else:
            counts = restore_sqlite(database, dump)
        for folder, root in (("media", media_root), ("private", private_root)):
            for name in manifest["files"][folder]:
                destination = root / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / folder / name, destination)
    differences = [
        f"table {table}: {manifest['tables'].get(table)} rows in the backup, {counts.get(table)} "
        "restored"
        for table in sorted(set(manifest["tables"]) | set(counts))
        if manifest["tables"].get(table) != counts.get(table)
    ]
    for folder, root in (("media", media_root), ("private", private_root)):
        restored = file_checksums(root)
        differences += [
            f"{folder}/{name}: checksum differs or file missing"
            for name, digest in manifest["files"][folder].items()
            if restored.get(name) != digest
        ]
    if differences:
        raise BackupError("restore does not match the backup:\n" + "\n".join(differences))
    return {
        "tables": len(counts),
        "rows": sum(counts.values()),
        "files": sum(len(files) for files in manifest["files"].values()),
    }

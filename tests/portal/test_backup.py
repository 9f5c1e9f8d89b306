"""`manage.py backup` / `manage.py restore`: a fresh database ends up with the same rows and files.

On PostgreSQL the restore goes into a scratch database created for the test (named after the
configured one, dropped afterwards); on SQLite into a new database file (SQLite's backup API).
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import tarfile
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories.directory import ServicePointFactory
from tests.factories.volunteer import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads only committed rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    """Public and private media with a few files, one of them binary, one with a Chinese name."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (settings.MEDIA_ROOT / "original_images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "original_images" / "泰宁站.jpg").write_bytes(os.urandom(5000))
    (settings.MEDIA_ROOT / "documents").mkdir()
    (settings.MEDIA_ROOT / "documents" / "brand.svg").write_text("<svg/>")
    (settings.PRIVATE_MEDIA_ROOT / "certificates" / "7").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "certificates" / "7" / "a.pdf").write_bytes(b"%PDF-1.4 x")
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


def pg_config(name: str) -> dict:
    return {**connection.settings_dict, "NAME": name}


def pg_url(config: dict) -> str:
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{config.get('USER') or ''}{password}@{host}{port}/{config['NAME']}"


@pytest.fixture
def fresh_database(tmp_path):
    """(database URL, function that counts every table's rows in it)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def count_sqlite() -> dict[str, int]:
            db = sqlite3.connect(path)
            names = db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            counts = {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for (n,) in names}
            db.close()
            return counts

        yield f"sqlite:///{path}", count_sqlite
        return
    if connection.vendor != "postgresql":
        pytest.skip(f"no backup for {connection.vendor}")
    import psycopg

    configured = dj_database_url.parse(os.environ.get("DATABASE_URL", ""))["NAME"] or "fulei"
    name = f"{configured}_restore_{uuid.uuid4().hex[:8]}"
    admin = pg_config("postgres")

    def server():
        return psycopg.connect(
            dbname="postgres",
            host=admin.get("HOST") or None,
            port=admin.get("PORT") or None,
            user=admin.get("USER") or None,
            password=admin.get("PASSWORD") or None,
            autocommit=True,
        )

    with server() as pg:
        pg.execute(f'CREATE DATABASE "{name}"')

    def count_pg() -> dict[str, int]:
        config = pg_config(name)
        with psycopg.connect(
            dbname=name,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
        ) as pg:
            tables = [
                r[0]
                for r in pg.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            ]
            return {t: pg.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}

    yield pg_url(pg_config(name)), count_pg
    with server() as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def test_restore_into_a_fresh_database_gives_identical_rows_and_files(
    home_page, media, fresh_database, tmp_path
):
    ServicePointFactory.create_batch(3)
    station = ServicePointFactory(name="泰宁县儿童关爱服务站")
    UserFactory(email="volunteer@example.org")
    media_root, private_root = media
    url, restored_counts = fresh_database
    archive = tmp_path / "backups" / "fulei.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert "private/certificates/7/a.pdf" in names

    restored_media, restored_private = tmp_path / "restored-media", tmp_path / "restored-private"
    call_command(
        "restore", str(archive), "--database-url", url, "--media-root", str(restored_media),
        "--private-media-root", str(restored_private), stdout=io.StringIO(),
    )  # fmt: skip

    before = source_counts()
    after = restored_counts()
    assert after == before
    assert before["directory_servicepoint"] == 4
    assert tree(restored_media) == tree(media_root)
    assert tree(restored_private) == tree(private_root)
    assert len(tree(restored_media)) == 2
    # And the restored rows are the rows, not only as many of them.
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        name = db.execute(
            "SELECT name FROM directory_servicepoint WHERE id = ?", [station.pk]
        ).fetchone()
        db.close()
        assert name == ("泰宁县儿童关爱服务站",)


def test_restore_refuses_a_database_that_already_has_data(media, tmp_path, fresh_database):
    ServicePointFactory()
    archive = tmp_path / "fulei.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    url, _ = fresh_database
    call_command("restore", str(archive), "--database-url", url, stdout=io.StringIO())

    with pytest.raises(CommandError, match="fresh|new database"):
        call_command("restore", str(archive), "--database-url", url)


def test_restore_of_a_file_that_is_not_a_backup_says_so(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore", str(bogus))

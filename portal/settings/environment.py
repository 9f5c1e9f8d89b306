"""Every environment variable the portal reads, with its default, in one place.

The README's configuration table is checked against ``VARIABLES`` by a test, so a variable
added here without documentation fails the suite.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: str | None
    description: str


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in [
        Variable(
            "DJANGO_SETTINGS_MODULE",
            "portal.settings.dev",
            "Settings module: portal.settings.dev, .test or .production.",
        ),
        Variable(
            "DJANGO_SECRET_KEY",
            None,
            "Secret key. Dev and test use a fixed local key; production refuses to start "
            "without it.",
        ),
        Variable(
            "ALLOWED_HOSTS",
            "localhost,127.0.0.1,[::1]",
            "Comma-separated host names. Required in production.",
        ),
        Variable(
            "DATABASE_URL",
            "sqlite:///var/db.sqlite3",
            "Database URL (dj-database-url syntax). Required in production (PostgreSQL).",
        ),
        Variable(
            "REDIS_URL",
            "",
            "Redis URL for the cache and rate limits. Empty: a database-table cache.",
        ),
        Variable(
            "PORT",
            "8000",
            "Port that `make run` serves on.",
        ),
        Variable(
            "SITE_BASE_URL",
            "http://127.0.0.1:8000",
            "Public base URL, used in admin e-mails and absolute links.",
        ),
        Variable(
            "MAP_TILE_URL",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "Leaflet tile URL template for public maps and the admin widget.",
        ),
        Variable(
            "MAP_TILE_ATTRIBUTION",
            "&copy; OpenStreetMap contributors",
            "Attribution shown under the map tiles.",
        ),
        Variable(
            "SEARCH_BACKEND",
            "database",
            "Search backend: database (embedded) or elasticsearch.",
        ),
        Variable(
            "ELASTICSEARCH_URL",
            "",
            "Search-engine URL when SEARCH_BACKEND=elasticsearch.",
        ),
        Variable(
            "DEFAULT_FROM_EMAIL",
            "Fulei Portal <noreply@fulei.example>",
            "Sender of the portal's e-mails.",
        ),
        Variable(
            "DIRECTORY_CORRECTIONS_EMAIL",
            "directory@fulei.example",
            'Address behind the directory pages\' "report an error" link.',
        ),
        Variable(
            "EMAIL_HOST",
            "",
            "SMTP host in production. Empty: e-mails are written to the console.",
        ),
    ]
}


def env(name: str) -> str:
    """The value of a declared variable, or its default ('' when it has none)."""
    variable = VARIABLES[name]
    value = os.environ.get(name)
    if value is None:
        return variable.default or ""
    return value


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env(name).split(",") if item.strip()]


def require(name: str) -> str:
    """The value of a variable that must be set (production secrets), or a loud refusal."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in production: {VARIABLES[name].description}"
        )
    return value

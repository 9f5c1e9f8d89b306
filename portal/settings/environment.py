"""Every environment variable the portal reads, with its default, in one place.

The configuration table in docs/configuration.md is checked against ``VARIABLES`` by a test, so a
variable added here without documentation fails the suite.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

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
            "Public base URL (scheme, host and port if not the default). Every absolute link "
            "(e-mails, feeds, sitemaps) and CSRF_TRUSTED_ORIGINS come from it. Required in "
            "production.",
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
            "MAP_TILE_DATUM",
            "wgs84",
            "Datum the base map's tiles are drawn in: wgs84 (OpenStreetMap, Tianditu/CGCS2000) or "
            "gcj02 (Amap, Tencent): markers are then shifted to GCJ-02 when drawn; stored "
            "coordinates, the API and open data stay WGS-84.",
        ),
        Variable(
            "MAP_GEOCODER",
            "search.geocoding.DivisionGeocoder",
            "geopy geocoder class for place names on the map; the default is offline, over "
            "the divisions.",
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
            "SEARCH_ENGINE_CLIENT",
            "elasticsearch",
            "Client library for the search engine: elasticsearch (Elasticsearch 8/9) or "
            "opensearch (OpenSearch 2/3, osmem-server).",
        ),
        Variable(
            "SEARCH_INDEX_PREFIX",
            "fulei-dev",
            "Prefix of the search index and alias names, one per environment (fulei-prod, ...).",
        ),
        Variable(
            "SEARCH_ENGINE_TIMEOUT",
            "2",
            "Seconds to wait for the search engine before answering from the database backend.",
        ),
        Variable(
            "SEARCH_ENGINE_RETRY_SECONDS",
            "30",
            "After an engine failure, seconds during which queries go straight to the database "
            "backend before the engine is tried again.",
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
            "SMTP host in production. Empty: e-mails are written to the console (production "
            "refuses that unless ALLOW_CONSOLE_DELIVERY is true).",
        ),
        Variable(
            "EMAIL_PORT",
            "587",
            "SMTP port (587 with STARTTLS, 465 with EMAIL_USE_SSL).",
        ),
        Variable(
            "EMAIL_HOST_USER",
            "",
            "SMTP user name for authenticated sending.",
        ),
        Variable(
            "EMAIL_HOST_PASSWORD",
            "",
            "SMTP password (or the provider's authorisation code).",
        ),
        Variable(
            "EMAIL_USE_TLS",
            "true",
            "SMTP with STARTTLS (true/false).",
        ),
        Variable(
            "EMAIL_USE_SSL",
            "false",
            "SMTP over implicit TLS, usually port 465 (true/false; not with EMAIL_USE_TLS).",
        ),
        Variable(
            "EMAIL_TIMEOUT",
            "10",
            "Seconds to wait for the SMTP server.",
        ),
        Variable(
            "ALLOW_CONSOLE_DELIVERY",
            "false",
            "Production: allow console/file/outbox e-mail and SMS backends, which deliver "
            "nothing (true/false). Only for a smoke deployment; the check portal.E001 refuses "
            "them otherwise.",
        ),
        Variable(
            "SMS_OUTBOX_FILE",
            "",
            "File that portal.delivery.FileSmsSender appends messages to (smoke deployments only).",
        ),
        Variable(
            "BOOTSTRAP_ADMIN_USERNAME",
            "",
            "manage.py bootstrap: user name of the first superuser (asked when empty and "
            "interactive).",
        ),
        Variable(
            "BOOTSTRAP_ADMIN_EMAIL",
            "",
            "manage.py bootstrap: e-mail address of the first superuser.",
        ),
        Variable(
            "BOOTSTRAP_ADMIN_PASSWORD",
            "",
            "manage.py bootstrap: password of the first superuser (asked when empty and "
            "interactive). Remove it from the environment afterwards.",
        ),
        Variable(
            "ID_HASH_KEY",
            None,
            "Key of the HMAC that stands in for volunteers' ID-card numbers. Dev and test use a "
            "fixed local key; production refuses to start without it. Never change it once set.",
        ),
        Variable(
            "PRIVATE_MEDIA_ROOT",
            "var/private",
            "Folder for volunteers' documents, outside the public media root.",
        ),
        Variable(
            "VOLUNTEER_UPLOAD_MAX_BYTES",
            "5242880",
            "Largest no-criminal-record certificate accepted, in bytes.",
        ),
        Variable(
            "VOLUNTEER_APPROVAL_DAYS",
            "365",
            "Days a volunteer approval lasts before a re-check is due.",
        ),
        Variable(
            "SMS_BACKEND",
            "accounts.sms.ConsoleSmsSender",
            "Dotted path of the SMS sender (accounts/sms.py; volunteer.sms.* still accepted).",
        ),
        Variable(
            "ACCOUNTS_UNVERIFIED_PHONE_DAYS",
            "3",
            "Days after which an account made by phone sign-up whose number was never verified "
            "is deleted by expire_unverified_accounts.",
        ),
        Variable(
            "SMS_DAILY_CAP_PER_NUMBER",
            "10",
            "Text messages the portal sends to one mobile number in a day (Asia/Shanghai).",
        ),
        Variable(
            "SMS_DAILY_CAP_TOTAL",
            "2000",
            "Text messages the portal sends in a day, to all numbers together.",
        ),
        Variable(
            "SMS_PROVIDER_URL",
            "",
            "HTTPS gateway for accounts.sms.HttpJsonSmsSender.",
        ),
        Variable(
            "SMS_PROVIDER_TOKEN",
            "",
            "Bearer token for SMS_PROVIDER_URL.",
        ),
        # --- pairing reminders and impact statistics (issue 6) ---
        Variable(
            "VOLUNTEER_REMINDER_DAYS",
            "7",
            "Days before a pairing contact is due that send_reminders e-mails the volunteer.",
        ),
        Variable(
            "IMPACT_SUPPRESSION_THRESHOLD",
            "10",
            "Published impact counts below this are shown as <threshold, never as their value.",
        ),
        Variable(
            "IMPACT_ROUNDING_BASE",
            "5",
            "Published impact counts are rounded to a multiple of this.",
        ),
        Variable(
            "SECURE_HSTS_PRELOAD",
            "false",
            "Production: add `preload` to the HSTS header (true/false). Only once every "
            "subdomain serves HTTPS; hard to undo.",
        ),
        Variable(
            "OPENDATA_LICENSE",
            "https://creativecommons.org/licenses/by/4.0/",
            "URL of the licence of the open datasets (CC BY 4.0 by default).",
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


def env_bool(name: str) -> bool:
    """A declared true/false variable; anything but 1/true/yes/on is false."""
    return env(name).strip().lower() in ("1", "true", "yes", "on")


def site_origin(url: str) -> str:
    """``https://fulei.example.cn:8443`` from a base URL, or a clear refusal of a malformed one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_BASE_URL must be an http(s) URL such as https://fulei.example.cn, not {url!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


def require(name: str) -> str:
    """The value of a variable that must be set (production secrets), or a loud refusal."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in production: {VARIABLES[name].description}"
        )
    return value

"""Production's security settings, read from a clean interpreter as a server would load them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

from tests.portal.test_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
NAMES = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "PASSWORD_HASHERS",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "FILE_UPLOAD_MAX_MEMORY_SIZE",
    "FILE_UPLOAD_PERMISSIONS",
    "FILE_UPLOAD_DIRECTORY_PERMISSIONS",
    "WAGTAILIMAGES_MAX_UPLOAD_SIZE",
    "WAGTAILDOCS_SERVE_METHOD",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "CONTENT_SECURITY_POLICY",
]


def production_settings(**extra_env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="portal.settings.production")
    clean.update(extra_env)
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production():
    return production_settings()


def test_cookies_travel_over_https_only(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["LANGUAGE_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True


def test_https_is_enforced_behind_the_proxy(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    # Preload is a deliberate, documented opt-in.
    assert production["SECURE_HSTS_PRELOAD"] is False
    assert production_settings(SECURE_HSTS_PRELOAD="true")["SECURE_HSTS_PRELOAD"] is True


def test_framing_referrer_opener_and_sniffing_are_locked_down(production):
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_REFERRER_POLICY"] in (
        "strict-origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "no-referrer",
    )
    assert production["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_passwords_are_hashed_with_argon2(production):
    assert production["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_uploads_are_bounded_private_to_the_portal_and_outside_the_web_roots(production):
    assert production["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 2_621_440
    assert production["FILE_UPLOAD_MAX_MEMORY_SIZE"] <= 2_621_440
    assert production["FILE_UPLOAD_PERMISSIONS"] == 0o640
    assert production["FILE_UPLOAD_DIRECTORY_PERMISSIONS"] == 0o750
    assert production["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] <= 10 * 1024 * 1024
    assert production["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    private = Path(production["PRIVATE_MEDIA_ROOT"])
    for public in (production["MEDIA_ROOT"], production["STATIC_ROOT"]):
        assert Path(public) not in private.parents and private != Path(public)


def test_production_sends_the_csp_too(production):
    directives = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]


def test_a_private_media_root_inside_the_public_one_stops_the_portal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    errors = [e for e in run_checks(include_deployment_checks=False) if e.id == "accounts.E001"]
    assert len(errors) == 1
    assert "volunteers' documents would be served" in errors[0].msg


def test_the_configured_private_media_root_passes_the_check():
    assert not [e for e in run_checks() if e.id == "accounts.E001"]

"""Production configuration that cannot half-work (issue 18): SMTP, SITE_BASE_URL as the one
origin of every absolute link and of CSRF trust, wsgi.py reading .env, and the start-up check
that refuses senders which deliver nothing."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.checks import run_checks
from django.test import override_settings

from tests.portal.test_settings import PRODUCTION_ENV, ROOT

SMTP_ENV = {
    "EMAIL_HOST": "smtp.example.cn",
    "EMAIL_PORT": "465",
    "EMAIL_HOST_USER": "noreply@fulei.example.cn",
    "EMAIL_HOST_PASSWORD": "smtp-secret",
    "EMAIL_USE_TLS": "false",
    "EMAIL_USE_SSL": "true",
    "SMS_BACKEND": "volunteer.sms.HttpJsonSmsSender",
}


def production(
    env: dict, code: str, cwd: Path = ROOT, path: str = ""
) -> subprocess.CompletedProcess:
    """Run ``code`` in a clean interpreter with the production settings, as a server would."""
    names = (
        set(PRODUCTION_ENV) | set(SMTP_ENV) | {"ALLOW_CONSOLE_DELIVERY", "DJANGO_SETTINGS_MODULE"}
    )
    clean = {k: v for k, v in os.environ.items() if k not in names}
    clean.update(env)
    clean.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    if path:
        clean["PYTHONPATH"] = path
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=clean, capture_output=True, text=True
    )


def test_authenticated_smtp_and_csrf_origin_come_from_the_environment():
    result = production(
        {**PRODUCTION_ENV, **SMTP_ENV, "SITE_BASE_URL": "https://fulei.example.cn:8443/"},
        "import django; from django.conf import settings as s; django.setup(); "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
        "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.CSRF_TRUSTED_ORIGINS, "
        "s.SITE_BASE_URL, s.WAGTAILADMIN_BASE_URL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.cn",
        "465",
        "noreply@fulei.example.cn",
        "smtp-secret",
        "False",
        "True",
        "['https://fulei.example.cn:8443']",
        "https://fulei.example.cn:8443",
        "https://fulei.example.cn:8443",
    ]


def test_a_malformed_site_base_url_is_refused_by_name():
    result = production(
        {**PRODUCTION_ENV, "SITE_BASE_URL": "fulei.example.cn"},
        "import django; django.setup()",
    )
    assert result.returncode != 0
    assert "SITE_BASE_URL must be an http(s) URL" in result.stderr


CHECK = (
    "import django; django.setup(); from django.core.checks import run_checks; "
    "print(sorted({m.id for m in run_checks() if m.is_serious()}))"
)


def test_production_refuses_console_email_and_sms_unless_allowed():
    refused = production(PRODUCTION_ENV, CHECK)  # no EMAIL_HOST, the console SMS sender
    assert refused.returncode == 0, refused.stderr
    assert "portal.E001" in refused.stdout
    allowed = production({**PRODUCTION_ENV, "ALLOW_CONSOLE_DELIVERY": "true"}, CHECK)
    assert "portal.E001" not in allowed.stdout
    configured = production({**PRODUCTION_ENV, **SMTP_ENV}, CHECK)
    assert "portal.E001" not in configured.stdout


@pytest.mark.parametrize(
    ("email", "sms", "messages"),
    [
        ("django.core.mail.backends.console.EmailBackend", "volunteer.sms.HttpJsonSmsSender", 1),
        ("django.core.mail.backends.smtp.EmailBackend", "volunteer.sms.ConsoleSmsSender", 1),
        ("django.core.mail.backends.smtp.EmailBackend", "accounts.sms.ConsoleSmsSender", 1),
        ("django.core.mail.backends.smtp.EmailBackend", "portal.delivery.FileSmsSender", 1),
        ("django.core.mail.backends.filebased.EmailBackend", "volunteer.sms.OutboxSmsSender", 2),
        ("django.core.mail.backends.smtp.EmailBackend", "volunteer.sms.HttpJsonSmsSender", 0),
    ],
)
def test_the_delivery_check_names_what_would_not_be_sent(email, sms, messages):
    with override_settings(REQUIRE_REAL_DELIVERY=True, EMAIL_BACKEND=email, SMS_BACKEND=sms):
        errors = [m for m in run_checks() if m.id == "portal.E001"]
    assert len(errors) == messages
    for error in errors:
        assert "ALLOW_CONSOLE_DELIVERY" in error.hint
        assert email in error.msg or sms in error.msg


def test_site_base_url_outside_allowed_hosts_is_refused(settings):
    settings.MIDDLEWARE = ["portal.middleware.SiteOriginMiddleware", *settings.MIDDLEWARE]
    settings.SITE_BASE_URL = "https://fulei.example.cn"
    settings.ALLOWED_HOSTS = ["other.example.cn"]
    assert [m.id for m in run_checks() if m.id == "portal.E002"] == ["portal.E002"]
    settings.ALLOWED_HOSTS = ["other.example.cn", "fulei.example.cn"]
    assert not [m for m in run_checks() if m.id == "portal.E002"]


@pytest.mark.django_db
def test_emails_link_to_site_base_url_whatever_host_the_proxy_passed(client, settings):
    """allauth builds its links from the request: nginx's `Host $host` dropped the port."""
    settings.MIDDLEWARE = ["portal.middleware.SiteOriginMiddleware", *settings.MIDDLEWARE]
    settings.SITE_BASE_URL = "https://fulei.example.cn:8443"
    settings.ALLOWED_HOSTS = ["fulei.example.cn", "10.0.0.5"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production
    get_user_model().objects.create_user("e1", email="e1@example.org", password="x-Long-pass-77")

    response = client.post(
        "/accounts/password/reset/",
        {"email": "e1@example.org"},
        HTTP_HOST="10.0.0.5",
        HTTP_X_FORWARDED_PROTO="https",  # nginx overwrites it
    )

    assert response.status_code == 302
    links = re.findall(r"https?://\S+", mail.outbox[-1].body)
    # The reset link, and the portal's own address in the signature, from SITE_BASE_URL only.
    assert all(link.startswith("https://fulei.example.cn:8443") for link in links), links
    assert any(
        link.startswith("https://fulei.example.cn:8443/accounts/password/reset/key/")
        for link in links
    ), links
    assert "10.0.0.5" not in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_host_outside_allowed_hosts_is_still_refused(client, settings):
    settings.MIDDLEWARE = ["portal.middleware.SiteOriginMiddleware", *settings.MIDDLEWARE]
    settings.SITE_BASE_URL = "https://fulei.example.cn"
    settings.ALLOWED_HOSTS = ["fulei.example.cn"]
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 400


def test_wsgi_reads_the_project_env_file_and_runs_the_production_checks(tmp_path):
    """gunicorn imports portal.wsgi, not manage.py: it must read the same .env."""
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "portal", project / "portal", ignore=shutil.ignore_patterns("__pycache__")
    )
    env_lines = [f"{k}={v}" for k, v in PRODUCTION_ENV.items()]
    code = "import portal.wsgi; from django.conf import settings; print(settings.SITE_BASE_URL)"

    (project / ".env").write_text("\n".join(env_lines) + "\n", encoding="utf-8")
    refused = production({}, code, cwd=tmp_path, path=f"{project}:{ROOT}")
    assert refused.returncode != 0
    assert "portal.E001" in refused.stderr  # console e-mail and SMS: gunicorn does not start

    (project / ".env").write_text(
        "\n".join([*env_lines, "ALLOW_CONSOLE_DELIVERY=true"]) + "\n", encoding="utf-8"
    )
    started = production({}, code, cwd=tmp_path, path=f"{project}:{ROOT}")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "https://fulei.example.cn"


def test_env_example_lists_every_required_variable_and_passes_the_checks():
    """docs/env.example is the one list an operator copies to /srv/fulei/.env."""
    from dotenv import dotenv_values

    from portal.settings.environment import VARIABLES

    path = ROOT / "docs" / "env.example"
    values = dotenv_values(path)
    assert values["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    required = set(PRODUCTION_ENV) | {"EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"}
    assert required <= {name for name, value in values.items() if value is not None}
    mentioned = re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", path.read_text(), re.MULTILINE)
    assert set(mentioned) <= set(VARIABLES), set(mentioned) - set(VARIABLES)

    result = production({k: v for k, v in values.items() if v is not None}, CHECK)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

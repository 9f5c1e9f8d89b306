import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from portal.settings.environment import VARIABLES

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "fulei.example.cn",
    "DATABASE_URL": "postgres://fulei@db.example/fulei",
    "ID_HASH_KEY": "k" * 40,
    "SITE_BASE_URL": "https://fulei.example.cn",
}


def load_production_settings(env: dict) -> subprocess.CompletedProcess:
    """Import the production settings in a clean interpreter, as a server would at start."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings.production")
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.ALLOWED_HOSTS, "
        "settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_secret(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = load_production_settings(env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_starts_secure_when_configured():
    result = load_production_settings(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "True"]
    assert "fulei.example.cn" in result.stdout
    assert "postgresql" in result.stdout


def test_defaults_are_chinese_first_in_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_configuration_page_documents_every_environment_variable_with_its_default():
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    # The table is one block of rows: a blank line would end it there in rendered Markdown.
    tables = re.findall(r"^\| variable \| default \| meaning \|\n(?:^\|.*\n?)+", page, re.MULTILINE)
    assert len(tables) == 1, "docs/configuration.md should hold one configuration table"
    table = tables[0]
    for variable in VARIABLES.values():
        row = re.search(rf"^\| `{variable.name}` \|(.*)$", table, re.MULTILINE)
        assert row, f"docs/configuration.md's table has no row for {variable.name}"
        if variable.default:
            assert f"`{variable.default}`" in row.group(1), variable.name

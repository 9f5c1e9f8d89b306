"""manage.py bootstrap: one idempotent production setup (docs/deploy.md §2)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from content.models import HomePage
from directory.models import Division, ServicePoint
from impact.models import ImpactSnapshot

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN = {
    "BOOTSTRAP_ADMIN_USERNAME": "ops",
    "BOOTSTRAP_ADMIN_EMAIL": "ops@fulei.example.cn",
    "BOOTSTRAP_ADMIN_PASSWORD": "a-long-Unusual-passphrase-71",
}


def bootstrap(*args) -> str:
    out = StringIO()
    call_command("bootstrap", "--allow-non-production", "--no-input", *args, stdout=out)
    return out.getvalue()


def test_refuses_to_set_up_production_on_other_settings():
    with pytest.raises(CommandError, match="DJANGO_SETTINGS_MODULE=portal.settings.production"):
        call_command("bootstrap", "--no-input")
    assert not Division.objects.exists()


def test_sets_up_a_working_site_and_a_second_run_changes_nothing(
    monkeypatch, settings, tmp_path, client
):
    for name, value in ADMIN.items():
        monkeypatch.setenv(name, value)
    settings.SITE_BASE_URL = "https://fulei.example.cn"
    settings.STATIC_ROOT = tmp_path / "static"

    output = bootstrap()

    assert "Bootstrap done" in output
    home = HomePage.objects.get(locale__language_code="zh-hans")
    assert home.title != "Welcome to your new Wagtail site!"
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == ("fulei.example.cn", 443, home.pk)
    assert Division.objects.count() > 1000
    health = client.get("/healthz").json()
    assert health["search"]["status"] == "ok", health  # not "empty"
    assert ImpactSnapshot.objects.count() == 1
    assert (tmp_path / "static" / "frontend").is_dir()
    admin = get_user_model().objects.get(username="ops")
    assert admin.is_superuser and admin.check_password(ADMIN["BOOTSTRAP_ADMIN_PASSWORD"])
    assert not ServicePoint.objects.exists()  # no demo data unless asked

    counts = (Division.objects.count(), HomePage.objects.count(), ImpactSnapshot.objects.count())
    again = bootstrap()
    assert "An admin exists already" in again
    assert counts == (
        Division.objects.count(),
        HomePage.objects.count(),
        ImpactSnapshot.objects.count(),
    )
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_demo_data_only_on_request():
    bootstrap("--demo")
    assert ServicePoint.objects.exists()


def test_demo_on_request_loads_under_production_settings(settings):
    """Production settings refuse a stray load_demo_data; bootstrap --demo is the explicit ask
    (the deployment smoke test runs it on production settings)."""
    settings.DEMO_DATA_ALLOWED = False
    bootstrap("--demo")
    assert ServicePoint.objects.exists()


def test_without_admin_details_it_says_how_to_make_one(monkeypatch):
    for name in ADMIN:
        monkeypatch.delenv(name, raising=False)
    output = bootstrap()
    assert "No admin was created" in output
    assert "createsuperuser" in output
    assert not get_user_model().objects.exists()


def test_a_weak_admin_password_is_refused_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("BOOTSTRAP_ADMIN_USERNAME", "ops")
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "123456")
    with pytest.raises(CommandError, match="BOOTSTRAP_ADMIN_PASSWORD is not accepted"):
        bootstrap()
    assert not get_user_model().objects.exists()

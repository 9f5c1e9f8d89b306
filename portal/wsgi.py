"""WSGI entry point for gunicorn: production settings unless the environment says otherwise.

Reads the project's ``.env`` exactly as ``manage.py`` does (variables already in the
environment, e.g. from systemd's EnvironmentFile, win), and refuses to start when the
production checks fail (portal/delivery.py: e-mails or SMS that would not be delivered,
SITE_BASE_URL outside ALLOWED_HOSTS), as ``manage.py migrate`` would.
"""

import os
from pathlib import Path

from dotenv import load_dotenv

load_dotenv(Path(__file__).resolve().parent.parent / ".env")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

from django.core import checks  # noqa: E402
from django.core.management.base import SystemCheckError  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

_errors = [m for m in checks.run_checks(tags=["production"]) if m.is_serious()]
if _errors:
    raise SystemCheckError("\n".join(str(error) for error in _errors))

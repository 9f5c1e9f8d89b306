"""Test settings: fast hashing and plain static storage; the database and cache come from the
environment so CI can run the same suite on PostgreSQL and Redis."""

from .base import *  # noqa: F403
from .base import VAR_DIR
from .environment import env

SECRET_KEY = env("DJANGO_SECRET_KEY") or "test-only-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the app folders, as in development: no collectstatic in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"
SMS_BACKEND = "accounts.sms.OutboxSmsSender"
ID_HASH_KEY = "test-only-id-hash-key"

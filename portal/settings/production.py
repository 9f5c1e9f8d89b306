"""Production: no defaults for secrets; the portal refuses to start without them."""

from .base import *  # noqa: F403
from .base import database_from_url
from .environment import env, require

DEBUG = False
SECRET_KEY = require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in require("ALLOWED_HOSTS").split(",") if host.strip()]
DATABASES = {"default": database_from_url(require("DATABASE_URL"))}
ID_HASH_KEY = require("ID_HASH_KEY")
# Demo records must never reach a real site by accident (`load_demo_data --allow-production`).
DEMO_DATA_ALLOWED = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind nginx (docs/deploy.md): rate limits key on the visitor's address nginx passes on.
RATELIMIT_IP_META_KEY = "volunteer.ratelimits.client_ip"
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"  # allauth's own limits, same address

# --- HTTPS only ---------------------------------------------------------------------------
# nginx terminates TLS and must set X-Forwarded-Proto (and strip any the client sent):
# Django then knows a request was HTTPS and redirects the plain-HTTP ones.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is hard to undo (browsers hard-code the domain): opt in once every subdomain
# of the programme's domain serves HTTPS.
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD").lower() in ("1", "true", "yes")

# --- Uploads ------------------------------------------------------------------------------
# Request bodies other than files stay small; files above this go to a temporary file on
# disk, never wholly into memory. Each kind of upload checks its own limit on top:
# VOLUNTEER_UPLOAD_MAX_BYTES (certificates), WAGTAILIMAGES_MAX_UPLOAD_SIZE (editors' images).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploaded files readable by the portal's user and group only (nginx reads public media
# through the group), never by other accounts on the machine.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")

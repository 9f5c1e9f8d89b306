"""Production: no defaults for secrets; the portal refuses to start without them."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, database_from_url
from .environment import env, env_bool, require, site_origin

DEBUG = False
SECRET_KEY = require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in require("ALLOWED_HOSTS").split(",") if host.strip()]
DATABASES = {"default": database_from_url(require("DATABASE_URL"))}
ID_HASH_KEY = require("ID_HASH_KEY")
# The default (http://127.0.0.1:8000) would put a development address into every e-mail.
SITE_BASE_URL = require("SITE_BASE_URL").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
CSRF_TRUSTED_ORIGINS = [site_origin(SITE_BASE_URL)]
# Requests are pinned to SITE_BASE_URL's origin once their Host has passed ALLOWED_HOSTS, so
# allauth's e-mails, feeds, sitemaps and the DCAT catalogue all link to it, whatever Host
# header or port the proxy passed on (docs/deploy.md).
MIDDLEWARE = ["portal.middleware.SiteOriginMiddleware", *MIDDLEWARE]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_BASE_URL.split(":", 1)[0]
# Demo records must never reach a real site by accident (`load_demo_data --allow-production`).
DEMO_DATA_ALLOWED = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        # Static files are public: readable by nginx whatever FILE_UPLOAD_PERMISSIONS (0640,
        # for uploads) says, which collectstatic would otherwise apply to them too.
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}

# Behind nginx (docs/deploy.md): rate limits key on the visitor's address nginx passes on.
RATELIMIT_IP_META_KEY = "accounts.ratelimits.client_ip"
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

# --- Delivery of e-mails and text messages -------------------------------------------------
# Authenticated SMTP (587 with STARTTLS by default). Without EMAIL_HOST e-mails go to the
# console, and the check portal.E001 refuses that (and a console or file SMS sender) unless
# ALLOW_CONSOLE_DELIVERY says this deployment is a smoke test.
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS") and not env_bool("EMAIL_USE_SSL")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT"))
    SERVER_EMAIL = DEFAULT_FROM_EMAIL  # noqa: F405
REQUIRE_REAL_DELIVERY = not env_bool("ALLOW_CONSOLE_DELIVERY")

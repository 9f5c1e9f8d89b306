"""Production: no defaults for secrets; the portal refuses to start without them."""

from .base import *  # noqa: F403
from .base import database_from_url
from .environment import env, require

DEBUG = False
SECRET_KEY = require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in require("ALLOWED_HOSTS").split(",") if host.strip()]
DATABASES = {"default": database_from_url(require("DATABASE_URL"))}
ID_HASH_KEY = require("ID_HASH_KEY")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind nginx (docs/deploy.md): rate limits key on the visitor's address nginx passes on.
RATELIMIT_IP_META_KEY = "volunteer.ratelimits.client_ip"
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"  # allauth's own limits, same address
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True

if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")

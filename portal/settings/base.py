"""Settings shared by every environment. Environment variables are declared in environment.py."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.csp import public_policy

from .environment import env, env_list, site_origin

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# The one list of apps (production and test settings add none). Order matters where two apps
# ship a template or static file of the same name: the first wins.
INSTALLED_APPS = [
    # Before allauth, so accounts/templates/allauth/ puts allauth's pages in our layout.
    "accounts",
    "volunteer",
    "portal",
    "directory",
    "opendata",
    "organizations",
    "content",
    "search",
    "frontend",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # django.contrib.admin is left out on purpose: Wagtail's admin is the admin, and Django's
    # admin autodiscovery would import leaflet.admin, which needs the GDAL system library.
    "leaflet",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    # Sign-up and sign-in (accounts/, django-allauth) and their rate limits.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_ratelimit",
    # The audit trail (audit/); its `flush` command overrides Django's (see its docstring).
    "audit",
    # Privacy-scrubbed impact statistics (impact/).
    "impact",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy in every environment, so tests see what production enforces.
    "portal.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "directory.changes.ChangeActorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "accounts.ratelimits.AllauthRateLimitedMiddleware",
    # After authentication: staff and reviewers must set up TOTP before review or admin pages.
    "accounts.middleware.RequireMfaMiddleware",
    "audit.middleware.AuditRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "frontend.context_processors.frontend",
            ],
        },
    },
]


def database_from_url(url: str) -> dict:
    """A DATABASES entry from a URL; relative SQLite paths are taken from the project folder."""
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = config["NAME"]
        if name and name != ":memory:" and not Path(name).is_absolute():
            config["NAME"] = str(BASE_DIR / name)
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers go on while the importer writes; IMMEDIATE avoids
        # "database is locked" on upgrade from a read to a write transaction.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": database_from_url(env("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Reads and writes survive a Redis outage; counters (rate limits) fail closed.
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fulei",
            "TIMEOUT": 300,
            # Fail fast when Redis is down or unreachable, instead of hanging the request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            # Atomic incr, so django-ratelimit limits hold (see portal/cache.py).
            "BACKEND": "portal.cache.AtomicDatabaseCache",
            "LOCATION": "portal_cache",
            "TIMEOUT": 300,
        }
    }

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first: zh-Hans at the bare URLs, English under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = _("Fulei Portal")
# Every absolute link comes from SITE_BASE_URL (production pins requests to its origin:
# portal.middleware.SiteOriginMiddleware), and the CSRF check trusts that origin whatever
# Host or port the proxy passed on.
SITE_BASE_URL = env("SITE_BASE_URL").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
CSRF_TRUSTED_ORIGINS = [site_origin(SITE_BASE_URL)]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "zip", "svg", "png"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Editors' uploads: 10 MB and 40 megapixels at most (a decompression bomb is small on disk).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Documents go through Wagtail's view (collection privacy, download headers), never a bare
# media URL; only PDFs and plain text open in the browser, the rest download.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# A refused form gets the branded 403 page with what to do (portal/templates/403_csrf.html).
CSRF_FAILURE_VIEW = "portal.error_pages.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Map: tiles are a setting so production can use a provider lawful in mainland China.
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
# The datum of the tiles, not of our data: all we store and publish is WGS-84 (docs/deploy.md).
MAP_TILE_DATUM = env("MAP_TILE_DATUM").strip().lower()
if MAP_TILE_DATUM not in ("wgs84", "gcj02"):
    raise ImproperlyConfigured(f"MAP_TILE_DATUM must be wgs84 or gcj02, not {MAP_TILE_DATUM!r}")
# A geopy Geocoder class: offline over our divisions by default, an online one in production.
MAP_GEOCODER = env("MAP_GEOCODER")
# Content-Security-Policy (portal/csp.py): map tiles come from wherever MAP_TILE_URL points.
CONTENT_SECURITY_POLICY = public_policy(MAP_TILE_URL)
# Wagtail's admin would otherwise load user avatars from gravatar.com: nothing from elsewhere.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# ... nor ask releases.wagtail.org for new versions from every editor's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
LEAFLET_CONFIG = {
    "TILES": [("", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION, "maxZoom": 18})],
    "DEFAULT_CENTER": (26.0, 118.2),
    "DEFAULT_ZOOM": 7,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fulei Portal open data API",
    "DESCRIPTION": "The Fujian Fulei programme's service network, search and impact statistics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["portal.api.schema.public_api_only"],
    # Swagger UI is served from our own static files: public CDNs are unreliable in mainland China.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Service points and divisions both have a "level" with different choices: name them.
    "ENUM_NAME_OVERRIDES": {
        "ServiceLevelEnum": "directory.models.ServiceLevel",
        "DivisionLevelEnum": "directory.models.Level",
    },
}

# The directory pages' "report an error" link writes to this address.
DIRECTORY_CORRECTIONS_EMAIL = env("DIRECTORY_CORRECTIONS_EMAIL")

SEARCH_BACKEND = env("SEARCH_BACKEND")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
SEARCH_ENGINE_CLIENT = env("SEARCH_ENGINE_CLIENT")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX")
SEARCH_ENGINE_TIMEOUT = float(env("SEARCH_ENGINE_TIMEOUT"))
SEARCH_ENGINE_RETRY_SECONDS = float(env("SEARCH_ENGINE_RETRY_SECONDS"))

# Fujian's bounding box with a margin for islands: points outside it are rejected on import.
FUJIAN_BOUNDS = {"west": 115.8, "south": 23.4, "east": 120.8, "north": 28.4}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"portal": {"level": "INFO"}, "search": {"level": "INFO"}},
}

# --- Accounts (accounts/, django-allauth) and volunteers (volunteer/) -----------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "volunteer_status"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# "以 138****5678 成功登录", never "以 user3": the name a person gave, else a masked number or
# address (accounts.services.display_name, also the templates' display_name filter).
ACCOUNT_USER_DISPLAY = "accounts.services.display_name"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    # Phone first: the sign-in field says "mobile number or e-mail", the code goes by text.
    "login": "accounts.forms.LoginForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Phone and e-mail are both optional fields; accounts.forms.SignupForm requires exactly one.
ACCOUNT_SIGNUP_FIELDS = ["phone", "email", "password1*", "password2*"]
# "optional" because mobile-only accounts have no address; accounts.adapter.VerifiedEmailStage
# makes verification mandatory for every account that has one.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# Six digits, as every Chinese SMS code is: easy to type on a phone keypad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Fulei Portal"
SILENCED_SYSTEM_CHECKS = [
    # account.W001: neither phone nor e-mail is a *required* sign-up field, because the sign-up
    # form demands exactly one of them (accounts.forms.SignupForm.clean).
    "account.W001",
    # django_ratelimit.W001 "not officially supported": both our caches increment atomically.
    # Django's RedisCache.incr is Redis INCRBY; portal.cache.AtomicDatabaseCache.incr holds the
    # row lock between its read and write.
    "django_ratelimit.W001",
]
RATELIMIT_VIEW = "accounts.ratelimits.ratelimited"
# Failed password sign-ins (allauth's own limits; docs/accounts.md). Per account, under its
# normalised number or address (accounts.adapter.login_failure_key): 5 in 5 minutes lock that
# account's password sign-in for what is left of the 5 minutes; a code by SMS still signs in.
# Per address, high enough for a carrier's or a school's shared address, and progressive: a
# flood waits out a 10-minute window, then an hour, then a day.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key,60/10m/ip,200/h/ip,1000/d/ip",
    "login": "120/m/ip",
}
VOLUNTEER_RATE_LIMITS = {
    "signup": "10/h",
    # Every sign-in POST from one address (successes too): a flood cap, not a lockout, so a
    # village behind one carrier address can still sign in.
    "login": "300/h",
    "password_reset": "5/h",
    "apply": "10/h",
    "upload": "20/h",
}
ID_HASH_KEY = env("ID_HASH_KEY") or "dev-only-id-hash-key"
PRIVATE_MEDIA_ROOT = (
    Path(env("PRIVATE_MEDIA_ROOT")) if env("PRIVATE_MEDIA_ROOT") else VAR_DIR / "private"
)
if not PRIVATE_MEDIA_ROOT.is_absolute():
    PRIVATE_MEDIA_ROOT = BASE_DIR / PRIVATE_MEDIA_ROOT
VOLUNTEER_UPLOAD_MAX_BYTES = int(env("VOLUNTEER_UPLOAD_MAX_BYTES"))
VOLUNTEER_APPROVAL_DAYS = int(env("VOLUNTEER_APPROVAL_DAYS"))
VOLUNTEER_PRIVACY_NOTICE_VERSION = "2026-11"

# The demo world (demo/): `load_demo_data` refuses to run where this is False (production)
# unless it is given --allow-production explicitly.
DEMO_DATA_ALLOWED = True
SMS_BACKEND = env("SMS_BACKEND")
# The senders lived in volunteer.sms before accounts/ existed: env files written then still work.
if SMS_BACKEND.startswith("volunteer.sms."):
    SMS_BACKEND = "accounts.sms." + SMS_BACKEND.removeprefix("volunteer.sms.")
SMS_PROVIDER_URL = env("SMS_PROVIDER_URL")
SMS_PROVIDER_TOKEN = env("SMS_PROVIDER_TOKEN")
SMS_OUTBOX_FILE = env("SMS_OUTBOX_FILE")  # portal.delivery.FileSmsSender (smoke deployments)
# Daily caps on texts (accounts/sms_caps.py), counted in the cache: one number, and everyone.
SMS_DAILY_CAP_PER_NUMBER = int(env("SMS_DAILY_CAP_PER_NUMBER"))
SMS_DAILY_CAP_TOTAL = int(env("SMS_DAILY_CAP_TOTAL"))
# Phone sign-ups whose code was never typed are deleted after this (expire_unverified_accounts).
ACCOUNTS_UNVERIFIED_PHONE_DAYS = int(env("ACCOUNTS_UNVERIFIED_PHONE_DAYS"))

# --- Pairing reminders and impact statistics (volunteer/pairing.py, impact/) ---------------
VOLUNTEER_REMINDER_DAYS = int(env("VOLUNTEER_REMINDER_DAYS"))
IMPACT_SUPPRESSION_THRESHOLD = int(env("IMPACT_SUPPRESSION_THRESHOLD"))
IMPACT_ROUNDING_BASE = int(env("IMPACT_ROUNDING_BASE"))

# Licence of the open datasets, shown on /opendata/ and in the DCAT catalogue.
OPENDATA_LICENSE = env("OPENDATA_LICENSE")

"""Local development: safe, local defaults so `make run` needs no configuration."""

from .base import *  # noqa: F403
from .environment import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
INTERNAL_IPS = ["127.0.0.1"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

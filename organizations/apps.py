from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """Self-service for social organisations: accounts, verification and project moderation."""

    name = "organizations"
    label = "organizations"
    verbose_name = _("Organisation self-service")
    default_auto_field = "django.db.models.BigAutoField"

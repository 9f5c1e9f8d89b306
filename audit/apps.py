from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from audit import signals  # noqa: F401  (connects the permission-change receivers)
        from audit.triggers import reinstall_after_migrate

        # SQLite rebuilds a table to alter it, dropping its triggers: put them back every time.
        post_migrate.connect(reinstall_after_migrate, sender=self)

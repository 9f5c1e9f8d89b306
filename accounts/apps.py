from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.core import checks

        from accounts import (
            signals,  # noqa: F401 - connects the audit receivers
            sms_report,  # noqa: F401 - the admin's text-message report
        )
        from accounts.checks import private_media_outside_public_roots

        checks.register(private_media_outside_public_roots, checks.Tags.security)

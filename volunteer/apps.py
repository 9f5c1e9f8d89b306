from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteerConfig(AppConfig):
    name = "volunteer"
    label = "volunteer"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from django.core import checks

        from volunteer.checks import private_media_outside_public_roots

        checks.register(private_media_outside_public_roots, checks.Tags.security)

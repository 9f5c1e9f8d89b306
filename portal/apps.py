from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Fulei Portal"

    def ready(self) -> None:
        from django.core import checks

        from portal.delivery import real_delivery_in_production, site_base_url_is_allowed

        # Tagged "production" too, so portal/wsgi.py can run them when gunicorn starts.
        checks.register(real_delivery_in_production, checks.Tags.security, "production")
        checks.register(site_base_url_is_allowed, checks.Tags.security, "production")

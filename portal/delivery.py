"""Delivery of e-mails and text messages in production: the start-up check that refuses
senders which deliver nothing, and the file sender a smoke deployment reads its codes from."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

# Backends that keep messages on the machine (console, file, memory) instead of sending them.
UNDELIVERED_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
# By class name, so both volunteer.sms.* and accounts.sms.* (and this module's) are caught.
UNDELIVERED_SMS_SENDERS = {"ConsoleSmsSender", "OutboxSmsSender", "FileSmsSender"}


def real_delivery_in_production(app_configs=None, **kwargs) -> list[Error]:
    """portal.E001: production must send its sign-in codes and reset links, not log them."""
    if not getattr(settings, "REQUIRE_REAL_DELIVERY", False):
        return []
    errors = []
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL_BACKENDS:
        errors.append(
            Error(
                f"E-mails are not sent: EMAIL_BACKEND is {settings.EMAIL_BACKEND}, so "
                "confirmation and password-reset links would only be written to the logs.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
                "EMAIL_USE_TLS) in /etc/fulei.env, or ALLOW_CONSOLE_DELIVERY=true for a smoke "
                "deployment that must not send anything.",
                id="portal.E001",
            )
        )
    sender = settings.SMS_BACKEND.rsplit(".", 1)[-1]
    if sender in UNDELIVERED_SMS_SENDERS:
        errors.append(
            Error(
                f"Text messages are not sent: SMS_BACKEND is {settings.SMS_BACKEND}, so "
                "volunteers' sign-in codes would only be written to the logs or a file.",
                hint="Set SMS_BACKEND to your provider's sender (e.g. the HTTP gateway sender, "
                "with SMS_PROVIDER_URL and SMS_PROVIDER_TOKEN), or ALLOW_CONSOLE_DELIVERY=true "
                "for a smoke deployment.",
                id="portal.E001",
            )
        )
    return errors


def site_base_url_is_allowed(app_configs=None, **kwargs) -> list[Error]:
    """portal.E002: requests are pinned to SITE_BASE_URL's host, so it must be allowed."""
    if "portal.middleware.SiteOriginMiddleware" not in settings.MIDDLEWARE:
        return []
    host = split_domain_port(settings.SITE_BASE_URL.split("://", 1)[-1].split("/", 1)[0])[0]
    if validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Error(
            f"SITE_BASE_URL's host {host!r} is not in ALLOWED_HOSTS {settings.ALLOWED_HOSTS}: "
            "every request would be refused.",
            hint="Add it to ALLOWED_HOSTS in /etc/fulei.env.",
            id="portal.E002",
        )
    ]


class FileSmsSender:
    """Smoke deployments only: appends each message as a JSON line to ``SMS_OUTBOX_FILE``.

    It delivers nothing, so production refuses it (portal.E001) unless ALLOW_CONSOLE_DELIVERY
    is set. The file is created mode 0600: it holds phone numbers and sign-in codes.
    """

    def send(self, phone: str, message: str) -> None:
        path = settings.SMS_OUTBOX_FILE
        if not path:
            raise ImproperlyConfigured("FileSmsSender needs SMS_OUTBOX_FILE")
        descriptor = os.open(Path(path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as outbox:
            outbox.write(json.dumps({"to": phone, "text": message}, ensure_ascii=False) + "\n")

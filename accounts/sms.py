"""Text messages (sign-in codes, application notices) through a pluggable sender.

``settings.SMS_BACKEND`` is the dotted path of a :class:`BaseSmsSender` subclass:

- ``accounts.sms.ConsoleSmsSender`` (development): writes the message to the console with
  the number masked;
- ``accounts.sms.OutboxSmsSender`` (tests): appends to ``accounts.sms.outbox``, like
  Django's locmem e-mail outbox;
- ``accounts.sms.HttpJsonSmsSender`` (production adapter): POSTs JSON to the gateway at
  ``SMS_PROVIDER_URL`` with the bearer token ``SMS_PROVIDER_TOKEN``.

To plug in another provider (Aliyun SMS, Tencent Cloud SMS ...), subclass ``BaseSmsSender``,
implement ``send(phone, message)`` with the provider's SDK or HTTP API (raise ``SmsError`` on
failure), and set ``SMS_BACKEND`` to its dotted path. Senders never log the message text or the
full number: both are personal data.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """A text message or an e-mail could not be handed over (gateway or mail server down).

    ``accounts.ratelimits.AllauthRateLimitedMiddleware`` answers it with the 503 page that says
    so; the sign-up view is atomic, so a sign-up whose code could not be sent leaves nothing.
    """


class SmsError(DeliveryFailed):
    """The provider did not accept the message."""


@dataclass(frozen=True)
class SmsMessage:
    """One text message as the outbox keeps it."""

    phone: str
    message: str


def mask_phone(phone: str) -> str:
    """``+8613812345678`` → ``+86138****5678``: enough to tell numbers apart, no more."""
    if len(phone) <= 8:
        return "****"
    return f"{phone[:-8]}****{phone[-4:]}"


class BaseSmsSender:
    """Sends one text message to an E.164 number."""

    def send(self, phone: str, message: str) -> None:
        raise NotImplementedError


class ConsoleSmsSender(BaseSmsSender):
    """Development: prints the message, so a developer can read the sign-in code."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, phone: str, message: str) -> None:
        self.stream.write(f"[SMS to {mask_phone(phone)}] {message}\n")
        self.stream.flush()


outbox: list[SmsMessage] = []


class OutboxSmsSender(BaseSmsSender):
    """Tests: keeps every message in ``accounts.sms.outbox``."""

    def send(self, phone: str, message: str) -> None:
        outbox.append(SmsMessage(phone=phone, message=message))


class HttpJsonSmsSender(BaseSmsSender):
    """A provider gateway that takes ``{"to": "+86...", "text": "..."}`` as JSON over HTTPS.

    Most Chinese SMS providers are reached through a small relay service holding the signed
    template; point ``SMS_PROVIDER_URL`` at it and set ``SMS_PROVIDER_TOKEN``.
    """

    timeout = 10

    def send(self, phone: str, message: str) -> None:
        url = settings.SMS_PROVIDER_URL
        if not url:
            raise SmsError("SMS_PROVIDER_URL is not set")
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            url,
            data=json.dumps({"to": phone, "text": message}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_PROVIDER_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if response.status >= 300:
                    raise SmsError(f"provider answered {response.status}")
        except OSError as error:
            # Neither the number nor the text goes to the log: both are personal data.
            logger.warning("SMS via the provider failed: %s", type(error).__name__)
            raise SmsError(str(type(error).__name__)) from error


def get_sender() -> BaseSmsSender:
    """The sender configured by ``settings.SMS_BACKEND``."""
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone: str, message: str, kind: str = "notice") -> None:
    """Send ``message`` to ``phone`` (E.164) through the configured sender; ``SmsError`` when it
    fails, whatever the sender raised for a network error, and ``SmsCapReached`` (sending
    nothing) over a daily cap. ``kind`` is one of ``accounts.sms_caps.KINDS``."""
    from accounts import sms_caps  # it imports this module

    sms_caps.take(phone, kind)
    try:
        get_sender().send(phone, message)
    except OSError as error:
        logger.warning("SMS sender failed: %s", type(error).__name__)
        raise SmsError(type(error).__name__) from error

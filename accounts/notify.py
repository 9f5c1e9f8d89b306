"""One way to tell a person something: by e-mail if the account has an address, else by SMS to
its verified mobile number."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from accounts import sms_caps
from accounts.models import AccountPhone
from accounts.sms import SmsError, send_sms
from accounts.sms_caps import SmsCapReached

logger = logging.getLogger(__name__)


def notify(user, subject: str, text: str) -> bool:
    """Send ``text`` to ``user``; True when a message went out.

    False when the account has neither an e-mail address nor a verified mobile number, or the
    mail server or SMS gateway refused it. Callers that must retry keep that state themselves.
    """
    if user.email:
        contact = user.email
    else:
        phone = AccountPhone.objects.filter(user=user, verified=True).first()
        if phone is None:
            return False
        contact = phone.phone
    return notify_contact(contact, subject, text)


def notify_contact(contact: str, subject: str, text: str) -> bool:
    """Send ``text`` to an e-mail address or an E.164 mobile number (an invitation's contact)."""
    try:
        if "@" in contact:
            send_mail(subject, text, None, [contact])
        else:
            send_sms(contact, text)
    except SmsCapReached as refusal:
        sms_caps.count_refusal(refusal)
        logger.warning("notification not sent: daily SMS cap (%s) reached", refusal.which)
        return False
    except (SmsError, OSError) as error:
        # Neither the address nor the text goes to the log: both are personal data.
        logger.warning("could not send a notification: %s", type(error).__name__)
        return False
    return True

"""Accounts made by phone sign-up whose number was never verified expire.

A sign-up by mobile number creates the account before the SMS code is typed; when the code
never arrives (a wrong number, a bot) the account cannot be used and would stay for ever, its
number blocking a real sign-up. After ``ACCOUNTS_UNVERIFIED_PHONE_DAYS`` such an account is
deleted, and the deletion is on the audit trail (by id: the number is not kept anywhere).

Deleted only when nothing else could be lost: the number is unverified, the account has no
verified e-mail address, has never signed in, is not staff, and deleting it would remove or
change no other record (an application, a membership, a reviewer's area, a story...). That
last test asks Django's deletion collector, so a record added by any app later is protected
without this module knowing it.
"""

from __future__ import annotations

import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models import QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

import audit
from accounts.models import AccountPhone

logger = logging.getLogger(__name__)

EXPIRED = "accounts.expire_unverified"
# What an account that was never used holds, and may go with it.
DISPOSABLE = {AccountPhone, EmailAddress}


def unverified_phone_accounts(now: datetime.datetime | None = None) -> QuerySet:
    """Accounts with an unverified number, older than ``ACCOUNTS_UNVERIFIED_PHONE_DAYS``, that
    never signed in and hold no verified address or staff rights."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ACCOUNTS_UNVERIFIED_PHONE_DAYS)
    return (
        get_user_model()
        .objects.filter(
            account_phone__verified=False,
            date_joined__lt=cutoff,
            last_login__isnull=True,
            is_staff=False,
            is_superuser=False,
        )
        .exclude(emailaddress__verified=True)
    )


def holds_nothing_else(user) -> bool:
    """True when deleting ``user`` would delete or change nothing but its own number and
    unverified addresses."""
    collector = Collector(using=router.db_for_write(type(user)))
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        return False
    for batches in collector.field_updates.values():
        # Another record points at the account and would lose it (SET_NULL): it was used.
        if any(_exists(objs) for objs in batches):
            return False
    if any(
        objs and model is not type(user) and model not in DISPOSABLE
        for model, objs in collector.data.items()
    ):
        return False
    return not any(qs.model not in DISPOSABLE and qs.exists() for qs in collector.fast_deletes)


def _exists(objs) -> bool:
    return objs.exists() if isinstance(objs, QuerySet) else bool(objs)


def expire_unverified_phone_accounts(now: datetime.datetime | None = None) -> int:
    """Delete the expired unverified phone accounts; the number deleted. Idempotent."""
    deleted = 0
    for pk in unverified_phone_accounts(now).values_list("pk", flat=True):
        with transaction.atomic():
            # Checked again under the row lock: the code may have been typed meanwhile.
            user = unverified_phone_accounts(now).select_for_update().filter(pk=pk).first()
            if user is None or not holds_nothing_else(user):
                continue
            days = settings.ACCOUNTS_UNVERIFIED_PHONE_DAYS
            audit.record(None, EXPIRED, user, detail=f"phone not verified within {days} days")
            user.delete()
            deleted += 1
    logger.info("%s unverified phone account(s) expired", deleted)
    return deleted

"""allauth adapter: mainland mobile numbers (stored in AccountPhone), SMS codes, and the rule
that an account signed up by e-mail signs in only once its address is verified."""

from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from allauth.account.utils import has_verified_email
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext

from accounts import mail, services, sms_caps
from accounts.models import AccountPhone
from accounts.phones import CnMobileField, normalise_cn_mobile
from accounts.ratelimits import client_ip as get_client_ip
from accounts.sms import DeliveryFailed, send_sms

logger = logging.getLogger(__name__)


def login_failure_key(request, credentials: dict) -> str:
    """The account a password sign-in tries, as the key its failures are counted under.

    allauth builds the key from the ``email`` or ``username`` credential; a phone sign-in has
    neither, so every phone account shared one empty key and five wrong passwords for any
    numbers locked all of them out. Here the key is the normalised identifier (E.164 number,
    lower-cased address), and never empty: with no identifier it is the client's address.
    """
    site = get_current_site(request).domain
    phone = (credentials.get("phone") or "").strip()
    if phone:
        return f"{site}:phone:{normalise_cn_mobile(phone) or phone}"
    for method in ("email", "username"):
        value = (credentials.get(method) or "").strip().lower()
        if value:
            return f"{site}:{method}:{value}"
    return f"{site}:address:{get_client_ip(request)}"


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's hook (a private method, covered by tests/accounts/test_signin_limits.py).
        return login_failure_key(request, credentials)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth names the site by the request's host ("来自127.0.0.1:8765的 Hello!") and
        # builds links from it; every e-mail names the portal and links to SITE_BASE_URL.
        context = mail.portal_context(self.request, context)
        try:
            super().send_mail(template_prefix, email, context)
        except OSError as error:  # smtplib.SMTPException, a refused or timed-out connection
            # Neither the address nor the text goes to the log: both are personal data.
            logger.warning("mail server failed: %s", type(error).__name__)
            raise DeliveryFailed(type(error).__name__) from error

    def phone_form_field(self, **kwargs):
        return CnMobileField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalise_cn_mobile(phone) or phone

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        # allauth passes ``reauthentication`` only when the code is a sign-in code.
        kind = sms_caps.LOGIN_CODE if "reauthentication" in kwargs else sms_caps.VERIFICATION_CODE
        send_sms(
            phone,
            gettext("Fulei Portal code: %(code)s. Valid for 15 minutes.") % {"code": code},
            kind=kind,
        )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        # Sign-in codes go only to numbers with an account: anyone could otherwise have the
        # portal text any number (20 requests sent 20 texts in 0.4 s). The page that follows is
        # the same either way, so this reveals nothing about who has an account; the number's
        # daily cap counts the request too, so the cap's refusal does not tell either.
        sms_caps.take(phone, sms_caps.UNKNOWN_NUMBER, sends=False)
        logger.info("sign-in code asked for a number without an account: no text sent")

    def send_account_already_exists_sms(self, phone: str) -> None:
        send_sms(
            phone,
            gettext("Fulei Portal: this number already has an account. Sign in with a code."),
            kind=sms_caps.ACCOUNT_EXISTS,
        )

    def set_phone(self, user, phone: str, verified: bool) -> None:
        AccountPhone.objects.update_or_create(
            user=user, defaults={"phone": phone, "verified": verified}
        )

    def get_phone(self, user) -> tuple[str, bool] | None:
        record = AccountPhone.objects.filter(user=user).first()
        return (record.phone, record.verified) if record else None

    def set_phone_verified(self, user, phone: str) -> None:
        AccountPhone.objects.filter(user=user, phone=phone).update(verified=True)

    def get_user_by_phone(self, phone: str):
        normalised = normalise_cn_mobile(phone)
        if not normalised:
            return None
        record = (
            AccountPhone.objects.filter(phone=normalised, user__is_active=True)
            .select_related("user")
            .first()
        )
        return record.user if record else None

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.adapter.VerifiedEmailStage"
            if path == "allauth.account.stages.EmailVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    # --- item 7 of issue 16: where people land, how e-mails name the portal, re-authentication

    def get_login_redirect_url(self, request) -> str:
        # ?next= still wins (allauth reads it before asking here).
        return services.home_path(request.user)

    def format_email_subject(self, subject: str) -> str:
        return f"[{mail.portal_name()}] {subject}"

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """No second password prompt straight after sign-in: allauth counts only explicit
        re-authentications as recent, so staff who had just signed in were asked for their
        password again to set up TOTP. A sign-in in this session within
        ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` counts too; an older session still re-authenticates."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not services.signed_in_recently(self.request)


class VerifiedEmailStage(EmailVerificationStage):
    """E-mail verification is mandatory for accounts that have an e-mail address.

    allauth's ``ACCOUNT_EMAIL_VERIFICATION = "mandatory"`` would require an e-mail address of
    every account, and people who sign up by mobile number have none; so the setting is
    "optional" and this stage makes it mandatory wherever an address exists.
    """

    def handle(self):
        from allauth.account.adapter import get_adapter
        from allauth.account.internal.flows.email_verification import (
            send_verification_email_at_login,
        )

        user = self.login.user
        if user is None and self.login.signup and self.login.email:
            # A sign-up with an address that already has an account: the owner is told by
            # e-mail, and the visitor sees the page a new sign-up sees (forms.SignupForm).
            send_verification_email_at_login(self.request, self.login)
            return get_adapter().respond_email_verification_sent(self.request, None), True
        if (
            user is not None
            and user.pk
            and EmailAddress.objects.filter(user=user).exists()
            and not has_verified_email(user)
        ):
            send_verification_email_at_login(self.request, self.login)
            return get_adapter().respond_email_verification_sent(self.request, user), True
        return super().handle()

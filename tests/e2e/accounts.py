"""Signing in from the browser tests: the forms' submit button, TOTP codes, and a county
reviewer with an authenticator (staff need TOTP on the review pages)."""

from __future__ import annotations

import re

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories.volunteer import ReviewerScopeFactory, UserFactory

# The password tests.factories.volunteer.UserFactory gives every account.
FACTORY_PASSWORD = "correct-horse-9"


def submit(page, field_name: str, *, keyboard: bool = False) -> None:
    """Submit the form that holds ``field_name`` with its button (clicked, or from the keyboard)."""
    button = page.locator(f"form:has([name='{field_name}']) button[type='submit']").first
    if keyboard:
        button.focus()
        button.press("Enter")
    else:
        button.click()


def current_totp(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def reviewer_with_totp(division, email: str = "reviewer@example.org") -> str:
    """A staff reviewer of ``division`` with an authenticator; returns its TOTP secret."""
    reviewer = UserFactory(email=email, is_staff=True)
    ReviewerScopeFactory(user=reviewer, division=division)
    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)
    return secret


def sign_in(
    page,
    base: str,
    email: str,
    next_path: str,
    totp_secret: str | None = None,
    password: str = FACTORY_PASSWORD,
    keyboard: bool = False,
) -> None:
    """Sign in by password (and the authenticator code for staff), landing on ``next_path``."""
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("input[name='login']", email)
    page.fill("input[name='password']", password)
    submit(page, "login", keyboard=keyboard)
    if totp_secret:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.fill("input[name='code']", current_totp(totp_secret))
        submit(page, "code", keyboard=keyboard)
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))

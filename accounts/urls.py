"""/accounts/: allauth, with django-ratelimit in front of sign-up, sign-in and password reset."""

from allauth.account import views as account_views
from django.db import transaction
from django.urls import include, path

from accounts import views
from accounts.ratelimits import limited

# The one sign-in door: /accounts/login/ and /admin/login/ (portal/urls.py) are this view, with
# the same limits and the same TOTP step.
sign_in = limited("login")(account_views.login)
password_reset = limited("password_reset")(account_views.password_reset)

urlpatterns = [
    # Atomic: a sign-up refused half-way (allauth's RateLimited on sending the SMS code) leaves
    # no account behind.
    path(
        "signup/",
        limited("signup")(transaction.atomic(account_views.signup)),
        name="account_signup",
    ),
    path("login/", sign_in, name="account_login"),
    path(
        "login/code/",
        limited("login")(account_views.request_login_code),
        name="account_request_login_code",
    ),
    path(
        "password/reset/",
        password_reset,
        name="account_reset_password",
    ),
    path("my/", views.my_account, name="account_home"),
    path("", include("allauth.urls")),
]

"""/accounts/: allauth, with django-ratelimit in front of sign-up, sign-in and password reset."""

from allauth.account import views as account_views
from django.urls import include, path

from accounts.ratelimits import limited

urlpatterns = [
    path("signup/", limited("signup")(account_views.signup), name="account_signup"),
    path("login/", limited("login")(account_views.login), name="account_login"),
    path(
        "login/code/",
        limited("login")(account_views.request_login_code),
        name="account_request_login_code",
    ),
    path(
        "password/reset/",
        limited("password_reset")(account_views.password_reset),
        name="account_reset_password",
    ),
    path("", include("allauth.urls")),
]

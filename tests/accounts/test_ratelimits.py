import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.volunteer import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {"email": "x@example.org", "password1": "short", "password2": "short"}


@pytest.mark.parametrize(
    ("name", "path", "data"),
    [
        ("signup", "/accounts/signup/", SIGNUP),
        ("login", "/accounts/login/", {"login": "x@example.org", "password": "wrong"}),
        ("login", "/accounts/login/code/", {"phone": "13912345678"}),
        ("password_reset", "/accounts/password/reset/", {"email": "x@example.org"}),
    ],
)
def test_account_forms_answer_429_with_a_readable_page(client, settings, name, path, data):
    settings.VOLUNTEER_RATE_LIMITS = {**settings.VOLUNTEER_RATE_LIMITS, name: "2/h"}
    statuses = [client.post(path, data).status_code for _ in range(3)]
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    english = client.post(f"/en{path}", data)
    assert english.status_code == 429
    assert "Too many attempts" in english.content.decode()
    assert "尝试次数过多" in client.post(path, data).content.decode()


def test_reading_a_form_is_never_limited(client, settings):
    settings.VOLUNTEER_RATE_LIMITS = {**settings.VOLUNTEER_RATE_LIMITS, "signup": "1/h"}
    assert all(client.get("/accounts/signup/").status_code == 200 for _ in range(3))


def test_application_and_upload_are_limited_per_user(client, settings, county):
    settings.VOLUNTEER_RATE_LIMITS = {
        **settings.VOLUNTEER_RATE_LIMITS,
        "apply": "2/h",
        "upload": "2/h",
    }
    client.force_login(UserFactory())
    statuses = [client.post("/volunteer/apply/", {"role": "x"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    upload = client.post(
        "/volunteer/my/certificate/",
        {"certificate": SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")},
    )
    assert upload.status_code == 429

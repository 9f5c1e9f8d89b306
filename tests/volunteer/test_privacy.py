"""No public page, endpoint or download carries any applicant's personal data."""

import pytest
from django.core.files.base import ContentFile

from tests.factories.volunteer import ApplicationFactory, PhoneUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/en/",
    "/map/",
    "/en/map/",
    "/volunteer/",
    "/en/volunteer/",
    "/accounts/login/",
    "/accounts/signup/",
    "/api/schema/",
    "/healthz",
]


def test_no_public_output_contains_applicant_data(client, home_page, county):
    user = UserFactory(email="secret.applicant@example.org")
    application = ApplicationFactory(
        user=user,
        county=county,
        real_name="隐私测试人",
        phone="+8613700001111",
        id_last4="987X",
        status="approved",
        certificate_content_type="application/pdf",
    )
    application.certificate.save("c", ContentFile(b"%PDF-1.4 SECRET-DOC"), save=True)
    ApplicationFactory(user=PhoneUserFactory(phone="+8613700002222"), county=county)
    secrets = [
        "隐私测试人",
        "secret.applicant@example.org",
        "13700001111",
        "137 0000 1111",
        "987X",
        "13700002222",
        "SECRET-DOC",
        application.id_hash,
    ]
    for path in PUBLIC_PATHS:
        response = client.get(path)
        assert response.status_code < 500, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        for secret in secrets:
            assert secret not in text, (path, secret)
    # The document itself is reachable only through the access-checked view.
    document = client.get(f"/volunteer/review/{application.pk}/certificate/")
    assert document.status_code == 302 and "/accounts/login/" in document["Location"]
    assert client.get(f"/media/{application.certificate.name}").status_code == 404

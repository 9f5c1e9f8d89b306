import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.volunteer import ADULT_ID, ApplicationFactory, UserFactory, make_id_number
from volunteer import idcard
from volunteer.models import Application, Status, Transition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_data(county, **overrides):
    data = {
        "role": "caring_parent",
        "real_name": "林爱心",
        "id_number": ADULT_ID,
        "phone": "138 0591 2345",
        "county": county.pk,
        "occupation": "小学教师",
        "availability": "周末",
        "languages": "普通话, 福州话",
        "motivation": "希望陪伴留守儿童成长。",
        "privacy_consent": "on",
        "background_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def applicant_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_a_valid_application_keeps_only_a_hash_and_the_last_four(applicant_client, county):
    certificate = SimpleUploadedFile("无犯罪记录证明.pdf", PDF, content_type="application/pdf")
    response = applicant_client.post(
        "/volunteer/apply/", {**form_data(county), "certificate": certificate}
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.id_last4 == ADULT_ID[-4:]
    assert application.id_hash == idcard.keyed_hash(ADULT_ID)
    assert application.phone == "+8613805912345"
    assert application.status == Status.SUBMITTED
    assert application.privacy_notice_version and application.privacy_consented_at
    # The full number is nowhere in the row.
    row = json.dumps(list(Application.objects.values()), default=str)
    assert ADULT_ID not in row and ADULT_ID[:-4] not in row
    # The certificate is outside the public media root, under a random name.
    from django.conf import settings

    path = application.certificate.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "无犯罪" not in path
    assert Transition.objects.get().to_status == Status.SUBMITTED


def bad_id(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def minor_id() -> str:
    today = datetime.date.today()
    return make_id_number(today.replace(year=today.year - 17))


@pytest.mark.parametrize(
    ("field", "overrides", "files"),
    [
        ("id_number", {"id_number": bad_id(ADULT_ID)}, {}),
        ("id_number", {"id_number": "35010219851301123X"}, {}),
        ("id_number", {"id_number": minor_id()}, {}),
        ("phone", {"phone": "0591 8765 4321"}, {}),
        ("phone", {"phone": "1380591234"}, {}),
        ("privacy_consent", {"privacy_consent": None}, {}),
        ("background_consent", {"background_consent": None}, {}),
        ("real_name", {"real_name": ""}, {}),
        ("real_name", {"real_name": "\ufffd\ufffd\ufffd"}, {}),
        ("real_name", {"real_name": "林爱心123"}, {}),
        ("real_name", {"real_name": "·-·"}, {}),
        (
            "certificate",
            {},
            {"certificate": ("cert.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        ),
        ("certificate", {}, {"certificate": ("cert.png", b"<html><script>", "image/png")}),
        ("certificate", {}, {"certificate": ("big.pdf", PDF + b"0" * 2048, "application/pdf")}),
    ],
    ids=[
        "bad-check-digit",
        "bad-birth-date",
        "minor",
        "landline",
        "short-mobile",
        "no-privacy-consent",
        "no-background-consent",
        "no-name",
        "name-of-replacement-characters",
        "name-with-digits",
        "name-without-letters",
        "forged-pdf",
        "forged-png",
        "oversize",
    ],
)
def test_every_invalid_input_names_the_field_and_saves_nothing(
    applicant_client, county, settings, field, overrides, files
):
    settings.VOLUNTEER_UPLOAD_MAX_BYTES = 1024
    data = form_data(county, **overrides)
    for name, (filename, content, content_type) in files.items():
        data[name] = SimpleUploadedFile(filename, content, content_type=content_type)
    response = applicant_client.post("/volunteer/apply/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="error-{field}"' in response.content.decode()
    assert not Application.objects.exists()
    assert not Transition.objects.exists()
    assert not settings.PRIVATE_MEDIA_ROOT.exists() or not any(
        settings.PRIVATE_MEDIA_ROOT.rglob("*.*")
    )


@pytest.mark.parametrize(
    "name", ["林爱心", "买买提·艾力", "欧阳 晓", "Anne-Marie O’Neil", "Nguyễn Thị"]
)
def test_names_as_written_on_id_cards_are_accepted(applicant_client, county, name):
    response = applicant_client.post("/volunteer/apply/", form_data(county, real_name=name))
    assert response.status_code == 302
    assert Application.objects.get().real_name == name


def test_honeypot_rejects_the_application(applicant_client, county):
    response = applicant_client.post("/volunteer/apply/", form_data(county, contact_website="spam"))
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_applying_needs_an_account(client, county):
    response = client.get("/volunteer/apply/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_duplicate_id_or_phone_is_flagged(applicant_client, county):
    earlier = ApplicationFactory(id_hash=idcard.keyed_hash(ADULT_ID), county=county)
    applicant_client.post("/volunteer/apply/", form_data(county))
    new = Application.objects.exclude(pk=earlier.pk).get()
    earlier.refresh_from_db()
    assert new.possible_duplicate and earlier.possible_duplicate
    other = ApplicationFactory(phone="+8613900000001", county=county)
    assert not other.possible_duplicate


def test_applicant_sees_status_and_what_is_missing_then_uploads(applicant_client, county):
    applicant_client.post("/volunteer/apply/", form_data(county))
    page = applicant_client.get("/en/volunteer/my/").content.decode()
    assert "Submitted" in page and "Upload your no-criminal-record certificate." in page
    response = applicant_client.post(
        "/volunteer/my/certificate/",
        {"certificate": SimpleUploadedFile("c.png", PNG, content_type="image/png")},
    )
    assert response.status_code == 302
    assert Application.objects.get().certificate_content_type == "image/png"
    page = applicant_client.get("/en/volunteer/my/").content.decode()
    assert "Upload your no-criminal-record certificate." not in page


def test_forged_upload_later_is_refused(applicant_client, county):
    applicant_client.post("/volunteer/apply/", form_data(county))
    response = applicant_client.post(
        "/volunteer/my/certificate/",
        {"certificate": SimpleUploadedFile("c.pdf", b"GIF89a....", content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert not Application.objects.get().certificate


def test_applicant_can_withdraw_with_a_reason(applicant_client, county):
    applicant_client.post("/volunteer/apply/", form_data(county))
    applicant_client.post("/volunteer/my/withdraw/", {"reason": "搬家了"})
    application = Application.objects.get()
    assert application.status == Status.WITHDRAWN
    assert application.transitions.last().reason == "搬家了"


def test_applicant_downloads_everything_held_about_them(applicant_client, county):
    applicant_client.post("/volunteer/apply/", form_data(county))
    response = applicant_client.get("/volunteer/my/data.json")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["account"]["email_addresses"][0]["email"] == applicant_client.user.email
    (application,) = data["applications"]
    assert application["real_name"] == "林爱心"
    assert application["id_card_last_four"] == ADULT_ID[-4:]
    assert application["mobile_number"] == "+8613805912345"
    assert application["history"][0]["to"] == "submitted"
    assert ADULT_ID not in response.content.decode()


def test_deleting_the_account_erases_personal_data_and_keeps_counts(
    applicant_client, county, django_capture_on_commit_callbacks
):
    applicant_client.post(
        "/volunteer/apply/",
        {
            **form_data(county),
            "certificate": SimpleUploadedFile("c.pdf", PDF, content_type="application/pdf"),
        },
    )
    path = Application.objects.get().certificate.path
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post("/volunteer/my/delete/", {"confirm": "yes"})
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(pk=applicant_client.user.pk).exists()
    application = Application.objects.get()
    assert application.user is None and application.anonymised_at
    for value in (application.real_name, application.phone, application.id_hash,
                  application.id_last4, application.motivation):  # fmt: skip
        assert value == ""
    assert application.role == "caring_parent" and application.county == county
    assert Application.objects.filter(county=county, role="caring_parent").count() == 1
    import os

    assert not os.path.exists(path)

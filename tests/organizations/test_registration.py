"""Registering an organisation: USCC checks, duplicates and asking to join, certificates."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Organization, VerificationStatus
from organizations.models import (
    DocumentKind,
    JoinRequest,
    JoinRequestStatus,
    MemberRole,
    Membership,
)
from tests.factories.directory import OrganizationFactory
from tests.factories.volunteer import UserFactory

from .conftest import PDF, make_uscc

pytestmark = pytest.mark.django_db


def form_data(county, **overrides):
    data = {
        "name": "泰宁县阳光社会工作服务中心",
        "uscc": make_uscc(1),
        "kind": "social_work_agency",
        "rating": "",
        "service_area": [county.pk],
        "contact_channel": "0598-7831234",
        "description": "为留守儿童提供社会工作服务。",
        "registration_certificate": SimpleUploadedFile("licence.pdf", PDF),
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_registration_creates_a_pending_organisation_owned_by_the_applicant(
    applicant_client, county, settings
):
    response = applicant_client.post("/en/organizations/register/", form_data(county))
    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/organizations/{organization.pk}/manage/"
    assert organization.verification_status == VerificationStatus.PENDING
    assert organization.is_listed is False
    membership = Membership.objects.get(organization=organization)
    assert (membership.user, membership.role) == (applicant_client.user, MemberRole.OWNER)
    step = organization.verification_steps.get()
    assert (step.from_status, step.to_status) == ("", "pending")
    document = organization.documents.get()
    assert document.kind == DocumentKind.REGISTRATION
    # Stored outside the public media root, under a random name.
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "licence" not in document.file.name


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("52350429MJ000000", "wrong length"),
        (make_uscc(1)[:-1] + ("0" if make_uscc(1)[-1] != "0" else "1"), "check character"),
    ],
)
def test_an_invalid_uscc_is_refused_with_the_field_named(applicant_client, county, code, reason):
    response = applicant_client.post("/en/organizations/register/", form_data(county, uscc=code))
    assert response.status_code == 400
    assert reason in " ".join(response.context["form"].errors["uscc"])
    assert not Organization.objects.exists()


def test_a_uscc_typed_with_spaces_and_lower_case_is_stored_compact(applicant_client, county):
    code = make_uscc(2)
    spaced = f"{code[:6]} {code[6:12]} {code[12:]}".lower()
    applicant_client.post("/en/organizations/register/", form_data(county, uscc=spaced))
    assert Organization.objects.get().uscc == code


def test_a_registered_uscc_is_refused_with_a_way_to_ask_to_join(
    applicant_client, county, django_capture_on_commit_callbacks
):
    existing = OrganizationFactory(uscc=make_uscc(3), service_area=[county])
    owner = UserFactory(email="owner@example.org")
    Membership.objects.create(organization=existing, user=owner, role=MemberRole.OWNER)

    response = applicant_client.post(
        "/en/organizations/register/", form_data(county, uscc=make_uscc(3))
    )
    assert response.status_code == 400
    assert "already registered" in response.context["form"].errors["uscc"][0]
    assert f'/en/organizations/{existing.pk}/join/"' in response.content.decode()
    assert Organization.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            f"/en/organizations/{existing.pk}/join/", {"message": "我是中心的社工"}
        )
    assert response.status_code == 302
    request = JoinRequest.objects.get()
    assert (request.user, request.status) == (applicant_client.user, JoinRequestStatus.PENDING)
    assert mail.outbox[-1].to == ["owner@example.org"]

    # The owner accepts: the applicant becomes a member.
    applicant_client.force_login(owner)
    applicant_client.post(
        f"/en/organizations/{existing.pk}/requests/{request.pk}/", {"decision": "accept"}
    )
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.ACCEPTED
    assert Membership.objects.filter(
        organization=existing, user=request.user, role=MemberRole.MEMBER
    ).exists()


def test_a_rating_needs_its_certificate(applicant_client, county):
    response = applicant_client.post("/en/organizations/register/", form_data(county, rating="4A"))
    assert response.status_code == 400
    assert "rating_certificate" in response.context["form"].errors

    response = applicant_client.post(
        "/en/organizations/register/",
        form_data(county, rating="4A", rating_certificate=SimpleUploadedFile("rating.pdf", PDF)),
    )
    assert response.status_code == 302
    kinds = set(Organization.objects.get().documents.values_list("kind", flat=True))
    assert kinds == {"registration", "rating"}


def test_a_certificate_is_judged_by_its_content_not_its_name(applicant_client, county):
    fake = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00 this is a program")
    response = applicant_client.post(
        "/en/organizations/register/", form_data(county, registration_certificate=fake)
    )
    assert response.status_code == 400
    assert "registration_certificate" in response.context["form"].errors


def test_a_too_large_certificate_is_refused(applicant_client, county, settings):
    settings.VOLUNTEER_UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("licence.pdf", PDF + b"0" * 200)
    response = applicant_client.post(
        "/en/organizations/register/", form_data(county, registration_certificate=big)
    )
    assert response.status_code == 400
    assert "too large" in " ".join(response.context["form"].errors["registration_certificate"])


def test_a_personal_mobile_is_refused_as_the_public_contact(applicant_client, county):
    response = applicant_client.post(
        "/en/organizations/register/", form_data(county, contact_channel="138 1234 5678")
    )
    assert response.status_code == 400
    assert "contact_channel" in response.context["form"].errors


def test_registration_needs_an_account(client, county):
    response = client.get("/organizations/register/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

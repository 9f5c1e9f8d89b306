"""Every refused access is on the audit trail (issue 16, item 6): a reviewer opening or ending
another county's pairing (answered 404 to hide it), and a 403 on an organisation's review or
documents. Before, none of these left an entry."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from organizations.services import attach_document
from tests.factories.directory import DivisionFactory, OrganizationFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import (
    ApplicationFactory,
    ApprovedApplicationFactory,
    PairingFactory,
    ReviewerScopeFactory,
    UserFactory,
    add_totp,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def county(db):
    city = DivisionFactory(code="350100", name="福州市", level="city")
    return DivisionFactory(code="350102", name="鼓楼区", level="county", parent=city)


@pytest.fixture
def outsider(db):
    """A reviewer of another county (泰宁县), with TOTP."""
    city = DivisionFactory(code="350400", name="三明市", level="city")
    taining = DivisionFactory(code="350429", name="泰宁县", level="county", parent=city)
    user = ReviewerScopeFactory(division=taining, user=UserFactory(is_staff=True)).user
    add_totp(user)
    return user


def refusals():
    return list(
        AuditEntry.objects.filter(action__startswith="access.").values_list(
            "actor_id", "action", "target_type", "target_id", "path", "detail"
        )
    )


def test_opening_another_countys_pairing_is_a_404_on_the_record(client, county, outsider):
    pairing = PairingFactory(application=ApprovedApplicationFactory(county=county))
    client.force_login(outsider)
    url = reverse("volunteer_review_pairing", args=[pairing.pk])
    assert client.get(url).status_code == 404
    assert refusals() == [
        (outsider.pk, "access.out_of_scope", "volunteer.pairing", str(pairing.pk), url, "GET 404")
    ]


def test_ending_another_countys_pairing_is_refused_and_on_the_record(client, county, outsider):
    pairing = PairingFactory(application=ApprovedApplicationFactory(county=county))
    client.force_login(outsider)
    url = reverse("volunteer_review_pairing", args=[pairing.pk])
    response = client.post(url, {"ended_on": "2026-01-01", "end_reason": "moved"})
    assert response.status_code == 404
    pairing.refresh_from_db()
    assert pairing.is_open
    assert refusals() == [
        (outsider.pk, "access.out_of_scope", "volunteer.pairing", str(pairing.pk), url, "POST 404")
    ]


def test_a_pairing_that_does_not_exist_is_a_plain_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("volunteer_review_pairing", args=[987654])).status_code == 404
    assert refusals() == []


def test_reviewing_another_countys_organisation_is_a_403_on_the_record(client, county, outsider):
    organization = OrganizationFactory(pending=True, service_area=[county])
    client.force_login(outsider)
    url = f"/organizations/review/{organization.pk}/"
    assert client.post(url, {"decision": "verify"}).status_code == 403
    assert refusals() == [(outsider.pk, "access.denied", "", "", url, "POST 403")]


def test_a_refused_look_at_an_organisations_certificate_is_on_the_record(client, county, outsider):
    organization = OrganizationFactory(pending=True, service_area=[county])
    MembershipFactory(organization=organization, owner=True)
    upload = SimpleUploadedFile("licence.pdf", PDF)
    upload.sniffed_content_type = "application/pdf"
    document = attach_document(organization, None, "registration", upload)
    url = f"/organizations/{organization.pk}/documents/{document.pk}/"
    stranger = UserFactory()
    for user in (stranger, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    assert sorted(refusals()) == sorted(
        [
            (stranger.pk, "access.denied", "", "", url, "GET 403"),
            (outsider.pk, "access.denied", "", "", url, "GET 403"),
        ]
    )


def test_a_refusal_the_view_recorded_itself_is_recorded_once(client, county, outsider):
    application = ApplicationFactory(county=county)
    client.force_login(outsider)
    assert client.get(reverse("volunteer_review_detail", args=[application.pk])).status_code == 403
    assert [(e[1], e[2]) for e in refusals()] == [("access.denied", "volunteer.application")]


def test_anonymous_visitors_are_sent_to_sign_in_and_leave_no_entry(client, county):
    organization = OrganizationFactory(pending=True, service_area=[county])
    assert client.get(f"/organizations/review/{organization.pk}/").status_code == 302
    assert refusals() == []


def test_an_unlisted_organisations_join_page_is_a_404_on_the_record(client, county):
    organization = OrganizationFactory(pending=True, service_area=[county])
    stranger = UserFactory()
    client.force_login(stranger)
    url = f"/organizations/{organization.pk}/join/"
    assert client.get(url).status_code == 404
    assert refusals() == [
        (stranger.pk, "access.out_of_scope", "directory.organization", str(organization.pk), url,
         "GET 404")
    ]  # fmt: skip

"""Verification by county or city staff (pending → verified / rejected with reason), the
certificates only they and the members see, and staleness after a year."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from directory.models import Organization, VerificationStatus
from organizations.models import VerificationStep
from organizations.services import attach_document
from search import service
from search.contract import ORGANIZATION, PROJECT, SearchQuery
from tests.factories.directory import OrganizationFactory, ProjectFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import ReviewerScopeFactory, UserFactory, add_totp

from .conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(county):
    organization = OrganizationFactory(
        pending=True, service_area=[county], name="泰宁县新苗社工中心"
    )
    MembershipFactory(organization=organization, owner=True, user=UserFactory(email="o@ex.org"))
    return organization


def test_a_county_reviewer_verifies_and_the_organisation_is_told(
    client, reviewer, pending, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    assert pending.name in client.get("/organizations/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organizations/review/{pending.pk}/", {"decision": "verify"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    assert pending.is_listed
    step = VerificationStep.objects.get(organization=pending, to_status="verified")
    assert (step.actor, step.from_status) == (reviewer, "pending")
    entry = AuditEntry.objects.get(action="organizations.verify")
    assert (entry.actor, entry.target_id) == (reviewer, str(pending.pk))
    assert mail.outbox[-1].to == ["o@ex.org"]
    assert "已通过核实" in mail.outbox[-1].body


def test_a_rejection_needs_a_reason_which_is_recorded_and_sent(
    client, reviewer, pending, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    response = client.post(f"/en/organizations/review/{pending.pk}/", {"decision": "reject"})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organizations/review/{pending.pk}/",
            {"decision": "reject", "reason": "登记证书已过期"},
        )
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.REJECTED
    assert VerificationStep.objects.get(to_status="rejected").reason == "登记证书已过期"
    # The trail says who rejected which organisation, not the reason's text.
    entry = AuditEntry.objects.get(action="organizations.reject")
    assert (entry.actor, entry.target_id) == (reviewer, str(pending.pk))
    assert "登记证书" not in entry.detail
    assert "登记证书已过期" in mail.outbox[-1].body


def test_the_organisation_can_ask_again_after_a_rejection(client, reviewer, pending):
    client.force_login(reviewer)
    client.post(f"/organizations/review/{pending.pk}/", {"decision": "reject", "reason": "缺证"})
    owner = pending.memberships.get().user
    client.force_login(owner)
    client.post(f"/organizations/{pending.pk}/reverify/")
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING


def test_a_reviewer_of_another_county_cannot_verify(client, other_county, pending):
    outsider = ReviewerScopeFactory(division=other_county, user=UserFactory(is_staff=True)).user
    add_totp(outsider)
    client.force_login(outsider)
    assert pending.name not in client.get("/organizations/review/").content.decode()
    response = client.post(f"/organizations/review/{pending.pk}/", {"decision": "verify"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING


def test_a_city_reviewer_covers_the_counties_of_the_city(client, city, pending):
    city_reviewer = ReviewerScopeFactory(division=city, user=UserFactory(is_staff=True)).user
    add_totp(city_reviewer)
    client.force_login(city_reviewer)
    client.post(f"/organizations/review/{pending.pk}/", {"decision": "verify"})
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED


def test_members_and_ordinary_users_cannot_verify(client, pending):
    client.force_login(pending.memberships.get().user)
    assert client.get("/organizations/review/").status_code == 403
    assert (
        client.post(f"/organizations/review/{pending.pk}/", {"decision": "verify"}).status_code
        == 403
    )


def test_a_reviewer_without_an_authenticator_is_sent_to_set_one_up(client, county, pending):
    reviewer = ReviewerScopeFactory(division=county, user=UserFactory(is_staff=True)).user
    client.force_login(reviewer)
    response = client.get("/organizations/review/")
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]


def test_certificates_are_served_only_to_members_and_scoped_staff(
    client, reviewer, pending, other_county
):
    upload = SimpleUploadedFile("licence.pdf", PDF)
    upload.sniffed_content_type = "application/pdf"
    document = attach_document(pending, None, "registration", upload)
    url = f"/organizations/{pending.pk}/documents/{document.pk}/"

    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    outsider = ReviewerScopeFactory(division=other_county, user=UserFactory(is_staff=True)).user
    add_totp(outsider)
    client.force_login(outsider)
    assert client.get(url).status_code == 403

    for user in (pending.memberships.get().user, reviewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
    # Staff looking at a certificate is recorded; members reading their own is not.
    views = AuditEntry.objects.filter(action="organizations.view_document")
    assert [(e.actor, e.target_id) for e in views] == [(reviewer, str(document.pk))]


def year_ago(days: int = 366) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_an_organisation_not_reverified_for_a_year_drops_out_until_reverified(
    client, reviewer, county, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization = OrganizationFactory(service_area=[county], name="泰宁县老牌社工中心")
        MembershipFactory(
            organization=organization, owner=True, user=UserFactory(email="old@ex.org")
        )
        project = ProjectFactory(organization=organization, title="泰宁老牌夏令营")
    assert service.search(SearchQuery(text="老牌", types=(ORGANIZATION,))).count == 1

    # A year passes without re-verification: computed on read, it is out at once.
    Organization.objects.filter(pk=organization.pk).update(verified_at=year_ago())
    organization.refresh_from_db()
    assert organization.is_stale and not organization.is_listed
    assert client.get(f"/directory/organizations/{organization.pk}/").status_code == 404
    assert client.get(f"/directory/projects/{project.pk}/").status_code == 404
    assert "泰宁县老牌社工中心" not in client.get("/organizations/").content.decode()
    assert client.get("/api/v1/organizations/").json()["count"] == 0
    assert client.get("/api/v1/projects/").json()["count"] == 0

    # The daily command takes it out of the search index and tells the members, once.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_stale_organizations", stdout=io.StringIO())
    assert service.search(SearchQuery(text="老牌", types=(ORGANIZATION, PROJECT))).count == 0
    assert (
        VerificationStep.objects.filter(organization=organization, to_status="stale").count() == 1
    )
    assert mail.outbox[-1].to == ["old@ex.org"]
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_stale_organizations", stdout=io.StringIO())
    assert (
        VerificationStep.objects.filter(organization=organization, to_status="stale").count() == 1
    )
    assert len(mail.outbox) == sent

    # Staff see it as due and re-verify it: it is back everywhere.
    client.force_login(reviewer)
    assert "泰宁县老牌社工中心" in client.get("/organizations/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organizations/review/{organization.pk}/", {"decision": "verify"})
    step = VerificationStep.objects.filter(organization=organization).last()
    assert (step.from_status, step.to_status) == ("stale", "verified")
    client.logout()
    assert client.get(f"/directory/organizations/{organization.pk}/").status_code == 200
    assert service.search(SearchQuery(text="老牌", types=(PROJECT,))).count == 1


def test_eleven_months_after_verification_an_organisation_is_still_listed(client, county):
    organization = OrganizationFactory(service_area=[county], verified_at=year_ago(330))
    assert not organization.is_stale
    assert client.get(f"/directory/organizations/{organization.pk}/").status_code == 200

"""Members: the owner invites (e-mail or mobile) and removes; nobody acts for another
organisation (403 on every write URL)."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import sms
from organizations.models import Invitation, MemberRole, Membership
from tests.factories.directory import OrganizationFactory, ProjectFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import PhoneUserFactory, UserFactory

from .conftest import PDF

pytestmark = pytest.mark.django_db


def test_owner_invites_by_email_and_the_invited_account_joins(owner_client, organization):
    response = owner_client.post(
        f"/organizations/{organization.pk}/members/invite/", {"contact": "Helper@Example.org"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.contact == "helper@example.org"
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    assert link.endswith(f"/organizations/invitations/{invitation.token}/")

    helper = UserFactory(email="helper@example.org")
    owner_client.force_login(helper)
    response = owner_client.post(f"/organizations/invitations/{invitation.token}/")
    assert response.status_code == 302
    assert Membership.objects.get(user=helper).role == MemberRole.MEMBER
    # A used invitation cannot be used again.
    assert owner_client.post(f"/organizations/invitations/{invitation.token}/").status_code == 404


def test_owner_invites_by_mobile_and_the_invitation_goes_by_sms(owner_client, organization):
    owner_client.post(
        f"/organizations/{organization.pk}/members/invite/", {"contact": "139 1234 5678"}
    )
    invitation = Invitation.objects.get()
    assert invitation.contact == "+8613912345678"
    assert sms.outbox[-1].phone == "+8613912345678"
    assert invitation.token in sms.outbox[-1].message

    helper = PhoneUserFactory(phone="+8613912345678")
    owner_client.force_login(helper)
    owner_client.post(f"/organizations/invitations/{invitation.token}/")
    assert Membership.objects.filter(user=helper, organization=organization).exists()


def test_an_invitation_cannot_be_used_by_another_account(owner_client, organization):
    owner_client.post(
        f"/organizations/{organization.pk}/members/invite/", {"contact": "helper@example.org"}
    )
    token = Invitation.objects.get().token
    owner_client.force_login(UserFactory(email="someone.else@example.org"))
    assert owner_client.post(f"/organizations/invitations/{token}/").status_code == 403
    assert Membership.objects.filter(organization=organization).count() == 1


def test_an_invalid_contact_is_refused_with_the_field_named(owner_client, organization):
    response = owner_client.post(
        f"/organizations/{organization.pk}/members/invite/", {"contact": "12345"}
    )
    assert response.status_code == 400
    assert "contact" in response.context["invite_form"].errors
    assert not Invitation.objects.exists()


def test_owner_removes_a_member_but_not_themselves(owner_client, organization, owner):
    member = MembershipFactory(organization=organization)
    owner_client.post(f"/organizations/{organization.pk}/members/{member.pk}/remove/")
    assert not Membership.objects.filter(pk=member.pk).exists()

    own = Membership.objects.get(user=owner)
    owner_client.post(f"/organizations/{organization.pk}/members/{own.pk}/remove/")
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_member_who_is_not_the_owner_cannot_invite_or_remove(client, organization, owner):
    member = MembershipFactory(organization=organization)
    client.force_login(member.user)
    own = Membership.objects.get(user=owner)
    assert (
        client.post(
            f"/organizations/{organization.pk}/members/invite/", {"contact": "x@example.org"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/organizations/{organization.pk}/members/{own.pk}/remove/").status_code == 403
    )
    assert not Invitation.objects.exists()


def write_urls(org, project, member, join_request, document) -> list[tuple[str, str, dict]]:
    """Every URL that reads private data or changes something of an organisation."""
    pdf = SimpleUploadedFile("c.pdf", PDF)
    return [
        ("get", f"/organizations/{org.pk}/manage/", {}),
        ("post", f"/organizations/{org.pk}/members/invite/", {"contact": "a@example.org"}),
        ("post", f"/organizations/{org.pk}/members/{member.pk}/remove/", {}),
        ("post", f"/organizations/{org.pk}/requests/{join_request.pk}/", {"decision": "accept"}),
        ("post", f"/organizations/{org.pk}/documents/", {"kind": "registration", "file": pdf}),
        ("get", f"/organizations/{org.pk}/documents/{document.pk}/", {}),
        ("post", f"/organizations/{org.pk}/reverify/", {}),
        ("get", f"/organizations/{org.pk}/projects/new/", {}),
        ("post", f"/organizations/{org.pk}/projects/new/", {"title": "篡改"}),
        ("get", f"/organizations/projects/{project.pk}/edit/", {}),
        ("post", f"/organizations/projects/{project.pk}/edit/", {"title": "篡改"}),
        ("post", f"/organizations/projects/{project.pk}/submit/", {}),
    ]


def test_a_member_of_organisation_a_gets_403_on_every_write_url_of_b(client, county):
    from organizations.models import JoinRequest
    from organizations.services import attach_document

    org_a = OrganizationFactory(service_area=[county])
    org_b = OrganizationFactory(service_area=[county])
    intruder = MembershipFactory(organization=org_a, owner=True).user
    b_owner = MembershipFactory(organization=org_b, owner=True)
    b_member = MembershipFactory(organization=org_b)
    project = ProjectFactory(organization=org_b, draft=True, title="乙机构的营地")
    join_request = JoinRequest.objects.create(organization=org_b, user=UserFactory())
    upload = SimpleUploadedFile("c.pdf", PDF)
    upload.sniffed_content_type = "application/pdf"
    document = attach_document(org_b, b_owner.user, "registration", upload)

    client.force_login(intruder)
    for method, url, data in write_urls(org_b, project, b_member, join_request, document):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
    project.refresh_from_db()
    assert project.title == "乙机构的营地"
    assert Membership.objects.filter(pk=b_member.pk).exists()
    assert org_b.documents.count() == 1
    assert not Invitation.objects.exists()

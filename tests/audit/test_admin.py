"""The audit trail in the Wagtail admin: readable with its own permission, never editable."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission

import audit
from audit.models import AuditEntry
from tests.factories.volunteer import UserFactory, add_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(db):
    """A staff member whose group grants admin access and the audit trail's view permission."""
    group = Group.objects.create(name="Auditors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_auditentry"),
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    add_totp(user)
    return user


@pytest.fixture
def some_entries():
    reviewer = UserFactory(username="reviewer-a")
    audit.record(reviewer, "volunteer.view_document", detail="first")
    audit.record(reviewer, "volunteer.export", detail="second")
    audit.record(UserFactory(username="reviewer-b"), "volunteer.export", detail="third")
    return reviewer


def test_an_auditor_reads_and_filters_the_trail(client, auditor, some_entries):
    client.force_login(auditor)
    response = client.get("/admin/audit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "first" in body and "second" in body and "third" in body
    body = client.get(f"/admin/audit/?actor={some_entries.pk}").content.decode()
    assert "first" in body and "second" in body and "third" not in body
    body = client.get("/admin/audit/?action=volunteer.export").content.decode()
    assert "first" not in body and "second" in body and "third" in body
    body = client.get("/admin/audit/?at_from=2000-01-01&at_to=2000-01-02").content.decode()
    assert "second" not in body
    body = client.get("/admin/audit/?at_from=2000-01-01").content.decode()
    assert "second" in body
    entry = AuditEntry.objects.get(detail="first")
    assert client.get(f"/admin/audit/inspect/{entry.pk}/").status_code == 200


def test_staff_without_the_permission_cannot_read_it(client, some_entries):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    add_totp(staff)
    client.force_login(staff)
    response = client.get("/admin/audit/")
    assert response.status_code in (302, 403)
    assert "second" not in response.content.decode()


@pytest.mark.parametrize("path", ["new/", "edit/{pk}/", "delete/{pk}/", "copy/{pk}/"])
def test_not_even_a_superuser_can_add_edit_or_delete(client, admin_user, some_entries, path):
    entry = AuditEntry.objects.first()
    client.force_login(admin_user)
    assert client.get("/admin/audit/").status_code == 200
    response = client.post(f"/admin/audit/{path.format(pk=entry.pk)}", {"detail": "forged"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(detail="forged").exists()


def test_the_admin_shows_no_add_button_and_no_group_can_be_given_more_than_view(client, admin_user):
    client.force_login(admin_user)
    body = client.get("/admin/audit/").content.decode()
    assert "/admin/audit/new/" not in body
    codenames = set(
        Permission.objects.filter(content_type__app_label="audit").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_auditentry"}


def test_exporting_the_trail_is_itself_recorded(client, auditor, some_entries):
    client.force_login(auditor)
    response = client.get("/admin/audit/?export=csv&action=volunteer.export")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(row["detail"] for row in rows) == ["second", "third"]
    [export] = AuditEntry.objects.filter(action="audit.export")
    assert export.actor == auditor
    assert "action=volunteer.export" in export.detail

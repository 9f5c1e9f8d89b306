import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import translation

import audit
from audit.models import AppendOnly, AuditEntry
from tests.factories.directory import DivisionFactory
from tests.factories.volunteer import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_action_target_and_page_from_the_request():
    user = UserFactory()
    application = ApplicationFactory(county=DivisionFactory(level="county"))
    request = RequestFactory().get("/volunteer/review/7/")
    request.user = user
    entry = audit.record(None, "volunteer.view_application", application, request=request)
    entry.refresh_from_db()
    assert entry.actor == user
    assert entry.action == "volunteer.view_application"
    assert (entry.target_type, entry.target_id) == ("volunteer.application", str(application.pk))
    assert entry.path == "/volunteer/review/7/"
    # The target is kept by type and id: the applicant's name is nowhere in the entry.
    assert application.real_name not in str(entry.__dict__)


def test_record_without_request_or_actor_is_the_system():
    entry = audit.record(None, "pairing.created", detail="case 350102-0001")
    with translation.override("en"):
        assert entry.actor is None and entry.actor_label == "system"
    assert entry.path == "" and entry.detail == "case 350102-0001"


@pytest.mark.parametrize("code", ["", "export", "Volunteer.Export", "a.b c", "a.b;drop"])
def test_record_refuses_malformed_action_codes(code):
    with pytest.raises(ValueError):
        audit.record(None, code)
    assert not AuditEntry.objects.exists()


def test_entries_of_a_deleted_user_stay_and_name_the_bare_id():
    user = UserFactory()
    entry = audit.record(user, "volunteer.export")
    user_id = user.pk
    user.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_id == user_id
    with translation.override("en"):
        assert entry.actor_label == f"deleted user #{user_id}"


def test_the_model_refuses_every_update_and_delete():
    entry = audit.record(None, "volunteer.export")
    entry.detail = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="changed")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.bulk_update([entry], ["detail"])
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET detail = 'forged'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_itself_rejects_update_and_delete(sql):
    # Raw SQL goes around the model: the trigger (PostgreSQL and SQLite alike) still says no.
    assert connection.vendor in ("sqlite", "postgresql")
    entry = audit.record(None, "volunteer.export")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_inserts_are_still_allowed_in_the_same_transaction():
    with transaction.atomic():
        audit.record(None, "volunteer.export")
        audit.record(None, "volunteer.export")
    assert AuditEntry.objects.count() == 2

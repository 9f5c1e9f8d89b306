"""The volunteer access log's entries move into the audit trail when the portal upgrades."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("volunteer", "0001_initial"), ("audit", "0001_audit_trail")]
AFTER = [("volunteer", "0002_move_access_log_to_audit")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_afterwards():
    """Going back to volunteer 0001 unapplies every later migration (pairings among them):
    put the whole schema back for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.usefixtures("latest_schema_afterwards")
def test_access_log_entries_become_audit_entries_with_their_time_actor_and_target():
    old = migrate(BEFORE)
    try:
        User = old.get_model("auth", "User")
        AccessLog = old.get_model("volunteer", "AccessLog")
        reviewer = User.objects.create(username="reviewer-old")
        at = timezone.now() - datetime.timedelta(days=30)
        AccessLog.objects.create(actor=reviewer, action="view_document", path="/x/", at=at)
        AccessLog.objects.create(actor=None, action="denied", path="/volunteer/review/")
    finally:
        new = migrate(AFTER)
    AuditEntry = new.get_model("audit", "AuditEntry")
    entries = {e.action: e for e in AuditEntry.objects.all()}
    assert set(entries) == {"volunteer.view_document", "access.denied"}
    document = entries["volunteer.view_document"]
    assert document.actor_id == reviewer.pk and document.at == at and document.path == "/x/"
    assert entries["access.denied"].actor_id is None
    assert "volunteer_accesslog" not in connection.introspection.table_names()

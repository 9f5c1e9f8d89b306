# The volunteer access log becomes part of the general audit trail (audit.AuditEntry).

from django.db import migrations

# Old access-log codes → audit-trail action codes.
ACTIONS = {
    "view_application": "volunteer.view_application",
    "view_document": "volunteer.view_document",
    "export": "volunteer.export",
    "denied": "access.denied",
    "decision": "volunteer.decision",
}


def copy_access_log(apps, schema_editor):
    AccessLog = apps.get_model("volunteer", "AccessLog")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    batch = []
    for entry in AccessLog.objects.order_by("pk").iterator():
        batch.append(
            AuditEntry(
                at=entry.at,
                actor_id=entry.actor_id,
                action=ACTIONS.get(entry.action, f"volunteer.{entry.action}"),
                target_type="volunteer.application" if entry.application_id else "",
                target_id=str(entry.application_id or ""),
                path=entry.path,
                detail="copied from the volunteer access log",
            )
        )
        if len(batch) >= 1000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_audit_trail"),
        ("volunteer", "0001_initial"),
    ]

    operations = [
        # Not reversible: the audit trail refuses deletes, so copied entries cannot be taken back.
        migrations.RunPython(copy_access_log, migrations.RunPython.noop),
        migrations.DeleteModel(name="AccessLog"),
    ]

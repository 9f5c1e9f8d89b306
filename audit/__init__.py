"""The audit trail: an append-only record of sensitive actions that staff can read.

Apps call ``audit.record``, and ``audit.record_out_of_scope`` where a 404 hides a record outside
the user's area (every 403 is recorded by ``audit.middleware``); everything else in this package
is its machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

    from audit.models import AuditEntry


def record(
    actor,
    action: str,
    target: Model | None = None,
    *,
    request: HttpRequest | None = None,
    detail: str = "",
) -> AuditEntry:
    """Append one entry to the audit trail, in the caller's transaction.

    ``actor`` is the user who acted (None: taken from ``request``, else the system);
    ``action`` a dotted code such as ``"volunteer.view_document"``; ``target`` the model
    instance acted on (kept as its type and primary key, never its text); ``detail`` a short
    free text that must carry no personal data (ids, statuses, field names, not values).
    """
    from audit.services import record_entry

    return record_entry(actor, action, target, request=request, detail=detail)


def record_out_of_scope(request: HttpRequest, target: Model) -> None:
    """Record that the signed-in user asked for ``target``, which lies outside their area and is
    answered 404 to hide it (another county's pairing, an unlisted organisation)."""
    from audit.services import OUT_OF_SCOPE, record_refusal

    record_refusal(request, OUT_OF_SCOPE, target)

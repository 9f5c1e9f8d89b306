"""How entries are written, and which request is being served (for signal receivers)."""

from __future__ import annotations

import contextvars
import re

from django.db.models import Model
from django.http import HttpRequest

from audit.models import AuditEntry

ACTION_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "audit_current_request", default=None
)


def current_request() -> HttpRequest | None:
    """The request being served in this thread, for receivers that have no request argument."""
    return _current_request.get()


def record_entry(
    actor,
    action: str,
    target: Model | None = None,
    *,
    request: HttpRequest | None = None,
    detail: str = "",
) -> AuditEntry:
    if not ACTION_CODE.match(action):
        raise ValueError(f"audit action codes look like 'app.verb', not {action!r}")
    request = request or current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        path=request.path[:300] if request is not None else "",
        detail=detail[:1000],
    )

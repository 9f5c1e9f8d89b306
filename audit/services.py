"""How entries are written, and which request is being served (for signal receivers)."""

from __future__ import annotations

import contextvars
import re

from django.db.models import Model
from django.http import HttpRequest

from audit.models import AuditEntry

ACTION_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

# Refused accesses: "access.denied" (403) and "access.out_of_scope" (a 404 that hides a record
# outside the user's area). One per request: the middleware records a 403 nobody recorded.
REFUSAL_PREFIX = "access."
DENIED = "access.denied"
OUT_OF_SCOPE = "access.out_of_scope"

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
    if request is not None and action.startswith(REFUSAL_PREFIX):
        # Read by AuditRequestMiddleware: this request's refusal is on the record already.
        request.audit_refusal_recorded = True
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


def record_refusal(request: HttpRequest, action: str, target: Model | None = None) -> None:
    """Record that ``request``'s signed-in user was refused (``DENIED`` or ``OUT_OF_SCOPE``).

    Who (the actor), which page (the path) and which record (type and id, when known); the
    detail is the status the user saw. Anonymous visitors are not recorded: they are sent to
    sign in, and a flood of them would only fill the trail.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    if getattr(request, "audit_refusal_recorded", False):
        return
    status = "404" if action == OUT_OF_SCOPE else "403"
    record_entry(user, action, target, request=request, detail=f"{request.method} {status}")

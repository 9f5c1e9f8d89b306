"""Reviewer scopes given and withdrawn go to the audit trail, whichever screen or shell did it.

The receivers live here, not in audit/: the audit trail records what it is given and knows
nothing of reviewers or divisions.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

import audit
from accounts.models import ReviewerScope
from audit.models import Action
from directory.models import Division


def _scope_detail(scope: ReviewerScope) -> str:
    code = Division.objects.filter(pk=scope.division_id).values_list("code", flat=True).first()
    return f"user #{scope.user_id}, division {code or scope.division_id}"


@receiver(post_save, sender=ReviewerScope, dispatch_uid="audit_scope_added")
def reviewer_scope_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    # A changed scope (another division) gives the new area: record it as given.
    audit.record(None, Action.REVIEWER_SCOPE_ADDED, instance, detail=_scope_detail(instance))


@receiver(post_delete, sender=ReviewerScope, dispatch_uid="audit_scope_removed")
def reviewer_scope_deleted(sender, instance, **kwargs):
    audit.record(None, Action.REVIEWER_SCOPE_REMOVED, instance, detail=_scope_detail(instance))

"""Permission changes recorded as they happen, whichever screen or shell makes them.

Django sends these signals for ORM calls on single objects and relations; a queryset
``update()`` of ``is_staff`` bypasses them (nothing in the portal does one).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from audit import record
from audit.models import Action

User = get_user_model()
FLAGS = ("is_staff", "is_superuser")
VERBS = {"post_add": "added", "post_remove": "removed", "post_clear": "removed"}


def _permission_names(pks) -> str:
    rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
    return ", ".join(sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows))


def _group_names(pks) -> str:
    return ", ".join(sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True)))


def _changed_pks(instance, action, pk_set, current) -> set | None:
    """The related pks an m2m change touched; None when the change is not one to record."""
    if action == "pre_clear":
        instance._audit_cleared = set(current())
        return None
    if action not in VERBS:
        return None
    pks = getattr(instance, "_audit_cleared", set()) if action == "post_clear" else pk_set
    return set(pks or ())


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_groups")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse:  # group.user_set.add(...): instance is the group, pks are users
        pks = _changed_pks(
            instance, action, pk_set, lambda: instance.user_set.values_list("pk", flat=True)
        )
        for user in User.objects.filter(pk__in=pks or ()):
            record(
                None,
                Action.GROUP_MEMBERSHIP,
                user,
                detail=f"{VERBS[action]}: {instance.name}",
            )
        return
    pks = _changed_pks(
        instance, action, pk_set, lambda: instance.groups.values_list("pk", flat=True)
    )
    if pks:
        record(
            None, Action.GROUP_MEMBERSHIP, instance, detail=f"{VERBS[action]}: {_group_names(pks)}"
        )


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit_user_perms")
def user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse:
        return  # permission.user_set: nothing in the portal changes permissions from that side
    pks = _changed_pks(
        instance, action, pk_set, lambda: instance.user_permissions.values_list("pk", flat=True)
    )
    if pks:
        record(
            None,
            Action.USER_PERMISSIONS,
            instance,
            detail=f"{VERBS[action]}: {_permission_names(pks)}",
        )


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit_group_perms")
def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse:
        return
    pks = _changed_pks(
        instance, action, pk_set, lambda: instance.permissions.values_list("pk", flat=True)
    )
    if pks:
        record(
            None,
            Action.GROUP_PERMISSIONS,
            instance,
            detail=f"{VERBS[action]}: {_permission_names(pks)}",
        )


@receiver(pre_save, sender=User, dispatch_uid="audit_user_flags_before")
def remember_flags(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(FLAGS) & set(update_fields):
        return  # e.g. the last_login update on every sign-in
    before = User.objects.filter(pk=instance.pk).values(*FLAGS).first()
    if before is None:
        return
    changes = [
        f"{f}: {before[f]} → {getattr(instance, f)}"
        for f in FLAGS
        if before[f] != getattr(instance, f)
    ]
    instance._audit_flag_changes = changes


@receiver(post_save, sender=User, dispatch_uid="audit_user_flags_after")
def record_flags(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        changes = [f"{f}: → True" for f in FLAGS if getattr(instance, f)]
    else:
        changes = getattr(instance, "_audit_flag_changes", [])
    instance._audit_flag_changes = []
    if changes:
        record(None, Action.STAFF_STATUS, instance, detail="; ".join(changes))


@receiver(post_delete, sender=Group, dispatch_uid="audit_group_deleted")
def group_deleted(sender, instance, **kwargs):
    record(None, Action.GROUP_PERMISSIONS, instance, detail=f"group deleted: {instance.name}")


def _wagtail_permission_detail(instance, verb: str, on: str) -> str:
    permission = instance.permission
    return (
        f"{verb}: {permission.content_type.app_label}.{permission.codename} "
        f"for group {instance.group.name} on {on}"
    )


@receiver(post_save, sender="wagtailcore.GroupPagePermission", dispatch_uid="audit_page_perm")
def page_permission_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        detail = _wagtail_permission_detail(instance, "added", f"page #{instance.page_id}")
        record(None, Action.PAGE_PERMISSIONS, instance.group, detail=detail)


@receiver(post_delete, sender="wagtailcore.GroupPagePermission", dispatch_uid="audit_page_perm_d")
def page_permission_deleted(sender, instance, **kwargs):
    detail = _wagtail_permission_detail(instance, "removed", f"page #{instance.page_id}")
    record(None, Action.PAGE_PERMISSIONS, instance.group, detail=detail)


@receiver(post_save, sender="wagtailcore.GroupCollectionPermission", dispatch_uid="audit_coll_perm")
def collection_permission_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        detail = _wagtail_permission_detail(
            instance, "added", f"collection #{instance.collection_id}"
        )
        record(None, Action.COLLECTION_PERMISSIONS, instance.group, detail=detail)


@receiver(
    post_delete, sender="wagtailcore.GroupCollectionPermission", dispatch_uid="audit_coll_perm_d"
)
def collection_permission_deleted(sender, instance, **kwargs):
    detail = _wagtail_permission_detail(
        instance, "removed", f"collection #{instance.collection_id}"
    )
    record(None, Action.COLLECTION_PERMISSIONS, instance.group, detail=detail)

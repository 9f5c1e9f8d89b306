"""The directory's change history: who changed which record, when, and which fields.

Every save and delete of a point, organisation, project or plaque (and of a point's opening
periods, closures and sessions) writes a ``DirectoryChange`` in the same transaction as the
change. Bulk imports write theirs in bulk (``record_bulk``). The actor comes from a context
variable that the middleware sets for each request and that commands set with ``acting_as``.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import translation

from .models import (
    ChangeAction,
    Closure,
    DirectoryChange,
    LocationPrecision,
    OpeningPeriod,
    Organization,
    Plaque,
    Project,
    ServicePoint,
    Session,
)

# Recorded by name only, never by value: a phone or channel typed by mistake may be personal.
PERSONAL_FIELDS = {"service_phone", "contact_channel"}
# A township-precision point's real place must not be kept in a log that outlives the point.
LOCATION_FIELDS = {"latitude", "longitude", "address"}
IGNORED_FIELDS = {"id", "created_at", "updated_at"}

TRACKED = (ServicePoint, Organization, Project, Plaque)
# Child rows are recorded as a change of their point, under the point's related name.
CHILDREN = {OpeningPeriod: "opening_periods", Closure: "closures", Session: "sessions"}

_actor: contextvars.ContextVar[tuple[object | None, str]] = contextvars.ContextVar(
    "directory_change_actor", default=(None, "")
)


@contextmanager
def acting_as(user=None, source: str = "") -> Iterator[None]:
    """Attribute the changes made inside the block to ``user`` and ``source``."""
    token = _actor.set((user, source))
    try:
        yield
    finally:
        _actor.reset(token)


def _current_actor() -> tuple[object | None, str]:
    user, source = _actor.get()
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return user, source


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]


def snapshot(instance: models.Model) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in _fields(type(instance))}


def diff(model: type[models.Model], old: dict | None, new: dict, hide_location: bool) -> dict:
    """Field name → [old, new] for the fields that differ; withheld values are left out."""
    changed = {}
    for field in _fields(model):
        before = None if old is None else old.get(field.attname)
        after = new.get(field.attname)
        if old is not None and before == after:
            continue
        if old is None and after in (None, ""):
            continue
        if field.name in PERSONAL_FIELDS or (hide_location and field.name in LOCATION_FIELDS):
            changed[field.name] = None
        else:
            changed[field.name] = _jsonable([before, after])
    return changed


def _is_public(instance: models.Model) -> bool:
    if isinstance(instance, Plaque):
        return instance.service_point.is_public
    if isinstance(instance, Project):
        return instance.is_listed
    if isinstance(instance, Organization):
        return instance.is_listed
    return bool(getattr(instance, "is_public", True))


def _hides_location(instance: models.Model, old: dict | None) -> bool:
    if not isinstance(instance, ServicePoint):
        return False
    before = old and old.get("location_precision") == LocationPrecision.TOWNSHIP
    return instance.location_precision == LocationPrecision.TOWNSHIP or bool(before)


def _record(instance, action: str, changed: dict, is_public: bool, obj=None) -> None:
    user, source = _current_actor()
    obj = obj or instance
    DirectoryChange.objects.create(
        model=obj._meta.model_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        changed_fields=changed,
        user=user,
        source=source,
        is_public=is_public,
    )


def save_with_history(instance: models.Model, save, *args, **kwargs) -> None:
    """Run ``save`` and record what it changed, in one transaction (used by the models)."""
    model = type(instance)
    with transaction.atomic():
        old = None
        if instance.pk is not None and not kwargs.get("force_insert"):
            old = (
                model.objects.filter(pk=instance.pk)
                .values(*[f.attname for f in _fields(model)])
                .first()
            )
        save(*args, **kwargs)
        if model in CHILDREN:
            _record_child(instance, old)
            return
        changed = diff(model, old, snapshot(instance), _hides_location(instance, old))
        if old is not None and not changed:
            return
        now_public = _is_public(instance)
        if old is not None and old.get("is_public") and not now_public:
            # Withdrawn from public view: the public changelog says so, without the details.
            _record(instance, ChangeAction.WITHDRAWN, {}, True)
            return
        action = ChangeAction.CREATED if old is None else ChangeAction.UPDATED
        _record(instance, action, changed, now_public)


def _child_text(model, values: dict | None) -> str | None:
    if values is None:
        return None
    return _neutral(model(**{k: v for k, v in values.items() if k != "service_point_id"}))


def _neutral(instance) -> str:
    # The log keeps one language whatever the editor's admin language was.
    with translation.override("en"):
        return str(instance)


def _record_child(instance, old: dict | None) -> None:
    model = type(instance)
    point = instance.service_point
    new_text = _neutral(instance)
    old_text = _child_text(model, old)
    if old_text == new_text:
        return
    _record(
        instance,
        ChangeAction.UPDATED,
        {CHILDREN[model]: [old_text, new_text]},
        point.is_public,
        obj=point,
    )


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs) -> None:
    # post_delete runs inside the deletion's own transaction (Collector.delete is atomic).
    if sender in CHILDREN:
        point = ServicePoint.objects.filter(pk=instance.service_point_id).first()
        if point is not None:
            _record(
                instance,
                ChangeAction.UPDATED,
                {CHILDREN[sender]: [_neutral(instance), None]},
                point.is_public,
                obj=point,
            )
        return
    if sender not in TRACKED:
        return
    try:
        public = _is_public(instance)
    except models.ObjectDoesNotExist:  # the parent went first in a cascade
        public = False
    _record(instance, ChangeAction.DELETED, {}, public)


def record_bulk(
    model: type[models.Model], changes: Iterable[tuple[models.Model, dict | None]]
) -> int:
    """Write one change per (saved instance, old values or None when created), in bulk."""
    user, source = _current_actor()
    rows = []
    for instance, old in changes:
        changed = diff(model, old, snapshot(instance), _hides_location(instance, old))
        if old is not None and not changed:
            continue
        action = ChangeAction.CREATED if old is None else ChangeAction.UPDATED
        is_public = bool(getattr(instance, "is_public", True))
        if old is not None and old.get("is_public") and not is_public:
            action, changed, is_public = ChangeAction.WITHDRAWN, {}, True
        rows.append(
            DirectoryChange(
                model=model._meta.model_name,
                object_id=str(instance.pk),
                object_repr=str(instance)[:200],
                action=action,
                changed_fields=changed,
                user=user,
                source=source,
                is_public=is_public,
            )
        )
    DirectoryChange.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def record_many(changes: Iterable[tuple[ServicePoint, dict]]) -> int:
    """Write one "updated" change per (point, changed fields), in bulk (imports)."""
    user, source = _current_actor()
    rows = [
        DirectoryChange(
            model=point._meta.model_name,
            object_id=str(point.pk),
            object_repr=str(point)[:200],
            action=ChangeAction.UPDATED,
            changed_fields=_jsonable(fields),
            user=user,
            source=source,
            is_public=point.is_public,
        )
        for point, fields in changes
    ]
    DirectoryChange.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def changes_since(since: datetime | None = None, public_only: bool = True):
    """Recorded changes on or after ``since`` (all when None), newest first.

    ``public_only`` keeps the changes of records that are public, which is what open data may
    show; the public feed also shows field names only, never values.
    """
    changes = DirectoryChange.objects.all()
    if since is not None:
        changes = changes.filter(changed_at__gte=since)
    if public_only:
        changes = changes.filter(is_public=True)
        # A record hidden since keeps no public trace but its withdrawal (shown without a name).
        for model, hidden in _hidden_records().items():
            changes = changes.exclude(
                ~Q(action=ChangeAction.WITHDRAWN), model=model, object_id__in=hidden
            )
    return changes.order_by("-changed_at", "-id")


def _hidden_records() -> dict[str, models.QuerySet]:
    def ids(queryset):
        return queryset.annotate(key=Cast("pk", models.CharField())).values("key")

    return {
        "servicepoint": ids(ServicePoint.objects.filter(is_public=False)),
        "organization": ids(Organization.objects.exclude(pk__in=Organization.objects.public())),
        "project": ids(Project.objects.exclude(pk__in=Project.objects.public().values("pk"))),
        "plaque": ids(Plaque.objects.filter(service_point__is_public=False)),
    }


class ChangeActorMiddleware:
    """Attributes directory changes made during a request to the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        source = "admin" if request.path.startswith("/admin/") else "web"
        with acting_as(user, source):
            return self.get_response(request)

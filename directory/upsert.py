"""Bulk insert-or-update by a natural key, writing only the rows that changed.

Loaders re-run on every `make run`; rewriting unchanged rows with ``bulk_update`` costs seconds
(one large CASE expression per field), comparing them costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # The saved instance for every key, so later levels can point at earlier ones.
    by_key: dict = field(default_factory=dict)
    # With track=True: (saved instance, old values by attname or None when created).
    changes: list = field(default_factory=list)


def upsert(
    model: type[models.Model],
    key: str,
    records: Sequence[models.Model],
    fields: Sequence[str],
    batch_size: int = 500,
    track: bool = False,
    touch: str | None = None,
) -> UpsertResult:
    """Create records whose ``key`` is new, update the ``fields`` that differ on the others.

    ``track`` keeps the old values of what changed (for the change history); ``touch`` names a
    timestamp field set to now on updated rows (bulk_update skips ``auto_now``).
    """
    result = UpsertResult()
    keys = [getattr(record, key) for record in records]
    existing = {}
    for start in range(0, len(keys), batch_size):
        chunk = keys[start : start + batch_size]
        existing.update(
            (getattr(obj, key), obj) for obj in model.objects.filter(**{f"{key}__in": chunk})
        )
    attnames = [model._meta.get_field(name).attname for name in fields]
    to_create, to_update = [], []
    now = timezone.now()
    for record in records:
        current = existing.get(getattr(record, key))
        if current is None:
            to_create.append(record)
            result.by_key[getattr(record, key)] = record
            if track:
                result.changes.append((record, None))
            continue
        result.by_key[getattr(record, key)] = current
        if any(getattr(current, a) != getattr(record, a) for a in attnames):
            if track:
                old = {f.attname: getattr(current, f.attname) for f in model._meta.concrete_fields}
                result.changes.append((current, old))
            for attname in attnames:
                setattr(current, attname, getattr(record, attname))
            if touch:
                setattr(current, touch, now)
            to_update.append(current)
        else:
            result.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        update_fields = [*fields, touch] if touch else fields
        model.objects.bulk_update(to_update, update_fields, batch_size=batch_size)
    result.created, result.updated = len(to_create), len(to_update)
    return result

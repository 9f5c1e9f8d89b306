"""Keep the map-cluster index current: record every change of a point's public footprint."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from directory.models import Division, ServicePoint

from . import clusters


def _point_saved(sender, instance, **kwargs):
    clusters.point_changed(instance.pk)


def _categories_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # changed from the category's side: the points are in pk_set
        for pk in pk_set or ():
            clusters.point_changed(pk)
        if action == "post_clear":
            clusters.invalidate_all()
    else:
        clusters.point_changed(instance.pk)


def _division_changed(sender, instance, **kwargs):
    # A division's seat is the public location of its township-precision points.
    transaction.on_commit(clusters.invalidate_all)


def connect() -> None:
    post_save.connect(_point_saved, sender=ServicePoint, dispatch_uid="map-point-saved")
    post_delete.connect(_point_saved, sender=ServicePoint, dispatch_uid="map-point-deleted")
    m2m_changed.connect(
        _categories_changed,
        sender=ServicePoint.categories.through,
        dispatch_uid="map-point-categories",
    )
    post_save.connect(_division_changed, sender=Division, dispatch_uid="map-division-saved")

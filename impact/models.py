"""Stored snapshots of the raw impact counts, from which every published number is computed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImpactSnapshot(models.Model):
    """The raw counts of every closed quarter, as frozen when it was first counted.

    A quarter, once in a snapshot, is copied unchanged into every later one: a published cell
    never changes, so two downloads at different moments cannot be subtracted to reveal a
    contact or a volunteer added in between. ``data`` holds unsuppressed counts and is never
    served as such: impact.privacy scrubs it on the way out.
    """

    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    through_quarter = models.CharField(
        _("last quarter counted"),
        max_length=7,
        unique=True,
        help_text=_("The latest closed quarter, e.g. 2026Q3: one snapshot per quarter closed."),
    )
    data = models.JSONField(_("raw counts"), default=dict)

    class Meta:
        ordering = ["-taken_at"]
        get_latest_by = "taken_at"
        verbose_name = _("impact snapshot")
        verbose_name_plural = _("impact snapshots")

    def __str__(self) -> str:
        return f"impact snapshot through {self.through_quarter}"

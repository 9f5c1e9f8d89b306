"""The audit trail's one table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """Actions the portal records. Other apps may record codes of their own (``app.verb``);
    listing them here only gives them a readable label in the admin."""

    VIEW_APPLICATION = "volunteer.view_application", _("Viewed an application (ID fragment)")
    VIEW_DOCUMENT = "volunteer.view_document", _("Viewed a volunteer's document")
    EXPORT_VOLUNTEERS = "volunteer.export", _("Exported the volunteer list")
    DECISION = "volunteer.decision", _("Recorded a vetting decision")
    VIEW_PAIRING = "volunteer.view_pairing", _("Viewed a pairing's contact notes")
    PAIR = "volunteer.pair", _("Paired a volunteer with a case")
    END_PAIRING = "volunteer.end_pairing", _("Ended a pairing")
    DENIED = "access.denied", _("Access denied")
    OUT_OF_SCOPE = "access.out_of_scope", _("Asked for a record outside their area (404)")
    EXPIRE_UNVERIFIED = (
        "accounts.expire_unverified",
        _("Deleted a phone sign-up whose number was never verified"),
    )
    GROUP_MEMBERSHIP = "permission.group_membership", _("Changed a user's groups")
    USER_PERMISSIONS = "permission.user_permissions", _("Changed a user's own permissions")
    GROUP_PERMISSIONS = "permission.group_permissions", _("Changed a group's permissions")
    STAFF_STATUS = "permission.staff_status", _("Changed staff or superuser status")
    REVIEWER_SCOPE_ADDED = "permission.reviewer_scope_added", _("Gave a reviewer a county or city")
    REVIEWER_SCOPE_REMOVED = "permission.reviewer_scope_removed", _("Took a reviewer's area away")
    PAGE_PERMISSIONS = "permission.page_permissions", _("Changed a group's page permissions")
    COLLECTION_PERMISSIONS = (
        "permission.collection_permissions",
        _("Changed a group's collection permissions"),
    )
    EXPORT_AUDIT = "audit.export", _("Exported the audit trail")
    VERIFY_ORGANIZATION = "organizations.verify", _("Verified an organisation")
    REJECT_ORGANIZATION = "organizations.reject", _("Rejected an organisation")
    PUBLISH_LISTING = "organizations.publish_listing", _("Published a project listing")
    RETURN_LISTING = "organizations.return_listing", _("Returned a project listing")
    VIEW_ORGANIZATION_DOCUMENT = (
        "organizations.view_document",
        _("Viewed an organisation's certificate"),
    )


class AppendOnly(PermissionError):
    """An attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("the audit trail is append-only")

    def delete(self):
        raise AppendOnly("the audit trail is append-only")

    # bulk_update and update_or_create would also rewrite rows.
    def bulk_update(self, *args, **kwargs):
        raise AppendOnly("the audit trail is append-only")


class AuditEntry(models.Model):
    """One sensitive action: who did what to which record, when and from which page.

    Append-only: ``save`` refuses to update, ``delete`` and the queryset's ``update``/``delete``
    refuse, and a database trigger rejects UPDATE and DELETE (audit/triggers.py). It keeps ids,
    never names, numbers or text of the people concerned, so erasing a volunteer's personal
    data never needs an entry changed. The actor is not a database foreign key: deleting a
    user leaves their entries, which then show the bare user id.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system acted (a command or a scheduled job)."),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(
        _("record type"), max_length=100, blank=True, help_text=_("app_label.model")
    )
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=1000, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        # Reading is the only permission there is: nobody may add, change or delete by hand.
        default_permissions = ("view",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id or 'system'} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("the audit trail is append-only")

    @property
    def action_label(self) -> str:
        try:
            return Action(self.action).label
        except ValueError:
            return self.action

    @property
    def actor_label(self) -> str:
        if self.actor_id is None:
            return str(_("system"))
        try:
            return self.actor.get_username()
        except models.ObjectDoesNotExist:
            return str(_("deleted user #%(id)s") % {"id": self.actor_id})

    @property
    def target_label(self) -> str:
        return f"{self.target_type} #{self.target_id}" if self.target_type else ""

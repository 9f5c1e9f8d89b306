"""Self-service records around the directory's Organization and Project: who belongs to an
organisation, its private certificates, the verification and moderation history, and the
pending revision of a published project listing.

The public records themselves (``Organization``, ``Project``) stay in ``directory``; this
app holds what is never public: members, invitations, certificates and moderators' notes.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.documents import private_storage
from directory.models import ListingStatus, Organization, Project, VerificationStatus


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person who may act for an organisation; the owner also invites and removes members."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        ordering = ["organization", "-role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_each")
        ]
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")

    def __str__(self) -> str:
        return f"user {self.user_id} {self.role} of organisation {self.organization_id}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """An owner's invitation, sent to an e-mail address or a mobile number, to join as a member.

    The link carries a random token; it is accepted by a signed-in account with that address or
    number, once.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    contact = models.CharField(
        _("e-mail or mobile number"), max_length=254, help_text=_("Where the invitation went.")
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation {self.pk} to organisation {self.organization_id}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the owner")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class JoinRequest(models.Model):
    """A request to join an organisation, made by someone whose registration found its USCC
    already registered; the owner accepts or declines it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_requests"
    )
    message = models.CharField(_("message to the owner"), max_length=300, blank=True)
    status = models.CharField(
        max_length=16, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self) -> str:
        return f"user {self.user_id} asks to join organisation {self.organization_id}"


# "stale" is recorded when a verification runs out, though the status itself stays verified.
STEP_STATUSES = [*VerificationStatus.choices, ("stale", _("Stale: re-verification due"))]


class VerificationStep(models.Model):
    """One verification decision on an organisation: who, when, from what, to what, and why."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="verification_steps"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=STEP_STATUSES, blank=True)
    to_status = models.CharField(max_length=16, choices=STEP_STATUSES)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("verification step")
        verbose_name_plural = _("verification steps")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class DocumentKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration certificate")
    RATING = "rating", _("Rating certificate")


def document_path(instance: OrganizationDocument, filename: str) -> str:
    # A random name: the uploaded file name tells nothing we need and may tell too much.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    return f"organizations/{uuid.uuid4().hex}.{extension}"


class OrganizationDocument(models.Model):
    """A certificate an organisation uploaded for its verification: kept outside the public
    media root and served only to its members and the staff who verify it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=document_path)
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("organisation document")
        verbose_name_plural = _("organisation documents")

    def __str__(self) -> str:
        return f"{self.kind} of organisation {self.organization_id}"


class RevisionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for moderation")
    RETURNED = "returned", _("Returned with comments")


class ProjectRevision(models.Model):
    """Changes to a published listing, waiting for moderation while the published version stays
    visible. ``data`` holds the edited fields as the form cleaned them (places as id lists)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="pending_revision"
    )
    data = models.JSONField()
    status = models.CharField(
        max_length=16, choices=RevisionStatus.choices, default=RevisionStatus.SUBMITTED
    )
    comments = models.TextField(_("moderator's comments"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("project revision")
        verbose_name_plural = _("project revisions")

    def __str__(self) -> str:
        return f"revision of project {self.project_id}"


class ModerationAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned with comments")
    ARCHIVED = "archived", _("Archived")
    REVISION_SUBMITTED = "revision_submitted", _("Changes submitted")
    REVISION_PUBLISHED = "revision_published", _("Changes published")
    REVISION_RETURNED = "revision_returned", _("Changes returned with comments")


class ModerationStep(models.Model):
    """One step of a project listing's moderation, with the moderator's comments."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="moderation_steps")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=24, choices=ModerationAction.choices)
    from_status = models.CharField(max_length=16, choices=ListingStatus.choices, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation steps")

    def __str__(self) -> str:
        return f"{self.action} project {self.project_id}"

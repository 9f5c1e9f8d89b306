"""What organisations and the staff who moderate them can do: every state change goes through
here, in one transaction, with its history row and (after commit) its notification."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

import audit
from accounts.notify import notify, notify_contact
from accounts.services import (
    is_reviewer,
    reviewable_city_ids,
    reviewable_county_ids,
    verified_contacts,
)
from directory.models import (
    Division,
    ListingStatus,
    Organization,
    Project,
    VerificationStatus,
)

from .models import (
    DocumentKind,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    MemberRole,
    Membership,
    ModerationAction,
    ModerationStep,
    OrganizationDocument,
    ProjectRevision,
    RevisionStatus,
    VerificationStep,
)

logger = logging.getLogger(__name__)


class InvalidTransition(Exception):
    """The step is not possible from the record's current state."""


# --- membership -----------------------------------------------------------------------------


def membership(user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


# A link to ask to join an organisation that is not public yet is given only to someone who typed
# its Unified Social Credit Code (the registration form's duplicate check); it is signed so that
# counting through /organizations/<id>/join/ reveals no unverified organisation's name.
JOIN_LINK_SALT = "organizations.join-link"
JOIN_LINK_MAX_AGE = datetime.timedelta(days=7)


def join_link_token(organization: Organization) -> str:
    """The signed token that opens the join page of an organisation that is not public yet."""
    return signing.dumps(organization.pk, salt=JOIN_LINK_SALT)


def may_see_join_page(user, organization: Organization, token: str | None) -> bool:
    """Whether ``user`` may see the join page (and so the name) of ``organization``.

    A public organisation's name is public; an unverified, rejected or hidden one's is shown to
    its members, to staff, and to whoever holds a join link for it.
    """
    if organization.is_listed or user.is_staff or membership(user, organization) is not None:
        return True
    if not token:
        return False
    try:
        pk = signing.loads(token, salt=JOIN_LINK_SALT, max_age=JOIN_LINK_MAX_AGE)
    except signing.BadSignature:
        return False
    return pk == organization.pk


def require_member(user, organization: Organization) -> Membership:
    """The user's membership of the organisation, or PermissionDenied (403)."""
    found = membership(user, organization)
    if found is None:
        raise PermissionDenied
    return found


def require_owner(user, organization: Organization) -> Membership:
    found = require_member(user, organization)
    if found.role != MemberRole.OWNER:
        raise PermissionDenied
    return found


def organizations_of(user) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user).order_by("name")


@dataclass
class Registration:
    name: str
    uscc: str
    kind: str
    rating: str
    service_area: list[Division]
    contact_channel: str
    description: str
    registration_certificate: object
    rating_certificate: object | None


@transaction.atomic
def register_organization(user, data: Registration) -> Organization:
    """A new organisation, pending verification, with ``user`` as its owner."""
    organization = Organization.objects.create(
        name=data.name,
        uscc=data.uscc,
        kind=data.kind,
        rating=data.rating,
        contact_channel=data.contact_channel,
        description=data.description,
        verification_status=VerificationStatus.PENDING,
    )
    organization.service_area.set(data.service_area)
    Membership.objects.create(organization=organization, user=user, role=MemberRole.OWNER)
    VerificationStep.objects.create(
        organization=organization, actor=user, to_status=VerificationStatus.PENDING
    )
    attach_document(organization, user, DocumentKind.REGISTRATION, data.registration_certificate)
    if data.rating_certificate is not None:
        attach_document(organization, user, DocumentKind.RATING, data.rating_certificate)
    return organization


def attach_document(organization: Organization, user, kind: str, upload) -> OrganizationDocument:
    """Store a checked upload (``upload.sniffed_content_type`` set by the form) privately."""
    document = OrganizationDocument(
        organization=organization,
        kind=kind,
        content_type=upload.sniffed_content_type,
        uploaded_by=user,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    return document


def latest_documents(organization: Organization) -> dict[str, OrganizationDocument]:
    latest: dict[str, OrganizationDocument] = {}
    for document in organization.documents.all():
        latest.setdefault(document.kind, document)
    return latest


@transaction.atomic
def ask_to_join(user, organization: Organization, message: str = "") -> JoinRequest:
    """Record a request to join (once per person while pending) and tell the owners."""
    if membership(user, organization):
        raise InvalidTransition("already a member")
    request, created = JoinRequest.objects.get_or_create(
        organization=organization,
        user=user,
        status=JoinRequestStatus.PENDING,
        defaults={"message": message},
    )
    if created:
        _notify_after_commit(
            organization,
            _("Someone asked to join %(name)s on the Fulei Portal; see your organisation's page.")
            % {"name": organization.name},
            owners_only=True,
        )
    return request


@transaction.atomic
def decide_join_request(owner, request: JoinRequest, accept: bool) -> None:
    require_owner(owner, request.organization)
    if request.status != JoinRequestStatus.PENDING:
        raise InvalidTransition("already decided")
    request.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    if accept:
        Membership.objects.get_or_create(
            organization=request.organization,
            user=request.user,
            defaults={"role": MemberRole.MEMBER},
        )


def invite(owner, organization: Organization, contact: str) -> Invitation:
    """Invite an e-mail address or a (normalised) mobile number; the link goes there."""
    require_owner(owner, organization)
    invitation = Invitation.objects.create(
        organization=organization, contact=contact, invited_by=owner
    )
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "organizations:accept_invitation", args=[invitation.token]
    )
    with override(settings.LANGUAGE_CODE):
        text = _("You are invited to join %(name)s on the Fulei Portal: %(link)s") % {
            "name": organization.name,
            "link": link,
        }
        subject = _("Invitation to join an organisation")
    if not notify_contact(contact, subject, text):
        logger.warning("could not send invitation %s", invitation.pk)
    return invitation


@transaction.atomic
def accept_invitation(user, token: str) -> Organization:
    """Make ``user`` a member, if the invitation is open and was sent to their address or number."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token=token, accepted_at__isnull=True)
        .select_related("organization")
        .first()
    )
    if invitation is None:
        raise InvalidTransition("no such open invitation")
    if invitation.contact.lower() not in verified_contacts(user):
        raise PermissionDenied
    Membership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": MemberRole.MEMBER}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation.organization


@transaction.atomic
def remove_member(owner, organization: Organization, member: Membership) -> None:
    require_owner(owner, organization)
    if member.organization_id != organization.pk:
        raise PermissionDenied
    if member.role == MemberRole.OWNER:
        raise InvalidTransition("the owner cannot be removed")
    member.delete()


# --- staff scope ----------------------------------------------------------------------------


def is_moderator(user) -> bool:
    """Superusers and county/city reviewers (``ReviewerScope``) moderate organisations."""
    return is_reviewer(user)


def _scope_q(user) -> Q | None:
    """Organisations whose service area lies in the user's counties or cities; None: all."""
    counties = reviewable_county_ids(user)
    if counties is None:
        return None
    cities = reviewable_city_ids(user)
    return (
        Q(service_area__in=counties)
        | Q(service_area__parent__in=counties)
        | Q(service_area__in=cities)
    )


def moderatable_organizations(user) -> QuerySet[Organization]:
    if not is_moderator(user):
        return Organization.objects.none()
    scope = _scope_q(user)
    queryset = Organization.objects.all()
    if scope is not None:
        queryset = queryset.filter(pk__in=Organization.objects.filter(scope).values("pk"))
    return queryset


def can_moderate(user, organization: Organization) -> bool:
    return moderatable_organizations(user).filter(pk=organization.pk).exists()


def can_see_documents(user, organization: Organization) -> bool:
    return membership(user, organization) is not None or can_moderate(user, organization)


# --- verification ---------------------------------------------------------------------------


@transaction.atomic
def decide_verification(
    organization: Organization, actor, verified: bool, reason: str = ""
) -> None:
    """Verify (or re-verify) an organisation, or reject it with a reason; recorded, notified."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not can_moderate(actor, organization):
        raise PermissionDenied
    if not verified and not reason.strip():
        raise InvalidTransition("a rejection needs a reason")
    before = "stale" if organization.is_stale else organization.verification_status
    organization.verification_status = (
        VerificationStatus.VERIFIED if verified else VerificationStatus.REJECTED
    )
    organization.verified_at = timezone.now() if verified else None
    organization.save()
    VerificationStep.objects.create(
        organization=organization,
        actor=actor,
        from_status=before,
        to_status=organization.verification_status,
        reason=reason,
    )
    audit.record(
        actor,
        "organizations.verify" if verified else "organizations.reject",
        organization,
        detail=f"{before} -> {organization.verification_status}",
    )
    with override(settings.LANGUAGE_CODE):
        if verified:
            text = _("Fulei Portal: %(name)s has been verified.") % {"name": organization.name}
        else:
            text = _("Fulei Portal: %(name)s was not verified. Reason: %(reason)s") % {
                "name": organization.name,
                "reason": reason,
            }
    _notify_after_commit(organization, text)


@transaction.atomic
def resubmit_for_verification(user, organization: Organization) -> None:
    """After a rejection, or when stale, the organisation asks to be verified again."""
    require_member(user, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.verification_status == VerificationStatus.PENDING:
        raise InvalidTransition("already waiting")
    if organization.verification_status == VerificationStatus.VERIFIED and not (
        organization.is_stale
    ):
        raise InvalidTransition("verified and current")
    before = "stale" if organization.is_stale else organization.verification_status
    organization.verification_status = VerificationStatus.PENDING
    organization.save()
    VerificationStep.objects.create(
        organization=organization, actor=user, from_status=before, to_status="pending"
    )


def flag_stale_organizations(now: datetime.datetime | None = None) -> list[Organization]:
    """Record and announce the organisations whose verification ran out (idempotent: each
    runs out once per verification). They already left public output when it ran out; this
    updates the search index and tells their members."""
    now = now or timezone.now()
    flagged = []
    for organization in Organization.objects.stale(now):
        already = organization.verification_steps.filter(
            to_status="stale", at__gte=organization.verified_at
        ).exists()
        if already:
            continue
        with transaction.atomic():
            VerificationStep.objects.create(
                organization=organization,
                from_status=VerificationStatus.VERIFIED,
                to_status="stale",
                at=now,
            )
            # Saving reindexes the organisation and its projects (search signals).
            organization.save(update_fields=["updated_at"])
            with override(settings.LANGUAGE_CODE):
                text = _(
                    "Fulei Portal: %(name)s has not been re-verified for a year and is no longer "
                    "listed. Ask for re-verification on your organisation's page."
                ) % {"name": organization.name}
            _notify_after_commit(organization, text)
        flagged.append(organization)
    return flagged


# --- project listings -------------------------------------------------------------------------


def revision_data(cleaned: dict) -> dict:
    """The form's cleaned data as JSON (dates as ISO strings, places as id lists)."""
    data = {}
    for name, value in cleaned.items():
        if isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif hasattr(value, "values_list"):
            data[name] = list(value.values_list("pk", flat=True))
        else:
            data[name] = value
    return data


def _apply(project: Project, data: dict) -> None:
    m2m = {"service_points", "divisions"}
    for name, value in data.items():
        if name in m2m:
            continue
        if name in ("start_date", "end_date") and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        setattr(project, name, value)
    project.save()
    for name in m2m & data.keys():
        getattr(project, name).set(data[name])


@transaction.atomic
def save_listing(user, organization: Organization, data: dict, project: Project | None) -> Project:
    """Create or edit a listing. A published listing is not changed: the edit becomes a revision
    moderated again while the published version stays visible."""
    require_member(user, organization)
    if project is None:
        project = Project(organization=organization, status=ListingStatus.DRAFT)
        _apply(project, revision_data(data))
        return project
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.organization_id != organization.pk:
        raise PermissionDenied
    if project.status == ListingStatus.ARCHIVED:
        raise InvalidTransition("archived")
    if project.status == ListingStatus.PUBLISHED:
        ProjectRevision.objects.update_or_create(
            project=project,
            defaults={
                "data": revision_data(data),
                "status": RevisionStatus.SUBMITTED,
                "submitted_by": user,
                "submitted_at": timezone.now(),
            },
        )
        _step(project, user, ModerationAction.REVISION_SUBMITTED)
        return project
    _apply(project, revision_data(data))
    return project


def _step(project: Project, actor, action: str, comments: str = "", before: str = "") -> None:
    ModerationStep.objects.create(
        project=project,
        actor=actor,
        action=action,
        from_status=before or project.status,
        comments=comments,
    )


def _set_status(project: Project, status: str) -> str:
    before = project.status
    project.status = status
    project.save()
    return before


@transaction.atomic
def submit_listing(user, project: Project) -> None:
    require_member(user, project.organization)
    project = Project.objects.select_for_update().select_related("organization").get(pk=project.pk)
    if project.organization.verification_status != VerificationStatus.VERIFIED:
        raise InvalidTransition("organisation not verified")
    if project.status not in (ListingStatus.DRAFT, ListingStatus.RETURNED):
        raise InvalidTransition("not a draft")
    before = _set_status(project, ListingStatus.SUBMITTED)
    _step(project, user, ModerationAction.SUBMITTED, before=before)


def moderatable_projects(user) -> QuerySet[Project]:
    return Project.objects.filter(organization__in=moderatable_organizations(user))


@transaction.atomic
def publish_listing(actor, project: Project) -> None:
    """Publish a submitted listing, or the submitted changes of a published one."""
    project = Project.objects.select_for_update().select_related("organization").get(pk=project.pk)
    if not can_moderate(actor, project.organization):
        raise PermissionDenied
    revision = ProjectRevision.objects.filter(project=project).first()
    if project.status == ListingStatus.PUBLISHED and revision is not None:
        if revision.status != RevisionStatus.SUBMITTED:
            raise InvalidTransition("changes not submitted")
        _apply(project, revision.data)
        revision.delete()
        _step(project, actor, ModerationAction.REVISION_PUBLISHED)
    elif project.status in (ListingStatus.SUBMITTED, ListingStatus.DRAFT):
        # A draft too: staff may enter a listing themselves (e.g. in the Wagtail admin).
        before = _set_status(project, ListingStatus.PUBLISHED)
        _step(project, actor, ModerationAction.PUBLISHED, before=before)
    else:
        raise InvalidTransition("nothing to publish")
    audit.record(actor, "organizations.publish_listing", project)
    _notify_listing(project, gettext_lazy("Fulei Portal: your listing “%(title)s” is published."))


@transaction.atomic
def return_listing(actor, project: Project, comments: str) -> None:
    """Send a submitted listing (or submitted changes) back to the organisation with comments."""
    project = Project.objects.select_for_update().select_related("organization").get(pk=project.pk)
    if not can_moderate(actor, project.organization):
        raise PermissionDenied
    if not comments.strip():
        raise InvalidTransition("comments are required")
    revision = ProjectRevision.objects.filter(project=project).first()
    if project.status == ListingStatus.PUBLISHED and revision is not None:
        revision.status = RevisionStatus.RETURNED
        revision.comments = comments
        revision.save(update_fields=["status", "comments"])
        _step(project, actor, ModerationAction.REVISION_RETURNED, comments)
    elif project.status == ListingStatus.SUBMITTED:
        before = _set_status(project, ListingStatus.RETURNED)
        _step(project, actor, ModerationAction.RETURNED, comments, before=before)
    else:
        raise InvalidTransition("nothing to return")
    audit.record(actor, "organizations.return_listing", project)
    _notify_listing(
        project,
        gettext_lazy("Fulei Portal: your listing “%(title)s” was returned with comments."),
    )


def archive_ended_listings(today: datetime.date | None = None) -> int:
    """Archive published listings whose end date has passed (idempotent, for cron)."""
    today = today or timezone.localdate()
    count = 0
    for project in Project.objects.filter(status=ListingStatus.PUBLISHED, end_date__lt=today):
        with transaction.atomic():
            ProjectRevision.objects.filter(project=project).delete()
            before = _set_status(project, ListingStatus.ARCHIVED)
            _step(project, None, ModerationAction.ARCHIVED, before=before)
        count += 1
    return count


# --- notifications --------------------------------------------------------------------------


def _notify_listing(project: Project, template) -> None:
    with override(settings.LANGUAGE_CODE):
        text = str(template) % {"title": project.title}
    _notify_after_commit(project.organization, text)


def _notify_after_commit(organization: Organization, text: str, owners_only: bool = False) -> None:
    transaction.on_commit(lambda: notify_members(organization, text, owners_only))


def notify_members(organization: Organization, text: str, owners_only: bool = False) -> None:
    """Tell the organisation's members (by e-mail, else by SMS to their verified mobile)."""
    members = Membership.objects.filter(organization=organization).select_related("user")
    if owners_only:
        members = members.filter(role=MemberRole.OWNER)
    with override(settings.LANGUAGE_CODE):
        subject = _("Your organisation on the Fulei Portal")
    for member in members:
        if not notify(member.user, subject, text):
            logger.warning("could not notify a member of organisation %s", organization.pk)

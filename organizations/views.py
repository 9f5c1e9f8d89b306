"""Organisation pages: the public list, self-service for members and moderation for staff.

Every write view looks the organisation up by the URL, then asks ``services`` whether the user
is a member (or the owner, or a moderator in scope); anyone else gets 403.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import audit
from accounts.ratelimits import limited
from accounts.services import has_totp
from directory.models import ListingStatus, Organization, Project, VerificationStatus

from . import public, services
from .forms import (
    DocumentForm,
    InviteForm,
    JoinRequestForm,
    ListingForm,
    ModerationDecisionForm,
    OrganizationFilterForm,
    RegistrationForm,
    VerificationDecisionForm,
)
from .models import JoinRequest, JoinRequestStatus, Membership, ProjectRevision

PAGE_SIZE = 20


def organization_list(request):
    """Public: verified, current organisations, filtered by area, kind, rating and project."""
    form = OrganizationFilterForm(request.GET or None)
    filters = form.usable() if request.GET else {}
    page = Paginator(public.listed_organizations(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    kept = "&".join(f"{k}={v}" for k, v in filters.items())
    return render(
        request,
        "organizations/list.html",
        {"form": form, "page_obj": page, "query_string": kept},
    )


# --- registration and membership ----------------------------------------------------------


@login_required
@limited("upload", key="user_or_ip")
def register(request):
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = services.register_organization(
            request.user,
            services.Registration(
                name=data["name"],
                uscc=data["uscc"],
                kind=data["kind"],
                rating=data["rating"],
                service_area=list(data["service_area"]),
                contact_channel=data["contact_channel"],
                description=data["description"],
                registration_certificate=data["registration_certificate"],
                rating_certificate=data.get("rating_certificate"),
            ),
        )
        messages.success(
            request, _("Your organisation is registered. County or city staff will verify it.")
        )
        return redirect("organizations:manage", pk=organization.pk)
    return render(
        request,
        "organizations/register.html",
        {
            "form": form,
            "existing": form.existing if form.is_bound else None,
            "join_url": _join_url(form.existing) if form.is_bound else None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _join_url(organization: Organization | None) -> str | None:
    if organization is None:
        return None
    url = reverse("organizations:join", args=[organization.pk])
    if organization.is_listed:
        return url
    return f"{url}?{urlencode({'link': services.join_link_token(organization)})}"


@login_required
def ask_to_join(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    if not services.may_see_join_page(request.user, organization, request.GET.get("link")):
        # The same answer as for an id that does not exist: nothing tells them apart.
        audit.record_out_of_scope(request, organization)
        raise Http404
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_to_join(request.user, organization, form.cleaned_data["message"])
        except services.InvalidTransition:
            messages.info(request, _("You are already a member of this organisation."))
            return redirect("organizations:manage", pk=organization.pk)
        messages.success(request, _("Your request has been sent to the organisation's owner."))
        return redirect("organizations:mine")
    return render(request, "organizations/join.html", {"organization": organization, "form": form})


@login_required
def mine(request):
    return render(
        request,
        "organizations/mine.html",
        {
            "memberships": Membership.objects.filter(user=request.user).select_related(
                "organization"
            ),
            "requests": request.user.organization_requests.filter(
                status=JoinRequestStatus.PENDING
            ).select_related("organization"),
        },
    )


def _member_context(request, organization: Organization, **extra) -> dict:
    member = services.require_member(request.user, organization)
    is_owner = member.role == "owner"
    return {
        "organization": organization,
        "membership": member,
        "is_owner": is_owner,
        "members": organization.memberships.select_related("user"),
        "invitations": organization.invitations.filter(accepted_at__isnull=True)
        if is_owner
        else [],
        "join_requests": organization.join_requests.filter(
            status=JoinRequestStatus.PENDING
        ).select_related("user")
        if is_owner
        else [],
        "documents": services.latest_documents(organization),
        "steps": organization.verification_steps.all(),
        "projects": organization.projects.select_related("pending_revision").order_by("-pk"),
        "can_reverify": organization.verification_status == VerificationStatus.REJECTED
        or organization.is_stale,
        "invite_form": InviteForm(),
        "document_form": DocumentForm(),
        **extra,
    }


@login_required
def manage(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    return render(request, "organizations/manage.html", _member_context(request, organization))


@login_required
@require_POST
def invite(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    services.require_owner(request.user, organization)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "organizations/manage.html",
            _member_context(request, organization, invite_form=form),
            status=400,
        )
    services.invite(request.user, organization, form.cleaned_data["contact"])
    messages.success(request, _("The invitation has been sent."))
    return redirect("organizations:manage", pk=organization.pk)


@login_required
@require_POST
def remove_member(request, pk: int, member_pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    services.require_owner(request.user, organization)
    member = get_object_or_404(Membership, pk=member_pk, organization=organization)
    try:
        services.remove_member(request.user, organization, member)
    except services.InvalidTransition:
        messages.error(request, _("The owner cannot be removed."))
    else:
        messages.success(request, _("The member has been removed."))
    return redirect("organizations:manage", pk=organization.pk)


@login_required
@require_POST
def decide_join_request(request, pk: int, request_pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    services.require_owner(request.user, organization)
    join_request = get_object_or_404(JoinRequest, pk=request_pk, organization=organization)
    try:
        services.decide_join_request(
            request.user, join_request, accept=request.POST.get("decision") == "accept"
        )
    except services.InvalidTransition:
        messages.error(request, _("This request was already decided."))
    return redirect("organizations:manage", pk=organization.pk)


@login_required
def accept_invitation(request, token: str):
    if request.method == "POST":
        try:
            organization = services.accept_invitation(request.user, token)
        except services.InvalidTransition:
            raise Http404 from None
        messages.success(request, _("You are now a member of %(name)s.") % {"name": organization})
        return redirect("organizations:manage", pk=organization.pk)
    return render(request, "organizations/accept_invitation.html", {"token": token})


@login_required
@require_POST
@limited("upload", key="user_or_ip")
def upload_document(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    services.require_member(request.user, organization)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "organizations/manage.html",
            _member_context(request, organization, document_form=form),
            status=400,
        )
    services.attach_document(
        organization, request.user, form.cleaned_data["kind"], form.cleaned_data["file"]
    )
    messages.success(request, _("The document has been uploaded."))
    return redirect("organizations:manage", pk=organization.pk)


@login_required
def document(request, pk: int, document_pk: int):
    """A certificate, only to the organisation's members and the staff who verify it."""
    organization = get_object_or_404(Organization, pk=pk)
    is_member = services.membership(request.user, organization) is not None
    if not is_member:
        if not services.can_moderate(request.user, organization):
            raise PermissionDenied
        if not has_totp(request.user):
            raise PermissionDenied
    item = get_object_or_404(organization.documents, pk=document_pk)
    if not is_member:
        audit.record(request.user, "organizations.view_document", item, request=request)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def reverify(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    services.require_member(request.user, organization)
    try:
        services.resubmit_for_verification(request.user, organization)
    except services.InvalidTransition:
        messages.error(request, _("Your organisation is not due for verification."))
    else:
        messages.success(request, _("Your organisation is waiting for verification again."))
    return redirect("organizations:manage", pk=organization.pk)


# --- project listings -----------------------------------------------------------------------


@login_required
def listing_new(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    services.require_member(request.user, organization)
    form = ListingForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        project = services.save_listing(request.user, organization, form.cleaned_data, None)
        messages.success(request, _("Saved as a draft. Submit it for moderation when ready."))
        return redirect("organizations:listing_edit", pk=project.pk)
    return render(
        request,
        "organizations/listing_form.html",
        {"form": form, "organization": organization, "project": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def listing_edit(request, pk: int):
    project = get_object_or_404(Project.objects.select_related("organization"), pk=pk)
    organization = project.organization
    services.require_member(request.user, organization)
    revision = ProjectRevision.objects.filter(project=project).first()
    initial = revision.data if revision else None
    form = ListingForm(
        request.POST or None, instance=project, initial=initial, organization=organization
    )
    if request.method == "POST" and project.status != ListingStatus.ARCHIVED and form.is_valid():
        services.save_listing(request.user, organization, form.cleaned_data, project)
        if project.status == ListingStatus.PUBLISHED:
            messages.success(
                request,
                _(
                    "Your changes were sent for moderation. The published version stays "
                    "visible until they are approved."
                ),
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("organizations:listing_edit", pk=project.pk)
    return render(
        request,
        "organizations/listing_form.html",
        {
            "form": form,
            "organization": organization,
            "project": project,
            "revision": revision,
            "steps": project.moderation_steps.all(),
            "can_submit": project.status in (ListingStatus.DRAFT, ListingStatus.RETURNED)
            and organization.verification_status == VerificationStatus.VERIFIED,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def listing_submit(request, pk: int):
    project = get_object_or_404(Project.objects.select_related("organization"), pk=pk)
    services.require_member(request.user, project.organization)
    try:
        services.submit_listing(request.user, project)
    except services.InvalidTransition:
        messages.error(
            request,
            _("Only a draft or returned listing of a verified organisation can be submitted."),
        )
    else:
        messages.success(request, _("Submitted for moderation."))
    return redirect("organizations:listing_edit", pk=project.pk)


# --- staff moderation -----------------------------------------------------------------------


def _moderator_required(request) -> None:
    if not services.is_moderator(request.user):
        raise PermissionDenied


@login_required
def review_queue(request):
    _moderator_required(request)
    organizations = services.moderatable_organizations(request.user)
    projects = services.moderatable_projects(request.user).select_related("organization")
    return render(
        request,
        "organizations/review_queue.html",
        {
            "pending": organizations.filter(verification_status=VerificationStatus.PENDING),
            "stale": organizations.stale(),
            "submitted": projects.filter(status=ListingStatus.SUBMITTED),
            "revisions": projects.filter(
                status=ListingStatus.PUBLISHED, pending_revision__status="submitted"
            ),
        },
    )


@login_required
def review_organization(request, pk: int):
    _moderator_required(request)
    organization = get_object_or_404(Organization, pk=pk)
    if not services.can_moderate(request.user, organization):
        raise PermissionDenied
    form = VerificationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = form.cleaned_data["decision"] == "verify"
        services.decide_verification(
            organization, request.user, verified, form.cleaned_data["reason"]
        )
        messages.success(request, _("Decision recorded."))
        return redirect("organizations:review_organization", pk=organization.pk)
    return render(
        request,
        "organizations/review_organization.html",
        {
            "organization": organization,
            "form": form,
            "documents": services.latest_documents(organization),
            "steps": organization.verification_steps.select_related("actor"),
            "projects": organization.projects.order_by("-pk"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def review_listing(request, pk: int):
    _moderator_required(request)
    project = get_object_or_404(Project.objects.select_related("organization"), pk=pk)
    if not services.can_moderate(request.user, project.organization):
        raise PermissionDenied
    form = ModerationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "publish":
                services.publish_listing(request.user, project)
            else:
                services.return_listing(request.user, project, form.cleaned_data["comments"])
        except services.InvalidTransition:
            messages.error(request, _("That step is not possible from the current status."))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("organizations:review_listing", pk=project.pk)
    revision = ProjectRevision.objects.filter(project=project).first()
    return render(
        request,
        "organizations/review_listing.html",
        {
            "project": project,
            "revision": revision,
            "changes": _revision_changes(project, revision),
            "form": form,
            "steps": project.moderation_steps.select_related("actor"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _revision_changes(project: Project, revision: ProjectRevision | None) -> list[tuple]:
    """(label, published value, proposed value) for each field the revision changes."""
    if revision is None:
        return []
    current = services.revision_data(
        {
            name: getattr(project, name)
            for name in revision.data
            if name not in ("service_points", "divisions")
        }
    )
    current["service_points"] = list(project.service_points.values_list("pk", flat=True))
    current["divisions"] = list(project.divisions.values_list("pk", flat=True))
    rows = []
    for name, proposed in revision.data.items():
        before = current.get(name)
        if isinstance(proposed, list):
            if sorted(proposed) == sorted(before or []):
                continue
        elif proposed == before:
            continue
        label = Project._meta.get_field(name).verbose_name
        rows.append((label, before, proposed))
    return rows

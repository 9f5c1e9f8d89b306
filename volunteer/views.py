"""Volunteer pages: the public explanation, the application, the applicant's own pages and the
reviewers' pages (plain Django views in our layout: reviewers are county-centre staff, not
editors, so they stay out of Wagtail's admin and its permissions)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.ratelimits import limited
from accounts.services import is_reviewer, reviewable_county_ids
from spreadsheet import SpreadsheetSafeWriter
from volunteer import services
from volunteer.forms import (
    ApplicationForm,
    CertificateForm,
    DecisionForm,
    VolunteerFilterForm,
    WithdrawForm,
)
from volunteer.models import AccessAction, Application, Role, Status


def landing(request):
    """Public: the two roles and the way in. Shows no volunteer data at all."""
    return render(request, "volunteer/landing.html", {"roles": Role})


def _own_application(request) -> Application | None:
    return (
        Application.objects.filter(user=request.user, anonymised_at__isnull=True)
        .exclude(status__in=[Status.WITHDRAWN, Status.REJECTED])
        .first()
    )


@login_required
@limited("apply", key="user_or_ip")
@limited("upload", key="user_or_ip")
def apply(request):
    if _own_application(request):
        return redirect("volunteer_status")
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        certificate = data.get("certificate")
        services.submit_application(
            request.user,
            services.Submission(
                role=data["role"],
                real_name=data["real_name"],
                id_number=data["id_number"],
                phone=data["phone"],
                county=data["county"],
                occupation=data["occupation"],
                availability=data["availability"],
                languages=data["languages"],
                motivation=data["motivation"],
                certificate=certificate,
                certificate_content_type=getattr(certificate, "sniffed_content_type", ""),
            ),
        )
        messages.success(request, _("Thank you: your application has been received."))
        return redirect("volunteer_status")
    return render(
        request,
        "volunteer/apply.html",
        {"form": form, "privacy_version": settings.VOLUNTEER_PRIVACY_NOTICE_VERSION},
    )


@login_required
def status(request):
    applications = request.user.volunteer_applications.filter(anonymised_at__isnull=True)
    current = _own_application(request)
    return render(
        request,
        "volunteer/status.html",
        {
            "applications": applications,
            "current": current,
            "certificate_form": CertificateForm(),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_POST
@limited("upload", key="user_or_ip")
def upload_certificate(request):
    application = _own_application(request)
    if application is None:
        raise Http404
    form = CertificateForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["certificate"]
        services.attach_certificate(application, upload, upload.sniffed_content_type)
        messages.success(request, _("Your certificate has been uploaded."))
        return redirect("volunteer_status")
    return render(
        request,
        "volunteer/status.html",
        {
            "applications": request.user.volunteer_applications.filter(anonymised_at__isnull=True),
            "current": application,
            "certificate_form": form,
            "withdraw_form": WithdrawForm(),
        },
        status=400,
    )


@login_required
@require_POST
def withdraw(request):
    application = _own_application(request)
    if application is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.decide(
                application,
                actor=request.user,
                to_status=Status.WITHDRAWN,
                seen_version=application.version,
                reason=form.cleaned_data["reason"],
            )
        except (services.StaleDecision, services.InvalidTransition):
            messages.error(request, _("Your application changed meanwhile; please try again."))
        else:
            messages.success(request, _("Your application has been withdrawn."))
    else:
        messages.error(request, _("Please say why you are withdrawing."))
    return redirect("volunteer_status")


@login_required
def export_data(request):
    data = services.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="fulei-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, _("Your account and personal data have been deleted."))
        return redirect("volunteer")
    return render(request, "volunteer/delete_account.html")


# --- reviewers ----------------------------------------------------------------------------


def _reviewer_required(request) -> None:
    if not is_reviewer(request.user):
        services.log_access(request, AccessAction.DENIED)
        raise PermissionDenied


def _filtered(request):
    queryset = services.reviewable_applications(request.user)
    form = VolunteerFilterForm(request.GET or None, counties=reviewable_county_ids(request.user))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            queryset = queryset.filter(
                Q(real_name__icontains=q) | Q(id_last4__iexact=q) | Q(phone__endswith=q)
            )
        if data["county"]:
            queryset = queryset.filter(county=data["county"])
        if data["role"]:
            queryset = queryset.filter(role=data["role"])
        if data["status"] == Status.RECHECK_DUE:
            now = timezone.now()
            queryset = queryset.filter(
                Q(status=Status.RECHECK_DUE) | Q(status=Status.APPROVED, expires_at__lte=now)
            )
        elif data["status"] == Status.APPROVED:
            queryset = queryset.filter(status=Status.APPROVED, expires_at__gt=timezone.now())
        elif data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["expires_before"]:
            queryset = queryset.filter(expires_at__date__lt=data["expires_before"])
    return form, queryset


@login_required
def review_list(request):
    _reviewer_required(request)
    form, queryset = _filtered(request)
    return render(
        request,
        "volunteer/review_list.html",
        {"form": form, "applications": queryset[:200], "count": queryset.count()},
    )


@login_required
def review_export(request):
    _reviewer_required(request)
    if not request.user.is_staff:
        services.log_access(request, AccessAction.DENIED)
        raise PermissionDenied
    form, queryset = _filtered(request)
    services.log_access(request, AccessAction.EXPORT_VOLUNTEERS)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="volunteers.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    # Names and phones are typed by applicants: none may run as a formula in Excel.
    writer = SpreadsheetSafeWriter(response)
    writer.writerow(
        [
            "id",
            "role",
            "real_name",
            "id_last4",
            "phone",
            "county_code",
            "county",
            "status",
            "expires_at",
            "possible_duplicate",
        ]  # fmt: skip
    )
    for a in queryset:
        writer.writerow(
            [
                a.pk,
                a.role,
                a.real_name,
                a.id_last4,
                a.phone,
                a.county.code,
                a.county.name,
                a.effective_status,
                a.expires_at.date().isoformat() if a.expires_at else "",
                "yes" if a.possible_duplicate else "",
            ]
        )
    return response


def _scoped_application(request, pk: int) -> Application:
    _reviewer_required(request)
    application = get_object_or_404(Application, pk=pk, anonymised_at__isnull=True)
    if not services.can_review(request.user, application):
        services.log_access(request, AccessAction.DENIED, application)
        raise PermissionDenied
    return application


@login_required
def review_detail(request, pk: int):
    application = _scoped_application(request, pk)
    allowed = services.allowed_next(application)
    form = DecisionForm(
        request.POST or None, allowed=allowed, initial={"version": application.version}
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                application,
                actor=request.user,
                to_status=data["to_status"],
                seen_version=data["version"],
                reason=data["reason"],
                background=form.background()
                if data["to_status"] == Status.BACKGROUND_CHECKED
                else None,
            )
        except services.StaleDecision:
            conflict = True
            messages.error(
                request,
                _(
                    "Another reviewer decided on this application meanwhile. Nothing was saved: "
                    "review its new status and decide again."
                ),
            )
        except services.InvalidTransition:
            conflict = True
            messages.error(request, _("That step is not possible from the current status."))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("volunteer_review_detail", pk=application.pk)
        application.refresh_from_db()
        form = DecisionForm(
            allowed=services.allowed_next(application), initial={"version": application.version}
        )
    # The page shows the ID fragment and phone: every view is logged.
    services.log_access(request, AccessAction.VIEW_APPLICATION, application)
    return render(
        request,
        "volunteer/review_detail.html",
        {
            "application": application,
            "form": form,
            "transitions": application.transitions.select_related("actor"),
            "duplicates": services.find_duplicates(application.id_hash, application.phone)
            .exclude(pk=application.pk)
            .count(),
        },
        status=409 if conflict else 200,
    )


@login_required
def review_certificate(request, pk: int):
    application = _scoped_application(request, pk)
    if not application.certificate:
        raise Http404
    services.log_access(request, AccessAction.VIEW_DOCUMENT, application)
    response = FileResponse(
        application.certificate.open("rb"),
        content_type=application.certificate_content_type or "application/octet-stream",
    )
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

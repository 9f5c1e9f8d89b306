"""Volunteer applications: submission, vetting transitions, scoping, expiry, export, erasure.

Views stay thin and call these functions; other apps read nothing here (no public output
carries volunteer data).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import audit
from accounts.models import AccountPhone
from accounts.notify import notify
from accounts.services import reviewable_county_ids
from directory.models import Division
from volunteer import idcard
from volunteer.models import (
    FINAL_STATUSES,
    NEXT_STATUS,
    AccessAction,
    Application,
    Status,
    Transition,
)

logger = logging.getLogger(__name__)


class StaleDecision(Exception):
    """Another reviewer changed the application since this one loaded it."""


class InvalidTransition(Exception):
    """The requested step does not follow from the application's current status."""


# --- access and scope ---------------------------------------------------------------------


def reviewable_applications(user) -> QuerySet[Application]:
    queryset = Application.objects.filter(anonymised_at__isnull=True).select_related("county")
    counties = reviewable_county_ids(user)
    if counties is None:
        return queryset
    return queryset.filter(county_id__in=counties)


def can_review(user, application: Application) -> bool:
    counties = reviewable_county_ids(user)
    return counties is None or application.county_id in counties


def log_access(request, action: str, application: Application | None = None) -> None:
    """Record a look at volunteers' data (or a refusal) in the audit trail."""
    audit.record(None, action, application, request=request)


# --- submission ---------------------------------------------------------------------------


@dataclass
class Submission:
    role: str
    real_name: str
    id_number: str
    phone: str
    county: Division
    occupation: str
    availability: str
    languages: str
    motivation: str
    certificate: object | None = None
    certificate_content_type: str = ""


def find_duplicates(id_hash: str, phone: str, exclude_user=None) -> QuerySet[Application]:
    queryset = Application.objects.filter(anonymised_at__isnull=True).filter(
        Q(id_hash=id_hash) | Q(phone=phone)
    )
    if exclude_user is not None:
        queryset = queryset.exclude(user=exclude_user)
    return queryset


@transaction.atomic
def submit_application(user, data: Submission) -> Application:
    """Store a validated application; the full ID-card number goes no further than this call."""
    now = timezone.now()
    id_hash = idcard.keyed_hash(data.id_number)
    duplicates = find_duplicates(id_hash, data.phone, exclude_user=user)
    is_duplicate = duplicates.exists()
    application = Application(
        user=user,
        role=data.role,
        real_name=data.real_name,
        id_hash=id_hash,
        id_last4=idcard.last_four(data.id_number),
        phone=data.phone,
        county=data.county,
        occupation=data.occupation,
        availability=data.availability,
        languages=data.languages,
        motivation=data.motivation,
        privacy_notice_version=settings.VOLUNTEER_PRIVACY_NOTICE_VERSION,
        privacy_consented_at=now,
        background_check_consented_at=now,
        possible_duplicate=is_duplicate,
        submitted_at=now,
    )
    if data.certificate is not None:
        application.certificate_content_type = data.certificate_content_type
        application.certificate.save("certificate", data.certificate, save=False)
    application.save()
    if is_duplicate:
        duplicates.update(possible_duplicate=True)
    Transition.objects.create(
        application=application, actor=user, from_status="", to_status=Status.SUBMITTED, at=now
    )
    return application


@transaction.atomic
def attach_certificate(application: Application, upload, content_type: str) -> None:
    old = application.certificate.name if application.certificate else ""
    application.certificate_content_type = content_type
    application.certificate.save("certificate", upload, save=False)
    application.save(update_fields=["certificate", "certificate_content_type"])
    if old:
        transaction.on_commit(lambda: application.certificate.storage.delete(old))


# --- vetting ------------------------------------------------------------------------------


def allowed_next(application: Application) -> list[str]:
    status = application.effective_status
    if status in FINAL_STATUSES:
        return []
    steps = []
    if status in NEXT_STATUS:
        steps.append(NEXT_STATUS[status])
    steps.append(Status.REJECTED)
    return steps


def decide(
    application: Application,
    *,
    actor,
    to_status: str,
    seen_version: int,
    reason: str = "",
    background: dict | None = None,
) -> Application:
    """Move an application one step, if nobody else has moved it since ``seen_version``.

    The UPDATE carries ``version = seen_version`` in its WHERE clause: of two reviewers deciding
    at once, the second one's UPDATE matches no row and gets StaleDecision, never a lost update.
    """
    from_status = application.effective_status
    if to_status == Status.WITHDRAWN:
        if from_status in FINAL_STATUSES:
            raise InvalidTransition(to_status)
    elif to_status not in allowed_next(application):
        raise InvalidTransition(to_status)
    if to_status in (Status.REJECTED, Status.WITHDRAWN) and not reason.strip():
        raise InvalidTransition("a reason is required")
    now = timezone.now()
    changes: dict = {"status": to_status, "version": F("version") + 1}
    if to_status == Status.BACKGROUND_CHECKED:
        background = background or {}
        changes.update(
            background_outcome=background["outcome"],
            background_checked_on=background["checked_on"],
            background_checking_body=background["checking_body"],
            background_officer=background["officer"],
        )
    if to_status == Status.APPROVED:
        changes.update(
            approved_at=now,
            expires_at=now + datetime.timedelta(days=settings.VOLUNTEER_APPROVAL_DAYS),
        )
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, version=seen_version).update(
            **changes
        )
        if updated != 1:
            raise StaleDecision(application.pk)
        transition = Transition.objects.create(
            application=application,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            at=now,
        )
        # In the same transaction: a decision is never stored without its audit entry.
        audit.record(
            actor,
            AccessAction.DECISION,
            application,
            detail=f"{from_status} → {to_status} (transition #{transition.pk})",
        )
    application.refresh_from_db()
    transaction.on_commit(lambda: notify_status(application))
    return application


def expire_approvals(now: datetime.datetime | None = None) -> int:
    """Turn every approval past its expiry into re-check due; idempotent. Returns how many."""
    now = now or timezone.now()
    count = 0
    for application in Application.objects.expired(now):
        with transaction.atomic():
            updated = Application.objects.filter(
                pk=application.pk, status=Status.APPROVED, version=application.version
            ).update(status=Status.RECHECK_DUE, version=F("version") + 1)
            if updated:
                Transition.objects.create(
                    application=application,
                    actor=None,
                    from_status=Status.APPROVED,
                    to_status=Status.RECHECK_DUE,
                    reason="approval expired",
                    at=now,
                )
                count += 1
        if updated:
            notify_status(application)
    return count


# --- notifications ------------------------------------------------------------------------


def notify_status(application: Application) -> None:
    """Tell the applicant the new status (by e-mail, else by SMS)."""
    user = application.user
    if user is None:
        return
    application.refresh_from_db(fields=["status"])
    with override(settings.LANGUAGE_CODE):
        text = _("Fulei Portal: your volunteer application is now: %(status)s.") % {
            "status": Status(application.status).label
        }
    if not notify(user, _("Your volunteer application"), text):
        # No personal data in the log: the application id is enough to follow up.
        logger.warning("could not notify the applicant of application %s", application.pk)


# --- the applicant's own data -------------------------------------------------------------


def export_personal_data(user) -> dict:
    """Everything the portal holds about ``user``, as JSON-ready data (PIPL access right)."""
    phone = AccountPhone.objects.filter(user=user).first()
    return {
        "account": {
            "username": user.get_username(),
            "email_addresses": [
                {"email": e.email, "verified": e.verified}
                for e in EmailAddress.objects.filter(user=user)
            ],
            "mobile_number": phone.phone if phone else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "applications": [
            {
                "id": a.pk,
                "role": a.role,
                "real_name": a.real_name,
                "id_card_last_four": a.id_last4,
                "id_card_note": "Only a keyed hash of the full number is stored.",
                "mobile_number": a.phone,
                "county": {"code": a.county.code, "name": a.county.name},
                "occupation": a.occupation,
                "availability": a.availability,
                "languages": a.languages,
                "motivation": a.motivation,
                "privacy_notice_version": a.privacy_notice_version,
                "privacy_consented_at": a.privacy_consented_at.isoformat(),
                "background_check_consented_at": a.background_check_consented_at.isoformat(),
                "certificate_uploaded": bool(a.certificate),
                "status": a.effective_status,
                "background_check": {
                    "outcome": a.background_outcome,
                    "date": a.background_checked_on.isoformat()
                    if a.background_checked_on
                    else None,
                    "checking_body": a.background_checking_body,
                },
                "submitted_at": a.submitted_at.isoformat(),
                "approved_at": a.approved_at.isoformat() if a.approved_at else None,
                "expires_at": a.expires_at.isoformat() if a.expires_at else None,
                "history": [
                    {"from": t.from_status, "to": t.to_status, "at": t.at.isoformat()}
                    for t in a.transitions.all()
                ],
            }
            for a in user.volunteer_applications.select_related("county")
        ],
    }


@transaction.atomic
def delete_account(user) -> None:
    """Erase the account and anonymise its applications; role, county, status and dates stay
    for aggregate counts, nothing that identifies the person does."""
    now = timezone.now()
    for application in user.volunteer_applications.all():
        if application.certificate:
            name = application.certificate.name
            storage = application.certificate.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        Application.objects.filter(pk=application.pk).update(
            user=None,
            real_name="",
            id_hash="",
            id_last4="",
            phone="",
            occupation="",
            availability="",
            languages="",
            motivation="",
            certificate="",
            certificate_content_type="",
            background_officer="",
            anonymised_at=now,
            version=F("version") + 1,
        )
        if application.is_open:
            Application.objects.filter(pk=application.pk).update(status=Status.WITHDRAWN)
        # Reasons are free text a reviewer may have filled with personal details.
        application.transitions.update(reason="")
    user.delete()

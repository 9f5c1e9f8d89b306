"""Volunteers of the Fulei programme: applications, vetting, pairings and contacts.

Personal information (PIPL) kept here is the minimum DESIGN.md §4 allows: a keyed hash and the
last four characters of the ID-card number, never the number; the no-criminal-record
certificate outside the public media root; nothing about children.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.documents import private_storage
from audit.models import Action


def certificate_path(instance, filename: str) -> str:
    # A random name: the applicant's file name may carry their name.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.certificate_content_type, "bin"
    )
    return f"certificates/{uuid.uuid4().hex}.{extension}"


class Role(models.TextChoices):
    CARING_PARENT = "caring_parent", _("Caring parent")
    PAIRING = "pairing", _("Pairing volunteer")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IDENTITY_CHECKED = "identity_checked", _("Identity checked")
    BACKGROUND_CHECKED = "background_checked", _("Background check recorded")
    TRAINING_COMPLETED = "training_completed", _("Training completed")
    APPROVED = "approved", _("Approved")
    RECHECK_DUE = "recheck_due", _("Re-check due")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The vetting path: each state and the one that follows it. Rejection and withdrawal are
# possible from any state that is not final.
NEXT_STATUS = {
    Status.SUBMITTED: Status.IDENTITY_CHECKED,
    Status.IDENTITY_CHECKED: Status.BACKGROUND_CHECKED,
    Status.BACKGROUND_CHECKED: Status.TRAINING_COMPLETED,
    Status.TRAINING_COMPLETED: Status.APPROVED,
    # An annual re-check restarts at the background check.
    Status.RECHECK_DUE: Status.BACKGROUND_CHECKED,
}
FINAL_STATUSES = {Status.REJECTED, Status.WITHDRAWN}


class BackgroundOutcome(models.TextChoices):
    CLEAR = "clear", _("No record found")
    NOT_CLEAR = "not_clear", _("Record found")


class ApplicationQuerySet(models.QuerySet):
    def expired(self, now: datetime.datetime | None = None):
        """Approved applications whose approval has run out."""
        now = now or timezone.now()
        return self.filter(status=Status.APPROVED, expires_at__lte=now)


class Application(models.Model):
    """A citizen's application to serve as a caring parent or pairing volunteer, and its vetting.

    ``version`` is increased by every decision; a decision is written only if the version the
    reviewer saw is still current (optimistic locking), so two reviewers cannot overwrite each
    other.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_applications",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    real_name = models.CharField(_("real name"), max_length=64)
    id_hash = models.CharField(
        _("ID-card number hash"),
        max_length=64,
        db_index=True,
        help_text=_("Keyed HMAC-SHA256 of the ID-card number, for duplicate detection only."),
    )
    id_last4 = models.CharField(_("ID-card number, last four"), max_length=4)
    phone = models.CharField(_("mobile number"), max_length=20, db_index=True)
    county = models.ForeignKey(
        "directory.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="volunteer_applications",
        limit_choices_to={"level": "county"},
    )
    occupation = models.CharField(_("occupation or sector"), max_length=120)
    availability = models.CharField(_("availability"), max_length=200)
    languages = models.CharField(_("languages and dialects"), max_length=200)
    motivation = models.TextField(_("motivation"), max_length=2000)
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    privacy_consented_at = models.DateTimeField(_("privacy notice accepted at"))
    background_check_consented_at = models.DateTimeField(_("background check agreed at"))
    certificate = models.FileField(
        _("no-criminal-record certificate"),
        storage=private_storage,
        upload_to=certificate_path,
        blank=True,
    )
    certificate_content_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.SUBMITTED
    )
    version = models.PositiveIntegerField(default=1)
    possible_duplicate = models.BooleanField(
        _("possible duplicate"),
        default=False,
        help_text=_("Another application has the same ID-card hash or mobile number."),
    )
    background_outcome = models.CharField(
        _("background check outcome"), max_length=20, choices=BackgroundOutcome.choices, blank=True
    )
    background_checked_on = models.DateField(_("background check date"), null=True, blank=True)
    background_checking_body = models.CharField(_("checking body"), max_length=120, blank=True)
    background_officer = models.CharField(_("checking officer"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("approval expires at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("volunteer application")
        verbose_name_plural = _("volunteer applications")

    def __str__(self) -> str:
        # No personal data: this string may end up in logs.
        return f"application {self.pk}"

    @property
    def effective_status(self) -> str:
        """The status as of now: an approval past its expiry reads as re-check due."""
        if (
            self.status == Status.APPROVED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        ):
            return Status.RECHECK_DUE
        return self.status

    def get_effective_status_display(self) -> str:
        return Status(self.effective_status).label

    @property
    def is_open(self) -> bool:
        return self.status not in FINAL_STATUSES

    def missing(self) -> list[str]:
        """What the applicant still has to provide or wait for, in their words."""
        items = []
        if not self.certificate:
            items.append(_("Upload your no-criminal-record certificate."))
        status = self.effective_status
        if status == Status.SUBMITTED:
            items.append(_("The county centre will check your identity."))
        elif status == Status.IDENTITY_CHECKED:
            items.append(_("The county centre will record your background check."))
        elif status == Status.BACKGROUND_CHECKED:
            items.append(_("Complete the volunteer training."))
        elif status == Status.TRAINING_COMPLETED:
            items.append(_("The county centre will decide on your application."))
        elif status == Status.RECHECK_DUE:
            items.append(_("Your approval has expired: an annual re-check is due."))
        return items


class Transition(models.Model):
    """One step of an application's vetting: who moved it, when, from what, to what, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("vetting step")
        verbose_name_plural = _("vetting steps")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


# Looks at volunteers' data are recorded in the audit trail (audit/) under these codes.
AccessAction = Action


# --- pairing and contacts (no child data: DESIGN.md §4) ----------------------------------


class AgeBand(models.TextChoices):
    UNDER_6 = "0-5", _("0–5 years")
    FROM_6 = "6-11", _("6–11 years")
    FROM_12 = "12-14", _("12–14 years")
    FROM_15 = "15-17", _("15–17 years")


class EndReason(models.TextChoices):
    CHILD_ADULT = "child_adult", _("The child turned 18")
    CHILD_MOVED = "child_moved", _("The child moved away")
    VOLUNTEER_LEFT = "volunteer_left", _("The volunteer stopped")
    REASSIGNED = "reassigned", _("Paired with another volunteer")
    OTHER = "other", _("Other")


class Pairing(models.Model):
    """An approved volunteer paired with one child, who is known here only by the county
    centre's case code, the county and an age band: never a name, ID number, photo, school or
    address (DESIGN.md §4).

    A pairing whose volunteer's approval has expired reads as suspended (``is_suspended``) until
    the re-check approves them again; nothing is stored for that, so it cannot go stale.
    """

    application = models.ForeignKey(
        Application,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    county = models.ForeignKey(
        "directory.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
        help_text=_("The county centre that issued the case code."),
    )
    case_code = models.CharField(
        _("case code"),
        max_length=20,
        help_text=_("The county centre's case code, e.g. 350429-0012. Never a name or ID number."),
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["county__code", "case_code", "pk"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            # One open pairing per child: a child is re-paired only after the old one ended.
            models.UniqueConstraint(
                fields=["county", "case_code"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_pairing_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"pairing {self.pk} ({self.case_code})"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def is_suspended(self) -> bool:
        """Open, but the volunteer is not (or no longer) approved: no contacts until re-check."""
        return self.is_open and self.application.effective_status != Status.APPROVED


class ContactType(models.TextChoices):
    TALK = "talk", _("Talk")
    HOME_VISIT = "home_visit", _("Home visit")
    VIDEO_CALL = "video_call", _("Video call")
    ACTIVITY = "activity", _("Activity")


class CadencePeriod(models.TextChoices):
    MONTH = "month", _("Every calendar month")
    QUARTER = "quarter", _("Every calendar quarter")


class CadenceRule(models.Model):
    """How often a pairing needs a contact of one type: the programme's default (no county) or
    a county's own rule, which replaces the default there. Seeded: a talk every month, a home
    visit every quarter."""

    contact_type = models.CharField(_("contact type"), max_length=20, choices=ContactType.choices)
    period = models.CharField(_("at least once"), max_length=10, choices=CadencePeriod.choices)
    county = models.ForeignKey(
        "directory.Division",
        verbose_name=_("county"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "county"},
        help_text=_("Empty: the rule for every county without its own."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Off: this county does not require this contact.")
    )

    class Meta:
        ordering = ["county_id", "contact_type"]
        verbose_name = _("cadence rule")
        verbose_name_plural = _("cadence rules")
        constraints = [
            models.UniqueConstraint(
                fields=["contact_type", "county"], name="one_rule_per_type_and_county"
            ),
            models.UniqueConstraint(
                fields=["contact_type"],
                condition=models.Q(county__isnull=True),
                name="one_default_rule_per_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_type} {self.period} ({self.county_id or 'default'})"


class Contact(models.Model):
    """One contact between a volunteer and the child of a pairing, logged by the volunteer.

    ``note`` is read only by the reviewers of the pairing's county: it never appears on a public
    page, in an export or in the statistics.
    """

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="contacts")
    contact_type = models.CharField(_("type"), max_length=20, choices=ContactType.choices)
    occurred_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    note = models.TextField(
        _("note for the county centre"),
        max_length=1000,
        blank=True,
        help_text=_("Seen only by the county centre's reviewers. No names or addresses."),
    )
    concern = models.BooleanField(
        _("raise a concern"),
        default=False,
        help_text=_("Tick if the child may need help: the county centre is told at once."),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["pairing", "contact_type", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.contact_type} on {self.occurred_on}"


class ReminderKind(models.TextChoices):
    VOLUNTEER_DUE = "volunteer_due", _("Contact due soon (to the volunteer)")
    REVIEWER_OVERDUE = "reviewer_overdue", _("Contact overdue (to a reviewer)")


class ReminderSent(models.Model):
    """A reminder already sent, so ``send_reminders`` never sends the same one twice: one per
    kind, pairing, contact type, due date and recipient (a unique constraint, so two runs at
    once cannot both send)."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="+")
    contact_type = models.CharField(max_length=20, choices=ContactType.choices)
    due_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "pairing", "contact_type", "due_on", "recipient"],
                name="reminder_sent_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pairing_id} {self.contact_type} {self.due_on}"

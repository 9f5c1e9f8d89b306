"""Pairings, the contact log, cadence and reminders (views stay thin and call these).

No child data: a pairing holds the county centre's case code, the county and an age band.
A contact's note is for the county's reviewers only; e-mails never carry it.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from stdnum.cn import ric

import audit
from accounts.notify import notify
from accounts.services import county_reviewers, reviewable_county_ids
from directory.models import Division
from volunteer import cadence
from volunteer.models import (
    Application,
    CadenceRule,
    Contact,
    Pairing,
    ReminderKind,
    ReminderSent,
    Status,
)

logger = logging.getLogger(__name__)

# <county code>-<2 to 8 capital letters or digits>, e.g. 350429-0012 or 350429-A013.
CASE_CODE = re.compile(r"^(?P<county>\d{6})-(?P<serial>[A-Z0-9]{2,8})$")


PROGRAMME_CADENCE = {"talk": "month", "home_visit": "quarter"}


class PairingRefused(Exception):
    """The volunteer may not be paired (not approved, approval expired) or the pairing is over."""


# --- pairing ------------------------------------------------------------------------------


def clean_case_code(value: str, county: Division | None) -> str:
    """The case code in its canonical form, or a ValidationError saying what is wrong.

    Refuses anything that could be a child's name (letters beyond the serial, CJK characters),
    an ID-card number or a phone number, before the format check, so the error says why.
    """
    code = re.sub(r"\s+", "", value or "").upper()
    digits = re.sub(r"\D", "", code)
    if re.search(r"[\u3400-\u9fff]", code):
        raise ValidationError(
            _("A case code has no Chinese characters: never enter a child's name."),
            code="looks_like_name",
        )
    if len(digits) in (15, 18) or (len(code) == 18 and ric.is_valid(code)):
        raise ValidationError(
            _("This looks like an ID-card number. Enter only the county centre's case code."),
            code="looks_like_id",
        )
    if re.fullmatch(r"1\d{10}", digits):
        raise ValidationError(
            _("This looks like a phone number. Enter only the county centre's case code."),
            code="looks_like_phone",
        )
    match = CASE_CODE.match(code)
    if not match:
        raise ValidationError(
            _(
                "A case code is the county code, a hyphen and 2–8 letters or digits, "
                "e.g. 350429-0012."
            ),
            code="format",
        )
    if county is not None and match["county"] != county.code:
        raise ValidationError(
            _("The case code must start with the county's code %(code)s.") % {"code": county.code},
            code="county",
        )
    return code


def can_be_paired(application: Application) -> bool:
    return application.anonymised_at is None and application.effective_status == Status.APPROVED


@transaction.atomic
def create_pairing(
    *,
    actor,
    application: Application,
    county: Division,
    case_code: str,
    age_band: str,
    started_on: datetime.date,
) -> Pairing:
    """Pair an approved volunteer with a case; PairingRefused if the volunteer is not approved
    today (never approved, rejected, withdrawn or approval expired)."""
    # Lock the application row so a concurrent decision cannot slip in between check and insert.
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not can_be_paired(application):
        raise PairingRefused(_("Only a volunteer with a valid approval can be paired."))
    code = clean_case_code(case_code, county)
    if Pairing.objects.filter(county=county, case_code=code, ended_on__isnull=True).exists():
        raise PairingRefused(_("This case already has an open pairing."))
    pairing = Pairing.objects.create(
        application=application,
        county=county,
        case_code=code,
        age_band=age_band,
        started_on=started_on,
        created_by=actor,
    )
    audit.record(actor, "volunteer.pair", pairing, detail=f"application {application.pk}")
    return pairing


@transaction.atomic
def end_pairing(pairing: Pairing, *, ended_on: datetime.date, reason: str, actor=None) -> Pairing:
    if not pairing.is_open:
        raise PairingRefused(_("This pairing has already ended."))
    pairing.ended_on = ended_on
    pairing.end_reason = reason
    pairing.save(update_fields=["ended_on", "end_reason"])
    audit.record(actor, "volunteer.end_pairing", pairing, detail=reason)
    return pairing


def reviewable_pairings(user) -> QuerySet[Pairing]:
    queryset = Pairing.objects.select_related("application", "county")
    counties = reviewable_county_ids(user)
    if counties is None:
        return queryset
    return queryset.filter(county_id__in=counties)


def own_pairings(user) -> QuerySet[Pairing]:
    return Pairing.objects.filter(
        application__user=user, application__anonymised_at__isnull=True
    ).select_related("application", "county")


def pairable_applications(user) -> QuerySet[Application]:
    """Applications in the reviewer's scope that may be paired today."""
    now = timezone.now()
    queryset = Application.objects.filter(
        anonymised_at__isnull=True, status=Status.APPROVED, expires_at__gt=now
    ).select_related("county")
    counties = reviewable_county_ids(user)
    return queryset if counties is None else queryset.filter(county_id__in=counties)


# --- cadence ------------------------------------------------------------------------------


def rules_for(county_id: int) -> dict[str, str]:
    """{contact type: period} in force in a county: its own rules replace the defaults."""
    defaults: dict[str, CadenceRule] = {}
    own: dict[str, CadenceRule] = {}
    for rule in CadenceRule.objects.filter(Q(county__isnull=True) | Q(county_id=county_id)):
        (defaults if rule.county_id is None else own)[rule.contact_type] = rule
    chosen = {**defaults, **own}
    # The programme's own cadence holds for a type nobody has a row for (the migration seeds
    # these rows; switching a rule off is done with ``active``, not by deleting it).
    rules = {t: p for t, p in PROGRAMME_CADENCE.items() if t not in chosen}
    rules.update({t: rule.period for t, rule in chosen.items() if rule.active})
    return rules


def standing(
    pairing: Pairing,
    today: datetime.date | None = None,
    rules: dict[str, str] | None = None,
    latest: dict[str, datetime.date] | None = None,
) -> list[cadence.Due]:
    """Where the pairing stands on each rule of its county, counting contacts up to ``today``."""
    today = today or timezone.localdate()
    rules = rules if rules is not None else rules_for(pairing.county_id)
    if latest is None:
        latest = dict(
            pairing.contacts.filter(occurred_on__lte=today)
            .order_by()
            .values_list("contact_type")
            .annotate(last=Max("occurred_on"))
            .values_list("contact_type", "last")
        )
    return [
        cadence.evaluate(pairing.started_on, latest.get(t), t, period, today)
        for t, period in sorted(rules.items())
    ]


@dataclass
class Overdue:
    pairing: Pairing
    due: cadence.Due


def last_contacts(pairings: list[Pairing], today: datetime.date) -> dict:
    last: dict[int, dict[str, datetime.date]] = {}
    rows = (
        Contact.objects.filter(pairing__in=[p.pk for p in pairings], occurred_on__lte=today)
        .order_by()
        .values_list("pairing_id", "contact_type")
        .annotate(last=Max("occurred_on"))
    )
    for pairing_id, contact_type, day in rows:
        last.setdefault(pairing_id, {})[contact_type] = day
    return last


def standings(
    pairings: QuerySet[Pairing], today: datetime.date
) -> list[tuple[Pairing, list[cadence.Due]]]:
    """Every open, unsuspended pairing of the queryset with its standing (few queries)."""
    live = [p for p in pairings.filter(ended_on__isnull=True) if not p.is_suspended]
    last = last_contacts(live, today)
    rule_cache: dict[int, dict[str, str]] = {}
    result = []
    for pairing in live:
        if pairing.county_id not in rule_cache:
            rule_cache[pairing.county_id] = rules_for(pairing.county_id)
        result.append(
            (
                pairing,
                standing(pairing, today, rule_cache[pairing.county_id], last.get(pairing.pk, {})),
            )
        )
    return result


def overdue_for_reviewer(user, today: datetime.date | None = None) -> list[Overdue]:
    """Overdue contacts of the pairings in the reviewer's scope, most overdue first."""
    today = today or timezone.localdate()
    items = [
        Overdue(pairing, due)
        for pairing, dues in standings(reviewable_pairings(user), today)
        for due in dues
        if due.overdue
    ]
    return sorted(items, key=lambda o: (o.due.due_on, o.pairing.case_code))


# --- the contact log ----------------------------------------------------------------------


def check_contact_date(pairing: Pairing, day: datetime.date) -> None:
    """ValidationError unless the day is within the pairing and not in the future."""
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    if day < pairing.started_on:
        raise ValidationError(
            _("The date cannot be before the pairing started (%(date)s).")
            % {"date": pairing.started_on.isoformat()},
            code="before_start",
        )
    if pairing.ended_on and day > pairing.ended_on:
        raise ValidationError(_("The date cannot be after the pairing ended."), code="after_end")


def log_contact(
    pairing: Pairing,
    *,
    user,
    contact_type: str,
    occurred_on: datetime.date,
    duration_minutes: int,
    note: str = "",
    concern: bool = False,
) -> Contact:
    """Record a contact; a concern tells the county's reviewers at once (after commit)."""
    if pairing.application.user_id != user.pk:
        raise PairingRefused(_("Only the paired volunteer can log contacts."))
    if not pairing.is_open:
        raise PairingRefused(_("This pairing has ended."))
    if pairing.is_suspended:
        raise PairingRefused(
            _("Your approval has expired: contacts can be logged again after the re-check.")
        )
    check_contact_date(pairing, occurred_on)
    with transaction.atomic():
        contact = Contact.objects.create(
            pairing=pairing,
            contact_type=contact_type,
            occurred_on=occurred_on,
            duration_minutes=duration_minutes,
            note=note.strip(),
            concern=concern,
            logged_by=user,
        )
        if concern:
            transaction.on_commit(lambda: notify_concern(contact))
    return contact


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_concern(contact: Contact) -> int:
    """E-mail every reviewer of the pairing's county; the note stays on the site (behind MFA)."""
    pairing = contact.pairing
    recipients = [u.email for u in county_reviewers(pairing.county_id) if u.email]
    if not recipients:
        logger.warning("concern on pairing %s: the county has no reviewer to tell", pairing.pk)
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _("Concern raised for case %(code)s") % {"code": pairing.case_code}
        body = _(
            "A volunteer raised a concern after a contact on %(date)s for case %(code)s. "
            "Read it (after signing in) at %(url)s"
        ) % {
            "date": contact.occurred_on.isoformat(),
            "code": pairing.case_code,
            "url": _absolute(reverse("volunteer_review_pairing", args=[pairing.pk])),
        }
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        logger.warning("could not send the concern e-mail for pairing %s", pairing.pk)
        return 0
    return len(recipients)


# --- reminders ----------------------------------------------------------------------------


CONTACT_LABELS = {
    "talk": gettext_lazy("talk"),
    "home_visit": gettext_lazy("home visit"),
    "video_call": gettext_lazy("video call"),
    "activity": gettext_lazy("activity"),
}


def _claim(kind: str, pairing: Pairing, due: cadence.Due, recipient) -> bool:
    """Record the reminder before sending it; False when it was already recorded (sent)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=kind,
                pairing=pairing,
                contact_type=due.contact_type,
                due_on=due.due_on,
                recipient=recipient,
            )
    except IntegrityError:
        return False
    return True


def _release(kind: str, pairing: Pairing, due: cadence.Due, recipient) -> None:
    # The message did not go out: forget the claim so the next run tries again.
    ReminderSent.objects.filter(
        kind=kind,
        pairing=pairing,
        contact_type=due.contact_type,
        due_on=due.due_on,
        recipient=recipient,
    ).delete()


def _remind_volunteer(pairing: Pairing, due: cadence.Due) -> bool:
    user = pairing.application.user
    if user is None or not _claim(ReminderKind.VOLUNTEER_DUE, pairing, due, user):
        return False
    with override(settings.LANGUAGE_CODE):
        text = _(
            "Fulei Portal: a %(type)s for case %(code)s is due by %(date)s. "
            "Log it at %(url)s once it has taken place."
        ) % {
            "type": CONTACT_LABELS[due.contact_type],
            "code": pairing.case_code,
            "date": due.due_on.isoformat(),
            "url": _absolute(reverse("volunteer_my_pairings")),
        }
        subject = _("A contact is due soon")
    if not notify(user, subject, text):
        # No address or number, or the gateway refused: the next run tries again.
        logger.warning("could not remind the volunteer of pairing %s", pairing.pk)
        _release(ReminderKind.VOLUNTEER_DUE, pairing, due, user)
        return False
    return True


def _remind_reviewers(pairing: Pairing, due: cadence.Due) -> int:
    sent = 0
    for reviewer in county_reviewers(pairing.county_id):
        if not reviewer.email or not _claim(ReminderKind.REVIEWER_OVERDUE, pairing, due, reviewer):
            continue
        with override(settings.LANGUAGE_CODE):
            subject = _("Overdue contact for case %(code)s") % {"code": pairing.case_code}
            text = _(
                "The %(type)s for case %(code)s was due by %(date)s and has not been logged. "
                "Overdue list: %(url)s"
            ) % {
                "type": CONTACT_LABELS[due.contact_type],
                "code": pairing.case_code,
                "date": due.due_on.isoformat(),
                "url": _absolute(reverse("volunteer_review_overdue")),
            }
        try:
            send_mail(subject, text, None, [reviewer.email])
        except OSError:
            logger.warning("could not tell a reviewer about pairing %s", pairing.pk)
            _release(ReminderKind.REVIEWER_OVERDUE, pairing, due, reviewer)
            continue
        sent += 1
    return sent


@dataclass
class ReminderCounts:
    volunteers: int = 0
    reviewers: int = 0


def send_reminders(today: datetime.date | None = None) -> ReminderCounts:
    """Remind volunteers ``VOLUNTEER_REMINDER_DAYS`` before a contact is due and reviewers once
    it is overdue. Idempotent: each reminder is recorded before it is sent and never repeated."""
    today = today or timezone.localdate()
    window = settings.VOLUNTEER_REMINDER_DAYS
    counts = ReminderCounts()
    for pairing, dues in standings(Pairing.objects.select_related("application__user"), today):
        for due in dues:
            if due.overdue:
                counts.reviewers += _remind_reviewers(pairing, due)
            elif due.days_left <= window:
                counts.volunteers += int(_remind_volunteer(pairing, due))
    return counts

"""Synthetic volunteer activity for the demo world: applications in every vetting state,
pairings by case code and contacts over the past quarters, so the impact statistics show
suppressed, rounded and visible cells and a trend.

Nothing here is a person. The rules that keep it so:

- Demo accounts are named ``demo-volunteer-NNN``, have an address under ``example.invalid``
  (RFC 2606: a domain that can never exist) and an unusable password: nobody can sign in as
  them, and no message can reach anyone.
- Phone numbers are ``+86 10 0000 0NNN``: Beijing's area code 010 followed by a local number
  starting with 0, which Beijing never issues (local numbers start with 2–8). No mobile number
  (1[3-9]…) is ever generated.
- ID-card numbers are built on the address code 350000, the province itself, under which no
  resident is registered (residents carry a county's code), with the sequence 9NN; only their
  keyed hash and last four characters are stored, as for real applications.
- Names are "演示志愿者NNN（演示）"; case codes carry "（演示）" and belong to no child.

Records are created as the factories create them (model rows, not the reviewers' services), so
no notification is sent and nothing enters the append-only audit trail that removal could not
take back. Transitions, pairings and contacts belong to their demo application and go with it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from volunteer import idcard
from volunteer.models import (
    AgeBand,
    Application,
    BackgroundOutcome,
    Contact,
    ContactType,
    EndReason,
    Pairing,
    Role,
    Status,
    Transition,
)

DEMO_USER_PREFIX = "demo-volunteer-"
DEMO_EMAIL_DOMAIN = "example.invalid"
DEMO_MARK = "（演示）"
# The province's own address code: never a resident's (see the module docstring).
NOBODY_REGION = "350000"


def demo_phone(n: int) -> str:
    """+86 10 0000 0NNN: a Beijing local number starting with 0, which cannot exist."""
    return f"+86100000{n:04d}"


def demo_id_number(n: int) -> str:
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=97 * n)
    body = f"{NOBODY_REGION}{born:%Y%m%d}9{n % 100:02d}"
    return body + ric.calc_check_digit(body + "0")


@dataclass(frozen=True)
class CountyPlan:
    """How many approved volunteers a county has, and when the first joined (months ago)."""

    code: str
    approved: int
    since_months: int


# Three counties large enough to publish (rounded), four small ones (published as "<10"),
# spread over four cities so city totals show and complementary suppression has work to do.
COUNTIES = [
    CountyPlan("350102", 26, 24),  # 福州 鼓楼区
    CountyPlan("350582", 15, 21),  # 泉州 晋江市
    CountyPlan("350429", 12, 18),  # 三明 泰宁县
    CountyPlan("350121", 4, 15),  # 福州 闽侯县
    CountyPlan("350322", 3, 12),  # 莆田 仙游县
    CountyPlan("350782", 6, 20),  # 南平 武夷山市
    CountyPlan("350921", 2, 9),  # 宁德 霞浦县
]
# Applications still in vetting or closed, so every state of the path can be seen.
OTHER_STATES = [
    Status.SUBMITTED,
    Status.SUBMITTED,
    Status.IDENTITY_CHECKED,
    Status.BACKGROUND_CHECKED,
    Status.TRAINING_COMPLETED,
    Status.RECHECK_DUE,
    Status.REJECTED,
    Status.WITHDRAWN,
]
PATH = [
    Status.SUBMITTED,
    Status.IDENTITY_CHECKED,
    Status.BACKGROUND_CHECKED,
    Status.TRAINING_COMPLETED,
    Status.APPROVED,
]
OCCUPATIONS = ["教师", "社区工作者", "机关干部", "企业职员", "退休教师", "医生", "个体工商户"]
AGE_BANDS = [AgeBand.FROM_6, AgeBand.FROM_12, AgeBand.UNDER_6, AgeBand.FROM_6, AgeBand.FROM_15]


def _months_ago(today: datetime.date, months: int, day: int = 5) -> datetime.date:
    month = today.month - months
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day, 28))


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def demo_users():
    return get_user_model().objects.filter(username__startswith=DEMO_USER_PREFIX)


def demo_applications():
    return Application.objects.filter(user__username__startswith=DEMO_USER_PREFIX)


@dataclass
class VolunteerResult:
    applications: int
    pairings: int
    contacts: int


def _application(n: int, user, county, status: str, submitted: datetime.date) -> Application:
    id_number = demo_id_number(n)
    role = Role.PAIRING if n % 4 == 0 else Role.CARING_PARENT
    return Application(
        user=user,
        role=role,
        real_name=f"演示志愿者{n:03d}{DEMO_MARK}",
        id_hash=idcard.keyed_hash(id_number),
        id_last4=idcard.last_four(id_number),
        phone=demo_phone(n),
        county=county,
        occupation=OCCUPATIONS[n % len(OCCUPATIONS)],
        availability="周末和节假日",
        languages="普通话",
        motivation="演示数据：希望每月陪孩子聊聊天。",
        privacy_notice_version=settings.VOLUNTEER_PRIVACY_NOTICE_VERSION,
        privacy_consented_at=_aware(submitted),
        background_check_consented_at=_aware(submitted),
        status=status,
        submitted_at=_aware(submitted),
    )


@transaction.atomic
def generate_demo_volunteers(today: datetime.date | None = None) -> VolunteerResult:
    """Create the demo volunteers, their vetting history, pairings and contacts, once: when
    demo applications already exist nothing is added (the history is dated, not refreshed)."""
    today = today or timezone.localdate()
    if demo_applications().exists():
        return VolunteerResult(0, 0, 0)
    from directory.models import Division

    counties = {d.code: d for d in Division.objects.filter(code__in=[c.code for c in COUNTIES])}
    plans = [c for c in COUNTIES if c.code in counties]
    if not plans:
        return VolunteerResult(0, 0, 0)

    # (n, county plan, status, submitted on) for every application.
    rows: list[tuple[int, CountyPlan, str, datetime.date]] = []
    n = 0
    for plan in plans:
        for k in range(plan.approved):
            n += 1
            # Joined evenly from `since_months` ago up to two months ago: a rising trend.
            months = plan.since_months - (plan.since_months - 2) * k // max(plan.approved, 1)
            rows.append((n, plan, Status.APPROVED, _months_ago(today, months, 3 + k % 20)))
    for k, status in enumerate(OTHER_STATES):
        n += 1
        plan = plans[k % len(plans)]
        months = 14 if status == Status.RECHECK_DUE else 1
        rows.append((n, plan, status, _months_ago(today, months, 2 + k)))

    User = get_user_model()
    users = []
    for number, *_rest in rows:
        user = User(
            username=f"{DEMO_USER_PREFIX}{number:03d}",
            email=f"{DEMO_USER_PREFIX}{number:03d}@{DEMO_EMAIL_DOMAIN}",
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    users_by_name = {u.username: u for u in demo_users()}

    applications = []
    for number, plan, status, submitted in rows:
        application = _application(
            number,
            users_by_name[f"{DEMO_USER_PREFIX}{number:03d}"],
            counties[plan.code],
            status,
            submitted,
        )
        approved_on = submitted + datetime.timedelta(days=21)
        if status in (Status.APPROVED, Status.RECHECK_DUE):
            application.approved_at = _aware(approved_on)
            # Approved ones stand approved (their annual re-check passed); the re-check-due one
            # lapsed after its year.
            application.expires_at = (
                _aware(approved_on + datetime.timedelta(days=365))
                if status == Status.RECHECK_DUE
                else _aware(today + datetime.timedelta(days=200))
            )
        if status in (
            Status.BACKGROUND_CHECKED,
            Status.TRAINING_COMPLETED,
            Status.APPROVED,
            Status.RECHECK_DUE,
        ):
            application.background_outcome = BackgroundOutcome.CLEAR
            application.background_checked_on = submitted + datetime.timedelta(days=10)
            application.background_checking_body = f"演示公安机关{DEMO_MARK}"
        applications.append(application)
    Application.objects.bulk_create(applications)

    transitions = []
    for application in applications:
        status = application.status
        if status in FINAL_REASON:
            steps = [Status.SUBMITTED, status]
        elif status == Status.RECHECK_DUE:
            steps = [*PATH, Status.RECHECK_DUE]
        else:
            steps = PATH[: PATH.index(status) + 1]
        start = application.submitted_at
        previous = ""
        for index, step in enumerate(steps):
            at = start + datetime.timedelta(days=5 * index)
            if step == Status.APPROVED and application.approved_at:
                at = application.approved_at
            if step == Status.RECHECK_DUE and application.expires_at:
                at = application.expires_at
            transitions.append(
                Transition(
                    application=application,
                    from_status=previous,
                    to_status=step,
                    reason=FINAL_REASON.get(step, ""),
                    at=min(at, timezone.now()),
                )
            )
            previous = step
    Transition.objects.bulk_create(transitions)

    pairings, contacts = _pairings_and_contacts(applications, today)
    return VolunteerResult(len(applications), len(pairings), len(contacts))


FINAL_REASON = {
    Status.REJECTED: "演示：材料不全，未补充。",
    Status.WITHDRAWN: "演示：申请人工作调动。",
}


def _pairings_and_contacts(applications, today: datetime.date):
    pairings = []
    per_county: dict[int, int] = {}
    for application in applications:
        if application.status != Status.APPROVED:
            continue
        sequence = per_county.get(application.county_id, 0) + 1
        per_county[application.county_id] = sequence
        started = application.approved_at.date() + datetime.timedelta(days=14)
        if started >= today:
            continue
        pairing = Pairing(
            application=application,
            county=application.county,
            case_code=f"{application.county.code}-{sequence:04d}{DEMO_MARK}",
            age_band=AGE_BANDS[sequence % len(AGE_BANDS)],
            started_on=started,
        )
        # One in nine ended: the child moved away, some months ago.
        if sequence % 9 == 0 and (today - started).days > 200:
            pairing.ended_on = started + datetime.timedelta(days=180)
            pairing.end_reason = EndReason.CHILD_MOVED
        pairings.append(pairing)
    Pairing.objects.bulk_create(pairings)

    contacts = []
    for index, pairing in enumerate(pairings):
        last = pairing.ended_on or today - datetime.timedelta(days=1)
        month = datetime.date(pairing.started_on.year, pairing.started_on.month, 1)
        # One in four misses the talks of the last two months of some quarters, so the share
        # of pairings meeting the cadence is below 100 % at those quarters' ends. (Missing one
        # month is not enough: a talk in February is due by the end of March, so the pairing is
        # not yet overdue on 31 March.)
        skipped = index % 4 == 0
        while month <= last:
            talk = month + datetime.timedelta(days=(index * 3) % 25)
            missed = skipped and month.month in (2, 3, 8, 9)
            if pairing.started_on <= talk <= last and not missed:
                contacts.append(_contact(pairing, ContactType.TALK, talk, 40 + index % 30))
            if month.month in (2, 5, 8, 11):
                visit = month + datetime.timedelta(days=(index * 7) % 27)
                if pairing.started_on <= visit <= last:
                    contacts.append(_contact(pairing, ContactType.HOME_VISIT, visit, 90))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    Contact.objects.bulk_create(contacts, batch_size=1000)
    return pairings, contacts


def _contact(pairing: Pairing, kind: str, day: datetime.date, minutes: int) -> Contact:
    return Contact(
        pairing=pairing,
        contact_type=kind,
        occurred_on=day,
        duration_minutes=minutes,
        logged_by=pairing.application.user,
        logged_at=_aware(day, 20),
    )


@transaction.atomic
def remove_demo_volunteers() -> int:
    """Delete the demo applications (with their history, pairings and contacts) and accounts."""
    applications = list(demo_applications().values_list("pk", flat=True))
    deleted = 0
    for model in (Contact,):
        count, _ = model.objects.filter(pairing__application__in=applications).delete()
        deleted += count
    count, _ = Pairing.objects.filter(application__in=applications).delete()
    deleted += count
    count, _ = Application.objects.filter(pk__in=applications).delete()
    deleted += count
    count, _ = demo_users().delete()
    return deleted + count

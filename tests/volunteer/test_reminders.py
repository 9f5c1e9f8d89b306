"""send_reminders: volunteers before a contact is due, reviewers once overdue, never twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from accounts import sms
from tests.factories.volunteer import (
    ApprovedApplicationFactory,
    ContactFactory,
    PairingFactory,
    PhoneUserFactory,
)
from volunteer.models import ReminderSent

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def paired(county, reviewer):
    """A pairing started on 15 January 2028 with a talk on 10 February and no home visit."""
    item = PairingFactory(
        application=ApprovedApplicationFactory(county=county), started_on=D(2028, 1, 15)
    )
    ContactFactory(pairing=item, contact_type="talk", occurred_on=D(2028, 2, 10))
    return item


def test_volunteer_is_reminded_before_the_due_date_once(paired, settings):
    settings.VOLUNTEER_REMINDER_DAYS = 7
    mail.outbox.clear()
    # The next talk is due by 31 March (the month after February); 24 March is 7 days before.
    call_command("send_reminders", "--today", "2028-03-23", stdout=_Sink())
    assert mail.outbox == []
    call_command("send_reminders", "--today", "2028-03-24", stdout=_Sink())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [paired.application.user.email]
    assert "2028-03-31" in mail.outbox[0].body
    # Cron runs again (the same day, the next day): nothing more.
    call_command("send_reminders", "--today", "2028-03-24", stdout=_Sink())
    call_command("send_reminders", "--today", "2028-03-25", stdout=_Sink())
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(kind="volunteer_due").count() == 1


def test_reviewers_are_told_once_when_overdue(paired, reviewer):
    mail.outbox.clear()
    # No talk in March: overdue on 1 April, for the reviewer; the home visit (due 30 June)
    # is not yet in the volunteer's reminder window.
    call_command("send_reminders", "--today", "2028-04-01", stdout=_Sink())
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert paired.case_code in mail.outbox[0].subject
    call_command("send_reminders", "--today", "2028-04-02", stdout=_Sink())
    call_command("send_reminders", "--today", "2028-04-09", stdout=_Sink())
    assert len(mail.outbox) == 1


def test_a_new_due_date_is_a_new_reminder(paired, reviewer):
    mail.outbox.clear()
    call_command("send_reminders", "--today", "2028-04-01", stdout=_Sink())
    ContactFactory(pairing=paired, contact_type="talk", occurred_on=D(2028, 4, 3))
    # Next talk due 31 May; missed again: one more reviewer e-mail, about the new date.
    call_command("send_reminders", "--today", "2028-06-01", stdout=_Sink())
    overdue = [m for m in mail.outbox if reviewer.email in m.to]
    assert len(overdue) == 2


def test_phone_only_volunteer_is_reminded_by_sms(county, settings):
    item = PairingFactory(
        application=ApprovedApplicationFactory(county=county, user=PhoneUserFactory()),
        started_on=D(2028, 1, 15),
    )
    call_command("send_reminders", "--today", "2028-02-25", stdout=_Sink())
    assert [m.phone for m in sms.outbox] == ["+8613912345678"]
    assert item.case_code in sms.outbox[0].message


def test_suspended_pairings_get_no_reminders(county, reviewer):
    PairingFactory(
        application=ApprovedApplicationFactory(county=county, expired=True),
        started_on=D(2028, 1, 15),
    )
    mail.outbox.clear()
    call_command("send_reminders", "--today", "2028-04-01", stdout=_Sink())
    assert mail.outbox == []


class _Sink:
    def write(self, text):
        pass

    def flush(self):
        pass

"""Pairing without child data, the contact log, concerns and the reviewer's overdue list."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from tests.factories.volunteer import (
    ADULT_ID,
    ApplicationFactory,
    ApprovedApplicationFactory,
    CadenceRuleFactory,
    ContactFactory,
    PairingFactory,
    ReviewerScopeFactory,
    UserFactory,
    add_totp,
)
from volunteer import pairing
from volunteer.models import Contact, Pairing

TODAY = timezone.localdate
pytestmark = pytest.mark.django_db


# --- pairing ------------------------------------------------------------------------------


def test_reviewer_pairs_an_approved_volunteer(reviewer_client, county):
    application = ApprovedApplicationFactory(county=county)
    response = reviewer_client.post(
        reverse("volunteer_review_pairing_new"),
        {
            "application": application.pk,
            "county": county.pk,
            "case_code": " 350102-0012 ",
            "age_band": "6-11",
            "started_on": TODAY().isoformat(),
        },
    )
    created = Pairing.objects.get()
    assert response.status_code == 302
    assert created.case_code == "350102-0012"
    assert created.application == application
    entry = AuditEntry.objects.get(action="volunteer.pair")
    assert entry.target_id == str(created.pk)
    assert entry.actor.is_authenticated


@pytest.mark.parametrize(
    "make_application",
    [
        lambda county: ApplicationFactory(county=county, status="training_completed"),
        lambda county: ApplicationFactory(county=county, status="rejected"),
        lambda county: ApplicationFactory(county=county, status="recheck_due"),
        # Still "approved" in the table, but the approval ran out: it reads as re-check due.
        lambda county: ApprovedApplicationFactory(county=county, expired=True),
    ],
    ids=["training_completed", "rejected", "recheck_due", "approval_expired"],
)
def test_pairing_refused_for_an_unapproved_or_expired_volunteer(reviewer, county, make_application):
    with pytest.raises(pairing.PairingRefused):
        pairing.create_pairing(
            actor=reviewer,
            application=make_application(county),
            county=county,
            case_code="350102-0012",
            age_band="6-11",
            started_on=TODAY(),
        )
    assert not Pairing.objects.exists()


def test_expired_volunteer_is_not_offered_in_the_pairing_form(reviewer_client, county):
    ApprovedApplicationFactory(county=county, real_name="过期志愿者", expired=True)
    ApprovedApplicationFactory(county=county, real_name="有效志愿者")
    page = reviewer_client.get(reverse("volunteer_review_pairing_new")).content.decode()
    assert "有效志愿者" in page
    assert "过期志愿者" not in page


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("张小明", "looks_like_name"),
        (ADULT_ID, "looks_like_id"),
        ("350102-" + ADULT_ID[:12], "looks_like_id"),
        ("13912345678", "looks_like_phone"),
        ("xiaoming", "format"),
        ("350102-A", "format"),
        ("350429-0012", "county"),
    ],
)
def test_case_code_refuses_names_ids_and_bad_formats(county, code, error):
    with pytest.raises(ValidationError) as raised:
        pairing.clean_case_code(code, county)
    assert raised.value.code == error


def test_bad_case_code_is_a_field_error_not_a_500(reviewer_client, county):
    application = ApprovedApplicationFactory(county=county)
    response = reviewer_client.post(
        reverse("volunteer_review_pairing_new"),
        {
            "application": application.pk,
            "county": county.pk,
            "case_code": "王小红",
            "age_band": "6-11",
            "started_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "error-case_code" in response.content.decode()
    assert not Pairing.objects.exists()


def test_reviewer_of_another_county_cannot_see_the_pairing(client, other_county, county):
    outsider = ReviewerScopeFactory(division=other_county, user=UserFactory(is_staff=True)).user
    add_totp(outsider)
    client.force_login(outsider)
    item = PairingFactory(application=ApprovedApplicationFactory(county=county))
    assert client.get(reverse("volunteer_review_pairing", args=[item.pk])).status_code == 404
    assert item.case_code not in client.get(reverse("volunteer_review_overdue")).content.decode()


def test_expiry_suspends_pairings_until_recheck(client, county):
    item = PairingFactory(application=ApprovedApplicationFactory(county=county, expired=True))
    assert item.is_suspended
    client.force_login(item.application.user)
    page = client.get(reverse("volunteer_my_pairings")).content.decode()
    assert "Suspended" in page or "暂停" in page
    with pytest.raises(pairing.PairingRefused):
        pairing.log_contact(
            item,
            user=item.application.user,
            contact_type="talk",
            occurred_on=TODAY(),
            duration_minutes=30,
        )
    # Re-approved after the re-check: the pairing is live again.
    item.application.expires_at = timezone.now() + datetime.timedelta(days=365)
    item.application.save()
    item.refresh_from_db()
    assert not item.is_suspended


# --- the contact log ----------------------------------------------------------------------


def test_volunteer_logs_a_contact_from_the_form(client, county):
    item = PairingFactory(application=ApprovedApplicationFactory(county=county))
    client.force_login(item.application.user)
    url = reverse("volunteer_log_contact", args=[item.pk])
    form = client.get(url).content.decode()
    # A date input only shows an ISO date: a localised one would leave the field empty.
    assert f'type="date" name="occurred_on" value="{TODAY().isoformat()}"' in form
    response = client.post(
        url,
        {
            "contact_type": "home_visit",
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": "60",
            "note": "家里一切都好",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.contact_type, contact.duration_minutes) == ("home_visit", 60)
    # The note is for the county centre only: the volunteer's own page does not show it.
    assert "家里一切都好" not in client.get(reverse("volunteer_my_pairings")).content.decode()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda p: TODAY() + datetime.timedelta(days=1), "future"),
        (lambda p: p.started_on - datetime.timedelta(days=1), "before"),
    ],
)
def test_contact_date_is_checked(client, county, day, message):
    item = PairingFactory(application=ApprovedApplicationFactory(county=county))
    client.force_login(item.application.user)
    response = client.post(
        reverse("volunteer_log_contact", args=[item.pk]),
        {"contact_type": "talk", "occurred_on": day(item).isoformat(), "duration_minutes": "30"},
    )
    assert response.status_code == 400
    assert "error-occurred_on" in response.content.decode()
    assert not Contact.objects.exists()


def test_another_volunteer_cannot_log_on_a_pairing(client, county):
    item = PairingFactory(application=ApprovedApplicationFactory(county=county))
    client.force_login(UserFactory())
    response = client.get(reverse("volunteer_log_contact", args=[item.pk]))
    assert response.status_code == 404


def test_concern_notifies_the_county_reviewers_at_once(reviewer, county, other_county):
    city_reviewer = ReviewerScopeFactory(division=county.parent).user
    other = ReviewerScopeFactory(division=other_county).user
    item = PairingFactory(application=ApprovedApplicationFactory(county=county))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        pairing.log_contact(
            item,
            user=item.application.user,
            contact_type="home_visit",
            occurred_on=TODAY(),
            duration_minutes=45,
            note="孩子说最近有人欺负他",
            concern=True,
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {reviewer.email, city_reviewer.email}
    assert other.email not in message.to
    assert item.case_code in message.subject
    # The note itself stays on the site, behind TOTP.
    assert "欺负" not in message.body


def test_reviewer_reads_the_note_and_the_look_is_logged(reviewer_client, county):
    item = PairingFactory(application=ApprovedApplicationFactory(county=county))
    ContactFactory(pairing=item, note="需要关注学习", concern=True)
    page = reviewer_client.get(reverse("volunteer_review_pairing", args=[item.pk]))
    assert "需要关注学习" in page.content.decode()
    assert AuditEntry.objects.filter(action="volunteer.view_pairing").count() == 1


def test_pairing_pages_need_totp(client, county):
    user = ReviewerScopeFactory(division=county, user=UserFactory(is_staff=True)).user
    client.force_login(user)
    response = client.get(reverse("volunteer_review_overdue"))
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]


# --- overdue ------------------------------------------------------------------------------


def test_overdue_list_changes_when_the_visit_is_logged(reviewer_client, county):
    start = TODAY() - datetime.timedelta(days=200)
    item = PairingFactory(application=ApprovedApplicationFactory(county=county), started_on=start)
    ContactFactory(pairing=item, contact_type="talk", occurred_on=TODAY())
    url = reverse("volunteer_review_overdue")
    page = reviewer_client.get(url).content.decode()
    assert f'data-case="{item.case_code}" data-type="home_visit"' in page
    assert 'data-type="talk"' not in page
    pairing.log_contact(
        item,
        user=item.application.user,
        contact_type="home_visit",
        occurred_on=TODAY(),
        duration_minutes=60,
    )
    assert item.case_code not in reviewer_client.get(url).content.decode()


def test_county_rule_replaces_the_default(county, other_county):
    start = datetime.date(2028, 1, 1)
    CadenceRuleFactory(contact_type="home_visit", period="month", county=county)
    CadenceRuleFactory(contact_type="talk", period="month", county=other_county, active=False)
    here = PairingFactory(application=ApprovedApplicationFactory(county=county), started_on=start)
    there = PairingFactory(
        application=ApprovedApplicationFactory(county=other_county), started_on=start
    )
    day = datetime.date(2028, 3, 1)
    assert {d.contact_type: d.due_on for d in pairing.standing(here, day)} == {
        "talk": datetime.date(2028, 2, 29),
        "home_visit": datetime.date(2028, 2, 29),
    }
    assert {d.contact_type: d.due_on for d in pairing.standing(there, day)} == {
        "home_visit": datetime.date(2028, 6, 30)
    }


def test_staff_edit_cadence_rules_in_the_admin(client, admin_user, county):
    client.force_login(admin_user)
    response = client.post(
        "/admin/snippets/volunteer/cadencerule/add/",
        {"contact_type": "video_call", "period": "month", "county": county.pk, "active": "on"},
    )
    assert response.status_code == 302
    assert pairing.rules_for(county.pk)["video_call"] == "month"


def test_reviewer_ends_a_pairing_with_a_reason(reviewer_client, county):
    item = PairingFactory(application=ApprovedApplicationFactory(county=county))
    listing = reviewer_client.get(reverse("volunteer_review_pairings")).content.decode()
    assert item.case_code in listing
    url = reverse("volunteer_review_pairing", args=[item.pk])
    too_early = (item.started_on - datetime.timedelta(days=1)).isoformat()
    reviewer_client.post(url, {"ended_on": too_early, "end_reason": "child_moved"})
    item.refresh_from_db()
    assert item.is_open
    reviewer_client.post(url, {"ended_on": TODAY().isoformat(), "end_reason": "child_moved"})
    item.refresh_from_db()
    assert (item.ended_on, item.end_reason) == (TODAY(), "child_moved")
    ended = AuditEntry.objects.get(action="volunteer.end_pairing")
    assert (ended.target_id, ended.detail) == (str(item.pk), "child_moved")
    # The case can be paired again, and the ended pairing takes no more contacts.
    with pytest.raises(pairing.PairingRefused):
        pairing.log_contact(
            item,
            user=item.application.user,
            contact_type="talk",
            occurred_on=TODAY(),
            duration_minutes=30,
        )

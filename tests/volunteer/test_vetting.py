import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from accounts import sms
from audit.models import AuditEntry
from tests.factories.volunteer import (
    ApplicationFactory,
    PhoneUserFactory,
    ReviewerScopeFactory,
    UserFactory,
)
from volunteer import services
from volunteer.models import AccessAction, Application, Status
from volunteer.services import StaleDecision

pytestmark = pytest.mark.django_db

BACKGROUND = {
    "background_outcome": "clear",
    "background_checked_on": "2026-11-20",
    "background_checking_body": "鼓楼区公安分局",
    "background_officer": "王警官",
}


def step(client, application, to_status, **extra):
    application.refresh_from_db()
    return client.post(
        f"/volunteer/review/{application.pk}/",
        {"to_status": to_status, "version": application.version, **extra},
    )


def test_the_whole_vetting_path_records_every_step_and_notifies(
    reviewer_client, reviewer, county, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(county=county)
    with django_capture_on_commit_callbacks(execute=True):
        assert step(reviewer_client, application, "identity_checked").status_code == 302
        assert (
            step(reviewer_client, application, "background_checked", **BACKGROUND).status_code
            == 302
        )
        assert step(reviewer_client, application, "training_completed").status_code == 302
        assert step(reviewer_client, application, "approved").status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.background_checking_body == "鼓楼区公安分局"
    assert application.expires_at.date() == (timezone.now() + datetime.timedelta(days=365)).date()
    steps = list(application.transitions.values_list("from_status", "to_status", "actor"))
    assert steps == [
        ("submitted", "identity_checked", reviewer.pk),
        ("identity_checked", "background_checked", reviewer.pk),
        ("background_checked", "training_completed", reviewer.pk),
        ("training_completed", "approved", reviewer.pk),
    ]
    # The applicant signed up by e-mail: four e-mails, one per step.
    assert len(mail.outbox) == 4 and application.user.email in mail.outbox[-1].to


def test_applicant_who_signed_up_by_mobile_is_notified_by_sms(
    reviewer_client, county, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(county=county, user=PhoneUserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        step(reviewer_client, application, "identity_checked")
    assert sms.outbox[-1].phone == "+8613912345678"
    assert mail.outbox == []


@pytest.mark.parametrize(
    "at", ["submitted", "identity_checked", "background_checked", "training_completed"]
)
def test_rejection_from_any_step_needs_a_reason(reviewer_client, county, at):
    application = ApplicationFactory(county=county, status=at)
    response = step(reviewer_client, application, "rejected", reason="")
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == at
    step(reviewer_client, application, "rejected", reason="培训未通过")
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.transitions.get().reason == "培训未通过"


def test_a_background_check_records_its_facts_or_nothing(reviewer_client, county):
    application = ApplicationFactory(county=county, status="identity_checked")
    response = step(reviewer_client, application, "background_checked")
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= set(BACKGROUND)
    application.refresh_from_db()
    assert application.status == "identity_checked"


def test_a_step_cannot_be_skipped(reviewer_client, county):
    application = ApplicationFactory(county=county)
    response = step(reviewer_client, application, "approved")
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_expired_approval_reads_as_recheck_due_and_the_command_records_it(county):
    past = timezone.now() - datetime.timedelta(days=1)
    application = ApplicationFactory(county=county, status="approved", expires_at=past)
    fresh = ApplicationFactory(
        county=county, status="approved", expires_at=timezone.now() + datetime.timedelta(days=9)
    )
    assert application.effective_status == Status.RECHECK_DUE
    call_command("expire_approvals")
    call_command("expire_approvals")  # idempotent
    application.refresh_from_db()
    fresh.refresh_from_db()
    assert application.status == Status.RECHECK_DUE and fresh.status == Status.APPROVED
    assert application.transitions.filter(to_status="recheck_due").count() == 1


def test_expired_volunteer_is_not_listed_as_approved(reviewer_client, county):
    ApplicationFactory(
        county=county,
        status="approved",
        real_name="过期志愿者",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    approved = reviewer_client.get("/en/volunteer/review/?status=approved").content.decode()
    due = reviewer_client.get("/en/volunteer/review/?status=recheck_due").content.decode()
    assert "过期志愿者" not in approved and "过期志愿者" in due


def test_recheck_goes_through_a_new_background_check(reviewer_client, county):
    application = ApplicationFactory(county=county, status="recheck_due")
    step(reviewer_client, application, "background_checked", **BACKGROUND)
    application.refresh_from_db()
    assert application.status == Status.BACKGROUND_CHECKED


# --- scope -------------------------------------------------------------------------------


def test_county_reviewer_cannot_see_another_county_and_it_is_logged(
    reviewer_client, reviewer, other_county
):
    foreign = ApplicationFactory(county=other_county, real_name="外县申请人")
    assert reviewer_client.get(f"/volunteer/review/{foreign.pk}/").status_code == 403
    assert reviewer_client.get(f"/volunteer/review/{foreign.pk}/certificate/").status_code == 403
    response = step(reviewer_client, foreign, "rejected", reason="x")
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.status == Status.SUBMITTED
    assert "外县申请人" not in reviewer_client.get("/volunteer/review/").content.decode()
    denied = AuditEntry.objects.filter(action=AccessAction.DENIED, actor=reviewer)
    assert denied.count() == 3
    assert denied.first().target_type == "volunteer.application"
    assert denied.first().target_id == str(foreign.pk)


def test_city_reviewer_sees_its_counties_only(client, county, city, other_county):
    from tests.factories.volunteer import add_totp

    scope = ReviewerScopeFactory(division=city)
    add_totp(scope.user)
    client.force_login(scope.user)
    mine = ApplicationFactory(county=county)
    foreign = ApplicationFactory(county=other_county)
    assert client.get(f"/volunteer/review/{mine.pk}/").status_code == 200
    assert client.get(f"/volunteer/review/{foreign.pk}/").status_code == 403


def test_a_user_without_scope_gets_403_and_a_log_entry(client, county):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/volunteer/review/").status_code == 403
    assert AuditEntry.objects.filter(actor=user, action="access.denied").exists()


def test_reviewer_without_totp_is_sent_to_set_it_up(client, county):
    scope = ReviewerScopeFactory(division=county)
    client.force_login(scope.user)
    response = client.get("/volunteer/review/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_every_view_of_an_application_or_document_is_logged(reviewer_client, reviewer, county):
    from django.core.files.base import ContentFile

    application = ApplicationFactory(county=county, certificate_content_type="application/pdf")
    application.certificate.save("c", ContentFile(b"%PDF-1.4 test"), save=True)
    reviewer_client.get(f"/volunteer/review/{application.pk}/")
    response = reviewer_client.get(f"/volunteer/review/{application.pk}/certificate/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    actions = set(
        AuditEntry.objects.filter(
            actor=reviewer, target_type="volunteer.application", target_id=str(application.pk)
        ).values_list("action", flat=True)
    )
    assert actions == {"volunteer.view_application", "volunteer.view_document"}


def test_the_access_log_cannot_be_edited_or_deleted(reviewer, county):
    entry = AuditEntry.objects.create(actor=reviewer, action="volunteer.view_document")
    entry.action = "volunteer.export"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="volunteer.export")


def test_export_is_for_staff_only_and_logged(client, reviewer_client, reviewer, county):
    ApplicationFactory(county=county, real_name="导出测试")
    response = reviewer_client.get("/volunteer/review/export.csv?role=caring_parent")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "导出测试" in body
    assert AuditEntry.objects.filter(actor=reviewer, action="volunteer.export").count() == 1
    plain = ReviewerScopeFactory(division=county, user=UserFactory(is_staff=False))
    from tests.factories.volunteer import add_totp

    add_totp(plain.user)
    client.force_login(plain.user)
    assert client.get("/volunteer/review/export.csv").status_code == 403


def test_the_list_filters_by_county_role_status_and_search(reviewer_client, county):
    ApplicationFactory(county=county, real_name="甲", role="pairing")
    ApplicationFactory(county=county, real_name="乙", role="caring_parent", status="rejected")
    page = reviewer_client.get("/volunteer/review/?role=pairing").content.decode()
    assert "甲" in page and "乙" not in page
    page = reviewer_client.get("/volunteer/review/?status=rejected").content.decode()
    assert "乙" in page and "甲" not in page
    page = reviewer_client.get(f"/volunteer/review/?q=甲&county={county.pk}").content.decode()
    assert "甲" in page and "乙" not in page


# --- concurrent decisions ----------------------------------------------------------------


def test_a_stale_form_is_refused_without_a_lost_update(reviewer_client, reviewer, county):
    """Two reviewers open the same form (version 1); the second submit must not overwrite."""
    application = ApplicationFactory(county=county)
    seen = application.version
    first = reviewer_client.post(
        f"/volunteer/review/{application.pk}/", {"to_status": "identity_checked", "version": seen}
    )
    second = reviewer_client.post(
        f"/volunteer/review/{application.pk}/",
        {"to_status": "rejected", "version": seen, "reason": "重复"},
    )
    assert first.status_code == 302 and second.status_code == 409
    application.refresh_from_db()
    assert application.status == Status.IDENTITY_CHECKED
    assert application.transitions.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_concurrent_decisions_on_postgresql_one_wins(county):
    application = ApplicationFactory(county=county)
    actors = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(actor, to_status):
        try:
            # Both reviewers have loaded the application (version 1) before either decides.
            seen = Application.objects.get(pk=application.pk)
            barrier.wait()
            services.decide(
                seen,
                actor=actor,
                to_status=to_status,
                seen_version=1,
                reason="并发",
            )
            outcomes.append(to_status)
        except StaleDecision:
            outcomes.append("stale")
        except Exception as error:  # surfaced by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(actors[0], "identity_checked")),
        threading.Thread(target=decide, args=(actors[1], "rejected")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    application.refresh_from_db()
    assert sorted(outcomes).count("stale") == 1, outcomes
    winner = next(o for o in outcomes if o != "stale")
    assert application.status == winner
    assert application.version == 2 and application.transitions.count() == 1


def test_a_decision_and_its_audit_entry_are_stored_together(reviewer_client, reviewer, county):
    application = ApplicationFactory(county=county)
    response = step(reviewer_client, application, "identity_checked")
    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(action="volunteer.decision")
    assert entry.actor == reviewer
    assert entry.target_id == str(application.pk)
    assert entry.detail.startswith("submitted → identity_checked")

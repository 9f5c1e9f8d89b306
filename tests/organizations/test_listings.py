"""Project listings: the 10-day rule, moderation (draft → submitted → published / returned with
comments → archived) and revisions of a published listing."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry
from directory.models import ListingStatus, Project
from organizations.models import ModerationStep, ProjectRevision
from tests.factories.directory import OrganizationFactory, ProjectFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import UserFactory

pytestmark = pytest.mark.django_db


def listing(county, **overrides):
    data = {
        "title": "泰宁县暑期夏令营",
        "title_en": "Taining Summer Camp",
        "category": "holiday_care",
        "summary": "暑期托管、课业辅导与户外活动。",
        "divisions": [county.pk],
        "start_date": "2027-07-10",
        "end_date": "2027-07-19",
        "schedule": "",
        "age_min": "8",
        "age_max": "14",
        "capacity": "40",
        "is_free": "on",
        "cost": "",
        "how_to_join": "到泰宁县未成年人保护中心报名，电话 0598-7831234。",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_holiday_camp_shorter_than_ten_days_is_refused_on_its_end_date(
    owner_client, organization, county
):
    response = owner_client.post(
        f"/en/organizations/{organization.pk}/projects/new/",
        listing(county, end_date="2027-07-18"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["end_date"]
    assert "at least 10 days" in errors[0] and "runs 9" in errors[0]
    assert not Project.objects.exists()

    response = owner_client.post(f"/organizations/{organization.pk}/projects/new/", listing(county))
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.status, project.age_min, project.is_free) == (ListingStatus.DRAFT, 8, True)


def test_a_holiday_camp_needs_its_dates_but_a_weekly_class_only_a_schedule(
    owner_client, organization, county
):
    response = owner_client.post(
        f"/en/organizations/{organization.pk}/projects/new/",
        listing(county, start_date="", end_date=""),
    )
    assert "end_date" in response.context["form"].errors
    response = owner_client.post(
        f"/organizations/{organization.pk}/projects/new/",
        listing(
            county,
            category="childrens_school",
            start_date="",
            end_date="",
            schedule="每周六 9:00–11:00",
        ),
    )
    assert response.status_code == 302


def test_a_paid_listing_says_what_it_costs(owner_client, organization, county):
    response = owner_client.post(
        f"/en/organizations/{organization.pk}/projects/new/", listing(county, is_free=None)
    )
    assert "cost" in response.context["form"].errors


def test_draft_submitted_returned_with_comments_then_published(
    owner_client, organization, county, reviewer, django_capture_on_commit_callbacks
):
    client = Client()
    owner_client.post(f"/organizations/{organization.pk}/projects/new/", listing(county))
    project = Project.objects.get()
    assert owner_client.get(f"/directory/projects/{project.pk}/").status_code == 404

    owner_client.post(f"/organizations/projects/{project.pk}/submit/")
    project.refresh_from_db()
    assert project.status == ListingStatus.SUBMITTED
    assert owner_client.get(f"/directory/projects/{project.pk}/").status_code == 404

    owner = owner_client.session["_auth_user_id"]
    client.force_login(reviewer)
    response = client.post(
        f"/en/organizations/review/projects/{project.pk}/", {"decision": "return"}
    )
    assert "comments" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organizations/review/projects/{project.pk}/",
            {"decision": "return", "comments": "请写明报名截止日期"},
        )
    project.refresh_from_db()
    assert project.status == ListingStatus.RETURNED
    assert (
        "请写明报名截止日期"
        in owner_client.get(f"/organizations/projects/{project.pk}/edit/").content.decode()
    )
    assert mail.outbox[-1].to == [UserFactory._meta.model.objects.get(pk=owner).email]

    owner_client.post(
        f"/organizations/projects/{project.pk}/edit/",
        listing(county, how_to_join="7月1日前到泰宁县未成年人保护中心报名。"),
    )
    owner_client.post(f"/organizations/projects/{project.pk}/submit/")
    client.post(f"/organizations/review/projects/{project.pk}/", {"decision": "publish"})
    project.refresh_from_db()
    assert project.status == ListingStatus.PUBLISHED
    assert project.is_listed
    page = client.get(f"/directory/projects/{project.pk}/").content.decode()
    assert "7月1日前" in page
    assert list(project.moderation_steps.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "published",
    ]
    # Staff decisions are in the audit trail; the organisation's own submissions are not.
    assert list(
        AuditEntry.objects.filter(action__startswith="organizations.", target_id=str(project.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["organizations.return_listing", "organizations.publish_listing"]


def test_an_unverified_organisation_cannot_submit(client, county):
    organization = OrganizationFactory(pending=True, service_area=[county])
    member = MembershipFactory(organization=organization, owner=True)
    project = ProjectFactory(organization=organization, draft=True)
    client.force_login(member.user)
    client.post(f"/organizations/projects/{project.pk}/submit/")
    project.refresh_from_db()
    assert project.status == ListingStatus.DRAFT


def test_editing_a_published_listing_is_moderated_while_the_published_one_stays(
    owner_client, organization, county, reviewer
):
    client = Client()
    project = ProjectFactory(
        organization=organization,
        title="泰宁县暑期夏令营",
        divisions=[county],
        start_date=datetime.date(2027, 7, 10),
        end_date=datetime.date(2027, 7, 19),
    )
    response = owner_client.post(
        f"/organizations/projects/{project.pk}/edit/",
        listing(county, title="泰宁县暑期夏令营（扩招）", capacity="60"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.capacity, project.status) == (
        "泰宁县暑期夏令营",
        40,
        ListingStatus.PUBLISHED,
    )
    revision = ProjectRevision.objects.get(project=project)
    assert revision.data["title"] == "泰宁县暑期夏令营（扩招）"
    public_page = client.get(f"/directory/projects/{project.pk}/").content.decode()
    assert "扩招" not in public_page and "泰宁县暑期夏令营" in public_page
    assert client.get("/api/v1/projects/").json()["results"][0]["title"] == "泰宁县暑期夏令营"

    # Returned with comments: still the published version outside; the edit form shows both.
    client.force_login(reviewer)
    review = client.get(f"/organizations/review/projects/{project.pk}/").content.decode()
    assert "扩招" in review
    client.post(
        f"/organizations/review/projects/{project.pk}/",
        {"decision": "return", "comments": "扩招需附场地说明"},
    )
    revision.refresh_from_db()
    assert (revision.status, revision.comments) == ("returned", "扩招需附场地说明")
    edit_page = owner_client.get(f"/organizations/projects/{project.pk}/edit/").content.decode()
    assert "扩招需附场地说明" in edit_page and "泰宁县暑期夏令营（扩招）" in edit_page

    # Sent again and published: the changes replace the published version.
    owner_client.post(
        f"/organizations/projects/{project.pk}/edit/",
        listing(county, title="泰宁县暑期夏令营（扩招）", capacity="60", summary="场地已扩建。"),
    )
    client.post(f"/organizations/review/projects/{project.pk}/", {"decision": "publish"})
    project.refresh_from_db()
    assert (project.title, project.capacity, project.summary) == (
        "泰宁县暑期夏令营（扩招）",
        60,
        "场地已扩建。",
    )
    assert project.status == ListingStatus.PUBLISHED
    assert not ProjectRevision.objects.exists()
    assert list(project.moderation_steps.values_list("action", flat=True)) == [
        "revision_submitted",
        "revision_returned",
        "revision_submitted",
        "revision_published",
    ]


def test_published_listings_are_archived_after_their_end_date(organization, county):
    today = timezone.localdate()
    ended = ProjectFactory(
        organization=organization,
        start_date=today - datetime.timedelta(days=20),
        end_date=today - datetime.timedelta(days=1),
    )
    running = ProjectFactory(
        organization=organization,
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=5),
    )
    out = io.StringIO()
    call_command("archive_ended_listings", stdout=out)
    assert "1 listing" in out.getvalue()
    ended.refresh_from_db()
    running.refresh_from_db()
    assert (ended.status, running.status) == (ListingStatus.ARCHIVED, ListingStatus.PUBLISHED)
    assert not ended.is_listed
    assert ModerationStep.objects.get(project=ended).action == "archived"
    call_command("archive_ended_listings", stdout=io.StringIO())
    assert ModerationStep.objects.filter(project=ended).count() == 1


def test_a_reviewer_of_another_county_cannot_moderate(client, organization, other_county):
    from tests.factories.volunteer import ReviewerScopeFactory, add_totp

    project = ProjectFactory(organization=organization, submitted=True)
    outsider = ReviewerScopeFactory(division=other_county, user=UserFactory(is_staff=True)).user
    add_totp(outsider)
    client.force_login(outsider)
    response = client.post(f"/organizations/review/projects/{project.pk}/", {"decision": "publish"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == ListingStatus.SUBMITTED

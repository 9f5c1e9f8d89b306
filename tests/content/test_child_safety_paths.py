"""The child-safety rule on every path to going live that has no page form: the press office's
workflow approve action, Wagtail's bulk publish and `publish_scheduled`. Each refuses cleanly
(a message, nothing lost, other pages unaffected) instead of failing with a 500 or a crash."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import GroupApprovalTask, Task, Workflow, WorkflowTask

from content.models import CHILD_SAFETY_MESSAGE, ChildSafetyApprovalTask
from content.site_setup import EDITORS, PRESS_OFFICE, WORKFLOW_NAME, ensure_site
from tests.content.test_publishing import CONFIRMED, story_form
from tests.factories.content import make_story


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def message_text():
    with translation.override("zh-hans"):
        return escape(str(CHILD_SAFETY_MESSAGE))


@pytest.fixture
def story_in_moderation_unticked(client, home_page, django_user_model):
    """A confirmed story submitted for approval, then a draft unticking a confirmation (saved by
    a press-office member: the page is locked to other editors while in moderation)."""
    editor = member_of(django_user_model, EDITORS, "editor")
    story = make_story(live=False, slug="summer-camp", **CONFIRMED)
    Workflow.objects.get(name=WORKFLOW_NAME).start(story, editor)
    client.force_login(member_of(django_user_model, PRESS_OFFICE, "press-editor"))
    edit_url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    fields = {**CONFIRMED, "involves_children": "on", "consent_recorded": "on"}
    del fields["children_not_identifiable"]  # unticked
    response = client.post(edit_url, story_form(**fields))
    assert response.status_code == 302  # saving the truth is never blocked
    story.refresh_from_db()
    assert story.workflow_in_progress
    assert not story.get_latest_revision_as_object().children_not_identifiable
    return story


def approve_url(story):
    task_state = story.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(story.pk, "approve", task_state.pk))


def test_workflow_approve_of_an_unconfirmed_draft_is_refused_with_a_message(
    client, story_in_moderation_unticked, django_user_model
):
    story = story_in_moderation_unticked
    client.force_login(member_of(django_user_model, PRESS_OFFICE, "press"))
    response = client.post(approve_url(story), {"comment": ""}, follow=True)
    assert response.status_code == 200
    assert message_text() in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=(story.pk,))
    story.refresh_from_db()
    assert not story.live
    # Nothing recorded: the page still waits for the press office, the draft is kept.
    assert story.workflow_in_progress
    assert story.current_workflow_task_state.status == "in_progress"
    assert story.get_latest_revision_as_object().consent_recorded


def test_workflow_approve_with_comment_from_the_modal_is_refused(
    client, story_in_moderation_unticked, admin_user
):
    story = story_in_moderation_unticked
    client.force_login(admin_user)
    response = client.post(
        approve_url(story), {"comment": "可以发布"}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    redirect = response.json()["redirect"]
    assert message_text() in client.get(redirect, follow=True).content.decode()
    story.refresh_from_db()
    assert not story.live and story.workflow_in_progress


def test_press_office_can_request_changes_on_an_unconfirmed_draft_in_the_editor(
    client, story_in_moderation_unticked, django_user_model
):
    story = story_in_moderation_unticked
    client.force_login(member_of(django_user_model, PRESS_OFFICE, "press"))
    fields = {"involves_children": "on", "consent_reference": "XW-2026-014"}
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        story_form(
            **fields, **{"action-workflow-action": "true", "workflow-action-name": "reject"}
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.workflow_in_progress and not story.live


def test_approve_once_confirmed_again_publishes(
    client, story_in_moderation_unticked, django_user_model
):
    story = story_in_moderation_unticked
    story.get_latest_revision_as_object().save_revision()  # same content
    fixed = story.get_latest_revision_as_object()
    fixed.children_not_identifiable = True
    fixed.save_revision()
    client.force_login(member_of(django_user_model, PRESS_OFFICE, "press"))
    response = client.post(approve_url(story), {"comment": ""})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live and story.children_not_identifiable


def schedule(story, minutes_ago=1):
    """Schedule the story's latest revision, then let its go-live moment pass."""
    past = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    revision = story.get_latest_revision()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    return revision


def test_publish_scheduled_skips_an_unconfirmed_story_and_publishes_the_others(client, home_page):
    bad = make_story(live=False, title="没有确认的故事", slug="bad", involves_children=True)
    good = make_story(live=False, title="定时发布的故事", slug="good", **CONFIRMED)
    bad_revision = schedule(bad, minutes_ago=5)  # due first: Wagtail's loop would stop here
    schedule(good)
    out = io.StringIO()

    call_command("publish_scheduled", stdout=out)

    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.live
    assert client.get(good.url).status_code == 200
    assert not bad.live
    assert "没有确认的故事" in out.getvalue() and "child-safety" in out.getvalue()
    bad_revision.refresh_from_db()
    assert bad_revision.approved_go_live_at is None  # reported once, not on every run
    call_command("publish_scheduled", stdout=(again := io.StringIO()))
    assert "没有确认的故事" not in again.getvalue()


def test_publish_scheduled_dry_run_changes_nothing(home_page):
    bad = make_story(live=False, title="没有确认的故事", slug="bad", involves_children=True)
    revision = schedule(bad)
    out = io.StringIO()
    call_command("publish_scheduled", "--dryrun", stdout=out)
    assert "没有确认的故事" in out.getvalue()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None


def test_bulk_publish_leaves_out_an_unconfirmed_story_and_says_so(client, home_page, admin_user):
    bad = make_story(live=False, title="没有确认的故事", slug="bad", involves_children=True)
    good = make_story(live=False, title="可以发布的故事", slug="good", **CONFIRMED)
    client.force_login(admin_user)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    explorer = reverse("wagtailadmin_explore", args=(bad.get_parent().pk,))
    response = client.post(f"{url}?id={bad.pk}&id={good.pk}&next={explorer}", {}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "没有确认的故事" in page and message_text() in page
    bad.refresh_from_db()
    good.refresh_from_db()
    assert good.live and not bad.live


def test_bulk_publish_with_descendants_leaves_out_an_unconfirmed_story(
    client, home_page, admin_user
):
    bad = make_story(live=False, title="没有确认的故事", slug="bad", involves_children=True)
    good = make_story(live=False, title="可以发布的故事", slug="good", **CONFIRMED)
    index = bad.get_parent()
    client.force_login(admin_user)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    explorer = reverse("wagtailadmin_explore", args=(index.pk,))
    response = client.post(
        f"{url}?id={index.pk}&next={explorer}", {"include_descendants": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "没有确认的故事" in response.content.decode()
    bad.refresh_from_db()
    good.refresh_from_db()
    assert good.live and not bad.live


@pytest.mark.django_db
def test_ensure_site_converts_an_existing_plain_approval_task_in_place():
    press = Group.objects.create(name=PRESS_OFFICE)
    plain = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    plain.groups.add(press)
    workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=plain, sort_order=0)

    ensure_site()
    ensure_site()  # idempotent

    task = Task.objects.get(name=WORKFLOW_NAME).specific
    assert isinstance(task, ChildSafetyApprovalTask)
    assert task.pk == plain.pk
    assert list(task.groups.all()) == [press]
    assert list(workflow.tasks.specific()) == [task]
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert ChildSafetyApprovalTask.objects.count() == 1


def test_new_site_uses_the_child_safety_task(home_page):
    task = Task.objects.get(name=WORKFLOW_NAME).specific
    assert isinstance(task, ChildSafetyApprovalTask)
    story = make_story(live=False)
    assert [t.pk for t in story.get_workflow().tasks.all()] == [task.pk]

"""Child safety at publish time, the press office's moderation workflow, scheduled publishing."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from content.models import CHILD_SAFETY_MESSAGE, StoryIndexPage, StoryPage
from content.site_setup import EDITORS, PRESS_OFFICE, WORKFLOW_NAME
from tests.factories.content import make_story

CONFIRMED = {
    "involves_children": True,
    "children_not_identifiable": True,
    "consent_recorded": True,
    "consent_reference": "XW-2026-014",
}


@pytest.fixture
def user_in(django_user_model):
    def make(group_name, username):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


def story_form(**fields):
    data = {
        "title": "孩子们的夏令营",
        "slug": "summer-camp",
        "date": "2026-07-01",
        "intro": "营地里的一天。",
        "subject": "station",
        "body": streamfield([]),
        "tags": "",
        "city": "",
        "category": "",
        "consent_reference": "",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "share_image": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


def add_story_url():
    index = StoryIndexPage.objects.get(locale=Locale.get_default())
    return reverse("wagtailadmin_pages:add", args=("content", "storypage", index.pk))


def test_programmatic_publish_of_a_story_with_children_is_refused(home_page):
    story = make_story(live=False, involves_children=True)
    with pytest.raises(ValidationError) as refused:
        story.get_latest_revision().publish()
    assert str(CHILD_SAFETY_MESSAGE) in str(refused.value)
    story.refresh_from_db()
    assert not story.live
    assert not StoryPage.objects.live().filter(pk=story.pk).exists()


def test_programmatic_publish_without_consent_reference_is_refused(home_page):
    fields = {**CONFIRMED, "consent_reference": "  "}
    with pytest.raises(ValidationError):
        make_story(**fields)


def test_story_with_children_publishes_once_confirmed(client, home_page):
    story = make_story(**CONFIRMED)
    assert story.live
    assert client.get(story.url).status_code == 200


def test_story_without_children_needs_no_confirmation(home_page):
    assert make_story(involves_children=False).live


def test_admin_refuses_to_publish_and_says_why(client, home_page, admin_user):
    client.force_login(admin_user)
    response = client.post(
        add_story_url(), story_form(involves_children="on", **{"action-publish": "publish"})
    )
    assert response.status_code == 200  # the form again, with the reason
    with translation.override("zh-hans"):
        expected = escape(str(CHILD_SAFETY_MESSAGE))
    assert expected in response.content.decode()
    assert not StoryPage.objects.filter(slug="summer-camp").exists()


def test_admin_publishes_once_confirmed(client, home_page, admin_user):
    client.force_login(admin_user)
    response = client.post(
        add_story_url(),
        story_form(
            involves_children="on",
            children_not_identifiable="on",
            consent_recorded="on",
            consent_reference="XW-2026-014",
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 302
    assert StoryPage.objects.get(slug="summer-camp").live


def test_admin_saves_an_unconfirmed_draft(client, home_page, admin_user):
    """Writing is never blocked: only publishing or submitting needs the confirmations."""
    client.force_login(admin_user)
    response = client.post(add_story_url(), story_form(involves_children="on"))
    assert response.status_code == 302
    draft = StoryPage.objects.get(slug="summer-camp")
    assert not draft.live


def test_editor_submits_and_the_press_office_approves(client, home_page, user_in):
    editor = user_in(EDITORS, "editor")
    press = user_in(PRESS_OFFICE, "press")

    client.force_login(editor)
    # An editor cannot publish: asking to is saved as a draft.
    client.post(add_story_url(), story_form(**{"action-publish": "publish"}))
    story = StoryPage.objects.get(slug="summer-camp")
    assert not story.live
    edit_url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    response = client.post(edit_url, story_form(**{"action-submit": "submit"}))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.workflow_in_progress and not story.live
    task_state = story.current_workflow_task_state
    assert task_state.task.name == WORKFLOW_NAME
    # Only the press office approves.
    approvers = task_state.task.specific.groups.all()
    assert list(approvers) == [Group.objects.get(name=PRESS_OFFICE)]
    assert not editor.groups.filter(pk__in=approvers).exists()

    client.force_login(press)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(story.pk, "approve", task_state.pk)),
        {"comment": "可以发布"},
    )
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live
    assert client.get(story.url).status_code == 200


def test_submitting_a_story_with_children_without_confirmation_is_refused(
    client, home_page, user_in
):
    editor = user_in(EDITORS, "editor")
    client.force_login(editor)
    response = client.post(
        add_story_url(), story_form(involves_children="on", **{"action-submit": "submit"})
    )
    assert response.status_code == 200
    assert not StoryPage.objects.filter(slug="summer-camp").exists()


def test_scheduled_story_goes_live_with_publish_scheduled(client, home_page):
    story = make_story(live=False, title="定时发布的故事")
    story.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = story.save_revision()
    revision.publish()
    story.refresh_from_db()
    assert not story.live
    assert client.get(story.url).status_code == 404
    # Time passes: the approved go-live moment is now in the past.
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])

    call_command("publish_scheduled", stdout=io.StringIO())

    story.refresh_from_db()
    assert story.live
    assert client.get(story.url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/settings/content/helpsettings/",
        "/admin/settings/content/brandsettings/",
        "/admin/content_service_point_chooser/",
    ],
)
def test_press_office_admin_screens_open(client, home_page, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url, follow=True)
    assert response.status_code == 200


def test_admin_editor_for_each_page_type_opens(client, home_page, admin_user):
    client.force_login(admin_user)
    story = make_story()
    for page in [story, *home_page.get_children().specific()]:
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, page

"""The Chinese admin speaks Chinese: no English sentence on the pages editors, the press office
and moderators use (issue 19). Brand names, codes and file formats are allowed."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content.site_setup import EDITORS, PRESS_OFFICE, WORKFLOW_NAME
from tests.content.test_publishing import add_story_url, story_form
from tests.factories.content import make_story
from tests.factories.volunteer import add_totp

pytestmark = pytest.mark.django_db

# Words that may stay as they are in a Chinese interface.
ALLOWED = {
    "Wagtail", "TOTP", "USCC", "CSV", "PDF", "JSON", "URL", "SEO", "ID", "Fulei", "Portal",
    "Programme", "Editors", "Press", "office", "admin", "QR", "OK", "PNG", "JPEG", "SVG",
    "domain", "com",  # the example host in Wagtail's URL preview
}  # fmt: skip
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ ,.]+[A-Za-z][A-Za-z'’-]+)+")


class VisibleText(HTMLParser):
    SKIP = {"script", "style", "code", "pre", "svg", "template", "textarea", "noscript"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        attributes = dict(attrs)
        if attributes.get("hidden") is not None or "visually-hidden" in (
            attributes.get("class") or ""
        ):
            return
        for name in ("aria-label", "title", "placeholder"):
            if attributes.get(name) and not self.depth:
                self.parts.append(attributes[name])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def english_phrases(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for part in parser.parts:
        for run in ENGLISH_RUN.findall(part):
            words = re.findall(r"[A-Za-z]+", run)
            if len([w for w in words if w not in ALLOWED]) >= 2:
                found.add(run)
    return found


@pytest.fixture
def staff(django_user_model, home_page):
    def make(username, group=None, superuser=False):
        if superuser:
            user = django_user_model.objects.create_superuser(username, f"{username}@e.org", "pw")
        else:
            user = django_user_model.objects.create_user(username, f"{username}@e.org", "pw")
            user.groups.add(Group.objects.get(name=group))
        user.is_staff = superuser
        user.save()
        add_totp(user)
        return user

    return make


def test_workflow_and_task_are_named_in_chinese(home_page):
    from wagtail.models import Task, Workflow

    assert WORKFLOW_NAME == "新闻办审核"
    names = set(Workflow.objects.values_list("name", flat=True))
    names |= set(Task.objects.values_list("name", flat=True))
    names |= set(Group.objects.values_list("name", flat=True))
    assert WORKFLOW_NAME in names
    assert english_phrases(" ".join(names)) == set()
    assert not {n for n in names if re.fullmatch(r"[A-Za-z ]+", n)}


def test_renaming_an_english_workflow_keeps_its_pages(home_page):
    from wagtail.models import Task, Workflow, WorkflowPage

    from content.site_setup import ensure_site

    Workflow.objects.filter(name=WORKFLOW_NAME).update(name="Press office approval")
    Task.objects.filter(name=WORKFLOW_NAME).update(name="Press office approval")
    Group.objects.filter(name=EDITORS).update(name="Editors")
    ensure_site()
    assert not Workflow.objects.filter(name="Press office approval").exists()
    assert WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).count() == 2
    assert Task.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert Group.objects.filter(name=EDITORS).count() == 1


@pytest.mark.parametrize("role", ["superuser", EDITORS, PRESS_OFFICE])
def test_admin_pages_are_in_chinese(client, staff, role):
    user = staff(f"u-{role}".replace(" ", ""), None if role == "superuser" else role,
                 superuser=role == "superuser")  # fmt: skip
    story = make_story(live=False)
    client.force_login(user)
    pages = {
        "dashboard": reverse("wagtailadmin_home"),
        "add story": add_story_url(),
        "edit story": reverse("wagtailadmin_pages:edit", args=[story.pk]),
        "explorer": reverse("wagtailadmin_explore", args=[story.get_parent().pk]),
    }
    if role == "superuser":
        pages["workflows"] = reverse("wagtailadmin_workflows:index")
        pages["tasks"] = reverse("wagtailadmin_workflows:task_index")
    problems = {}
    for name, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, (name, response.status_code)
        if found := english_phrases(response.content.decode()):
            problems[name] = sorted(found)
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_refused_publish_banner_is_chinese(client, staff):
    client.force_login(staff("boss", superuser=True))
    response = client.post(
        add_story_url(), story_form(involves_children="on", **{"action-publish": "publish"})
    )
    html = response.content.decode()
    assert "The page could not be created" not in html
    assert english_phrases(html) == set()

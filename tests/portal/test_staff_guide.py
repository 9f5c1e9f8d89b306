"""The staff guides (docs/guide/) inside the Wagtail admin."""

import json
import re

import pytest
from django.contrib.auth.models import Permission

from portal.staff_guide import GUIDE_DIR, GUIDES

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", "e@example.org", "secret-pw-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return user


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.slug)
def test_every_guide_renders_in_the_admin_with_its_screenshots(client, editor, guide):
    response = client.get(f"/admin/guide/{guide.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    title = (GUIDE_DIR / guide.filename).read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert f"<h1>{title}</h1>" in html
    images = [line for line in html.split('src="')[1:] if line.startswith("img/")]
    assert images, "every guide shows at least one screenshot"
    for image in images:
        name = image.split('"', 1)[0]
        answer = client.get(f"/admin/guide/{guide.slug}/{name}")
        assert answer.status_code == 200, name
        assert answer["Content-Type"] == "image/png"


def test_the_admin_menu_links_every_guide(client, editor):
    html = client.get("/admin/").content.decode()
    # Wagtail draws its menu from this JSON (non-ASCII escaped).
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    menu = json.dumps(json.loads(props), ensure_ascii=False)
    assert "员工指南" in menu
    for guide in GUIDES:
        assert f"/admin/guide/{guide.slug}/" in menu
        assert str(guide.label) in menu


def test_guides_are_for_signed_in_staff_only(client):
    assert client.get("/admin/guide/data/").status_code == 302


@pytest.mark.parametrize(
    "path",
    ["/admin/guide/nope/", "/admin/guide/data/img/..%2Fdata.md", "/admin/guide/data/img/x.png"],
)
def test_unknown_guides_and_files_are_not_found(client, editor, path):
    assert client.get(path, follow=True).status_code == 404

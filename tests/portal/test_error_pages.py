"""Branded 403, 404 and 500 pages with the help lines and a way home (issue 16, item 7)."""

import pytest
from django.test import Client

from tests.factories.volunteer import UserFactory

pytestmark = pytest.mark.django_db


def _assert_branded(html: str) -> None:
    assert 'href="tel:12355"' in html and 'href="tel:110"' in html  # the help lines
    assert 'href="/"' in html  # a way home
    assert "portal.css" in html


def test_a_refused_page_is_branded_and_translated(client, home_page):
    client.force_login(UserFactory())
    response = client.get("/volunteer/review/")
    assert response.status_code == 403
    html = response.content.decode()
    _assert_branded(html)
    assert "您无法打开此页面" in html
    assert "403 Forbidden" not in html
    english = client.get("/en/volunteer/review/").content.decode()
    assert "You cannot open this page" in english


def test_a_missing_page_is_branded(client, home_page):
    response = client.get("/volunteer/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_branded(html)
    assert "找不到此页面" in html


def test_a_refused_form_gets_the_branded_403(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    _assert_branded(html)
    assert "表单未能发送" in html


def test_the_500_page_renders_without_the_database(client, home_page, django_assert_num_queries):
    from portal.error_pages import server_error

    with django_assert_num_queries(0):
        response = server_error(None)
    assert response.status_code == 500
    html = response.content.decode()
    _assert_branded(html)
    assert "出错了" in html


def test_the_500_handler_is_the_branded_one(home_page):
    from django.urls import get_resolver

    response = get_resolver().resolve_error_handler(500)(None)
    assert response.status_code == 500
    _assert_branded(response.content.decode())

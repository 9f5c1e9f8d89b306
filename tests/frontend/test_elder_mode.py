"""The elder-friendly mode switch: a plain link that sets a cookie, with safe redirects."""

import pytest

from content.site_setup import ensure_site
from frontend.display import ELDER_MODE_COOKIE

pytestmark = pytest.mark.django_db


def test_switching_on_sets_a_lasting_cookie_and_goes_back(client):
    response = client.get("/display/elder-mode/", {"on": "1", "next": "/map/?q=泰宁"})
    assert response.status_code == 302
    assert response["Location"] == "/map/?q=%E6%B3%B0%E5%AE%81"
    cookie = response.cookies[ELDER_MODE_COOKIE]
    assert cookie.value == "1"
    assert int(cookie["max-age"]) >= 300 * 24 * 60 * 60


def test_switching_off_removes_the_cookie(client):
    client.cookies[ELDER_MODE_COOKIE] = "1"
    response = client.get("/display/elder-mode/", {"on": "0", "next": "/en/"})
    assert response["Location"] == "/en/"
    assert response.cookies[ELDER_MODE_COOKIE].value == ""
    assert response.cookies[ELDER_MODE_COOKIE]["max-age"] == 0


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http:\\\\evil.example"],
)
def test_never_redirects_off_site(client, target):
    response = client.get("/display/elder-mode/", {"on": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_line_break_in_the_target_cannot_add_a_header(client):
    response = client.get("/display/elder-mode/", {"on": "1", "next": "/map/\r\nSet-Cookie: x=1"})
    assert response.status_code == 302
    assert "\n" not in response["Location"] and "x" not in response.cookies


@pytest.mark.parametrize("params", [{}, {"on": "yes"}, {"on": "1" * 5000}])
def test_bad_input_is_a_clear_400_naming_the_field(client, params):
    response = client.get("/display/elder-mode/", params)
    assert response.status_code == 400
    assert response.content.decode().startswith("on:")
    assert ELDER_MODE_COOKIE not in response.cookies


def test_the_class_is_set_on_the_server_and_the_header_link_flips(client):
    ensure_site()
    page = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "/display/elder-mode/?on=1&amp;next=/" in page
    client.cookies[ELDER_MODE_COOKIE] = "1"
    page = client.get("/en/").content.decode()
    assert '<html lang="en" class="elder">' in page
    assert "/display/elder-mode/?on=0&amp;next=/en/" in page
    assert "Standard text" in page

"""The Content-Security-Policy header, enforced in every environment (tests too)."""

import re
from pathlib import Path

import pytest

from portal.csp import public_policy, tile_source

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "content", "search", "frontend", "volunteer", "audit"]


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        (
            "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}",
            "https://*.tianditu.gov.cn",
        ),
        ("http://tiles.example.cn:8080/{z}/{x}/{y}.png", "http://tiles.example.cn:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_the_tile_server_is_derived_from_the_tile_url(url, source):
    assert tile_source(url) == source


def test_a_configured_tile_provider_is_allowed_as_images_only():
    directives = public_policy("https://t{s}.tianditu.gov.cn/{z}/{x}/{y}")["DIRECTIVES"]
    assert "https://*.tianditu.gov.cn" in directives["img-src"]
    assert all("tianditu" not in source for source in directives["script-src"])


def header(response) -> dict[str, list[str]]:
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.mark.django_db
def test_public_pages_forbid_inline_script_and_admit_only_the_brand_style(client, home_page):
    response = client.get("/")
    policy = header(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    [nonce] = [s for s in policy["style-src"] if s.startswith("'nonce-")]
    assert "'unsafe-inline'" not in policy["style-src"]
    # The brand colours' <style> carries this response's nonce, and it changes every time.
    assert f'<style nonce="{nonce[7:-1]}">' in response.content.decode()
    assert header(client.get("/"))["style-src"] != policy["style-src"]
    assert "https://tile.openstreetmap.org" in policy["img-src"]


@pytest.mark.django_db
def test_the_api_and_downloads_carry_the_policy_too(client):
    assert "default-src 'self'" in client.get("/api/v1/service-points/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_only_the_admin_gets_inline_script_and_styles(client, admin_user):
    client.force_login(admin_user)
    policy = header(client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    public = header(client.get("/volunteer/"))
    assert "'unsafe-inline'" not in public["script-src"] + public["style-src"]


# What a template of ours must never contain under the CSP.
FORBIDDEN = {
    "inline script": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
    ),
    "style attribute": re.compile(r"\sstyle=[\"']", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+=[\"']", re.I),
    "style element without nonce": re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_of_ours_has_inline_script_style_or_handlers():
    problems = []
    for app in APPS:
        for template in (ROOT / app).rglob("templates/**/*.html"):
            text = template.read_text(encoding="utf-8")
            for name, pattern in FORBIDDEN.items():
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(f"{template.relative_to(ROOT)}:{line}: {name}")
    assert problems == []

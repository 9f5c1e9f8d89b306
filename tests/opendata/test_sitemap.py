"""sitemap.xml: every public page on the public host, with lastmod and language alternates."""

import xml.etree.ElementTree as ET

from content import sitemaps
from tests.factories.content import make_story

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def test_sitemap_lists_every_public_page_on_the_public_host(client, network, home_page, settings):
    settings.SITE_BASE_URL = "https://fulei.example.cn"
    story = make_story(title="公开故事", slug="public-story")
    root = parse(client.get("/sitemap.xml", HTTP_HOST="alias.example.org"))
    urls = {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}
    assert all(loc.startswith("https://fulei.example.cn/") for loc in urls)
    paths = {loc.removeprefix("https://fulei.example.cn") for loc in urls}
    expected = {
        "/",
        "/en/",
        "/map/",
        "/en/map/",
        "/opendata/",
        "/en/opendata/",
        "/impact/",
        "/directory/",
        "/organizations/",
        f"/directory/points/{network.station.pk}/",
        f"/en/directory/points/{network.station.pk}/",
        f"/directory/{network.county.code}/",
        f"/directory/organizations/{network.organization.pk}/",
        f"/directory/projects/{network.project.pk}/",
        story.url,
    }
    assert expected <= paths, expected - paths
    # Nothing hidden.
    assert f"/directory/points/{network.hidden_point.pk}/" not in paths
    assert f"/directory/organizations/{network.hidden_organization.pk}/" not in paths
    point = urls[f"https://fulei.example.cn/directory/points/{network.station.pk}/"]
    assert point.findtext("s:lastmod", namespaces=NS)
    alternates = {link.get("hreflang"): link.get("href") for link in point.findall("x:link", NS)}
    assert alternates == {
        "zh-Hans": f"https://fulei.example.cn/directory/points/{network.station.pk}/",
        "en": f"https://fulei.example.cn/en/directory/points/{network.station.pk}/",
    }
    home = urls["https://fulei.example.cn/"]
    assert {link.get("hreflang") for link in home.findall("x:link", NS)} == {"zh-Hans", "en"}


def test_a_large_sitemap_becomes_an_index_of_files(client, network, home_page, monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_FILE", 10)
    index = parse(client.get("/sitemap.xml"))
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = [s.findtext("s:loc", namespaces=NS) for s in index.findall("s:sitemap", NS)]
    assert len(files) >= 2
    total = 0
    for n in range(1, len(files) + 1):
        part = parse(client.get("/sitemap.xml", {"p": n}))
        count = len(part.findall("s:url", NS))
        assert 1 <= count <= 10
        total += count
    assert total == len(sitemaps.urls())
    assert client.get("/sitemap.xml", {"p": len(files) + 1}).status_code == 404


def test_setup_site_puts_the_public_host_on_the_wagtail_site(db, settings):
    from wagtail.models import Site

    from content.site_setup import ensure_site

    settings.SITE_BASE_URL = "https://fulei.example.cn"
    ensure_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("fulei.example.cn", 443)

"""sitemap.xml: every public page of the site in both languages, on the public host.

Locations are built from ``SITE_BASE_URL`` (never the request's Host header or the Wagtail
Site record, which ``setup_site`` keeps in step with it). Each URL lists its zh-Hans and English
versions as ``xhtml:link`` alternates and carries ``lastmod``. Wagtail pages come with their
translations; the directory's points, divisions, organisations and projects, and /map/,
/opendata/, /impact/, /directory/ and /organizations/ are added from their public querysets.
Past ``URLS_PER_FILE`` URLs the sitemap becomes an index of numbered files (?p=1, ?p=2, ...),
as the sitemaps protocol allows at most 50,000 URLs per file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.models import Page

from directory.models import Division, Organization, Project, ServicePoint

URLS_PER_FILE = 50_000
# (language code of the URL prefix, hreflang)
LANGUAGES = (("zh-hans", "zh-Hans"), ("en", "en"))


@dataclass
class Entry:
    """One page in every language: {hreflang: absolute URL}, and its last change."""

    locations: dict[str, str]
    lastmod: datetime | None


def base_url() -> str:
    return settings.SITE_BASE_URL.rstrip("/")


def _routed(name: str, args=(), lastmod: datetime | None = None) -> Entry:
    locations = {}
    for language, hreflang in LANGUAGES:
        with translation.override(language):
            locations[hreflang] = base_url() + reverse(name, args=args)
    return Entry(locations, lastmod)


def _page_entries() -> Iterator[Entry]:
    pages = Page.objects.live().public().exclude(depth=1).select_related("locale")
    groups: dict = defaultdict(dict)
    dates: dict = {}
    for page in pages.only("id", "url_path", "translation_key", "last_published_at", "locale"):
        parts = page.get_url_parts()
        if parts is None:
            continue  # not under any site's root
        hreflang = dict(LANGUAGES).get(page.locale.language_code, page.locale.language_code)
        groups[page.translation_key][hreflang] = base_url() + parts[2]
        newest = dates.get(page.translation_key)
        if page.last_published_at and (newest is None or page.last_published_at > newest):
            dates[page.translation_key] = page.last_published_at
    for key, locations in groups.items():
        yield Entry(locations, dates.get(key))


def _latest(queryset) -> datetime | None:
    return queryset.order_by().aggregate(latest=Max("updated_at"))["latest"]


def entries() -> Iterator[Entry]:
    from impact.snapshot import latest as latest_snapshot
    from opendata.catalogue import catalogue_modified

    yield from _page_entries()
    points = ServicePoint.objects.public()
    organizations = Organization.objects.public()
    snapshot = latest_snapshot()
    yield _routed("map", lastmod=_latest(points))
    yield _routed("directory:index", lastmod=_latest(points))
    yield _routed("opendata", lastmod=catalogue_modified())
    yield _routed("impact", lastmod=snapshot.taken_at if snapshot else None)
    yield _routed("organizations:list", lastmod=_latest(organizations))
    for pk, updated_at in points.order_by("pk").values_list("pk", "updated_at"):
        yield _routed("directory:point", [pk], updated_at)
    for code, updated_at in Division.objects.order_by("code").values_list("code", "updated_at"):
        yield _routed("directory:division", [code], updated_at)
    for pk, updated_at in organizations.order_by("pk").values_list("pk", "updated_at"):
        yield _routed("directory:organization", [pk], updated_at)
    for pk, updated_at in Project.objects.public().order_by("pk").values_list("pk", "updated_at"):
        yield _routed("directory:project", [pk], updated_at)


def _url_elements(entry: Entry) -> Iterator[str]:
    """One <url> per language version, each naming every version (the protocol's rule)."""
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(url)}"/>'
        for lang, url in entry.locations.items()
    )
    lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
    for url in entry.locations.values():
        yield f"<url><loc>{escape(url)}</loc>{lastmod}{alternates}</url>"


def urls() -> list[str]:
    return [element for entry in entries() for element in _url_elements(entry)]


URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)


@require_safe
def sitemap(request):
    elements = urls()
    files = max(1, -(-len(elements) // URLS_PER_FILE))
    page = request.GET.get("p")
    if page is None and files == 1:
        body = URLSET + "".join(elements) + "</urlset>"
    elif page is None:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(
                f"<sitemap><loc>{escape(base_url())}/sitemap.xml?p={n}</loc></sitemap>"
                for n in range(1, files + 1)
            )
            + "</sitemapindex>"
        )
    else:
        if not page.isdigit() or not 1 <= int(page) <= files:
            raise Http404("No such sitemap file.")
        start = (int(page) - 1) * URLS_PER_FILE
        body = URLSET + "".join(elements[start : start + URLS_PER_FILE]) + "</urlset>"
    return HttpResponse(body, content_type="application/xml; charset=utf-8")

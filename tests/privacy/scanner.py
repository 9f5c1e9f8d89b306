"""A crawler of the public site and a scanner for personal data in what it serves.

Patterns: mainland mobile numbers (13912345678, +86 139 1234 5678, 139-1234-5678), resident
ID-card numbers (18 characters with a valid check character, and the old 15 digits) and e-mail
addresses. The only addresses allowed are the programme's own organisational ones, listed in
``allowed_emails()``.

The crawl starts from ``START_URLS`` (one list, to extend when a new public area appears) and
follows every same-site link it finds in HTML, XML, JSON and feeds, so new pages linked from
existing ones are scanned without touching this file. Pages of one shape (the same path with
other digits) are sampled, not all visited: the directory alone has thousands.
"""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from email.utils import parseaddr
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from stdnum.cn import ric

# Where the crawl starts: every public area, each download format, each API list, feeds and
# machine endpoints. Detail pages are reached through links and through API_DETAILS.
DATASETS = ("service-points", "organizations", "projects", "divisions")
START_URLS = [
    "/",
    "/en/",
    "/sitemap.xml",
    "/robots.txt",
    "/map/",
    "/en/map/",
    "/directory/",
    "/en/directory/",
    "/directory/changes.atom",
    # A county and a township page: the same URL shape as a city's, so sampling could miss them.
    "/directory/350102/",
    "/en/directory/350102/",
    "/directory/350102001/",
    "/opendata/",
    "/en/opendata/",
    "/opendata/catalog.jsonld",
    *[f"/opendata/{name}.{fmt}" for name in DATASETS for fmt in ("csv", "json")],
    "/opendata/service-points.geojson",
    "/opendata/divisions.geojson",
    *[f"/api/v1/{name}/" for name in DATASETS],
    "/api/v1/service-points/?near=26.08,119.30&radius_km=50",
    "/api/v1/search/?q=儿童",
    "/api/v1/search/?q=ertong&lang=en",
    "/api/v1/map/clusters/?bbox=115.8,23.4,120.8,28.4&zoom=7",
    "/api/v1/map/clusters/?bbox=118.0,25.0,120.0,27.0&zoom=14",
    "/api/schema/",
    "/healthz",
    "/stories/",
    "/stories/feed/",
    "/en/stories/",
    "/news/",
    "/volunteer/",
    "/en/volunteer/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/impact/",
    "/en/impact/",
    "/api/v1/stats/impact/",
    "/organizations/",
    "/en/organizations/",
]
# API lists whose records have a detail URL: list path -> detail template, filled with ids read
# from the list's first page.
API_DETAILS = {
    "/api/v1/service-points/": "/api/v1/service-points/{id}/",
    "/api/v1/organizations/": "/api/v1/organizations/{id}/",
    "/api/v1/projects/": "/api/v1/projects/{id}/",
    "/api/v1/divisions/": "/api/v1/divisions/{code}/",
}
# Not public, not ours, or not text.
SKIP_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/static/",
    "/media/",
    "/documents/",
    "/accounts/logout/",
    "/api/docs/",
)
SAMPLES_PER_SHAPE = 6
MAX_PAGES = 900

MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
ID_18 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[0-9Xx](?![0-9A-Za-z])"
)
ID_15 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def allowed_emails() -> set[str]:
    """The programme's own organisational addresses, published by design (and nothing else)."""
    return {
        settings.DIRECTORY_CORRECTIONS_EMAIL.lower(),
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
    }


@dataclass(frozen=True)
class Hit:
    url: str
    kind: str
    value: str


def _check_char_ok(number: str) -> bool:
    # Only the ISO 7064 check character: region codes change (stdnum's list lags behind them).
    # calc_check_digit takes the whole number and ignores its last character: given only the
    # first 17, it checked the wrong digits and missed most valid numbers.
    return ric.calc_check_digit(number) == number[17].upper()


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """(kind, value) of every personal-data pattern in ``text``, after HTML/URL unescaping."""
    text = html.unescape(unquote(text))
    found = [("mobile", m.group(0)) for m in MOBILE.finditer(text)]
    found += [("id_card", m.group(0)) for m in ID_18.finditer(text) if _check_char_ok(m.group(0))]
    found += [("id_card_15", m.group(0)) for m in ID_15.finditer(text)]
    allowed = allowed_emails()
    found += [
        ("email", m.group(0)) for m in EMAIL.finditer(text) if m.group(0).lower() not in allowed
    ]
    return found


@dataclass
class CrawlReport:
    pages: dict[str, int] = field(default_factory=dict)  # url -> status
    hits: list[Hit] = field(default_factory=list)
    bytes_scanned: int = 0
    skipped_by_shape: int = 0

    def by_status(self) -> Counter:
        return Counter(self.pages.values())


LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
ABSOLUTE = re.compile(r"https?://(?:testserver|localhost|127\.0\.0\.1)(?::\d+)?(/[^\s\"'<>]*)")
JSON_PATH = re.compile(r'"(/[^"\s]*/)"')


def _links(text: str, base: str) -> list[str]:
    found = [urljoin(base, html.unescape(u)) for u in LINK.findall(text)]
    found += ABSOLUTE.findall(text)
    found += JSON_PATH.findall(text)
    return found


def _shape(url: str) -> str:
    return re.sub(r"\d", "0", url)


def _local_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, javascript:
    if parts.netloc and parts.netloc.split(":")[0] not in ("testserver", "localhost", "127.0.0.1"):
        return None
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def crawl(client, start=START_URLS, follow: bool = True, max_pages: int = MAX_PAGES) -> CrawlReport:
    """Fetch ``start`` (and, with ``follow``, every same-site link) and scan each response."""
    report = CrawlReport()
    queue = deque(start)
    seen: set[str] = set()
    shapes: Counter = Counter()
    while queue and len(report.pages) < max_pages:
        url = _local_path(queue.popleft())
        if url is None or url in seen:
            continue
        seen.add(url)
        shape = _shape(url)
        if follow and url not in start and shapes[shape] >= SAMPLES_PER_SHAPE:
            report.skipped_by_shape += 1
            continue
        shapes[shape] += 1
        response = client.get(url)
        report.pages[url] = response.status_code
        text = _body(response)
        report.bytes_scanned += len(text.encode())
        for kind, value in find_personal_data(text + "\n" + response.get("Location", "")):
            report.hits.append(Hit(url, kind, value))
        if not follow:
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urljoin(url, response["Location"]))
        queue.extend(_links(text, url))
        path = url.split("?")[0]
        if path in API_DETAILS and response.status_code == 200:
            for record in response.json().get("results", [])[:SAMPLES_PER_SHAPE]:
                queue.append(API_DETAILS[path].format(**record))
    return report

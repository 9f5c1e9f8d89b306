"""The HTTP half of scripts/deploy-smoke: talks to the deployment only through nginx, over TLS
checked against the smoke run's own certificate, as a visitor's browser would.

1. crawls the public pages from / and /en/ (links and the static files they load), and checks
   that /static/ is answered by nginx (its Cache-Control), /healthz says ok and plain HTTP
   redirects to HTTPS;
2. signs a volunteer up with a mobile number, reading the SMS code from the file outbox;
3. submits the volunteer application form with a PDF certificate.

Any 4xx or 5xx answer fails the run. Standard library only: it runs before anything else is
known to work.

    python scripts/deploy_smoke.py https://127.0.0.1:8443 --cafile cert.pem --sms-outbox sms.jsonl
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import deque
from html.parser import HTMLParser

# Pages that only a signed-in user, or a POST, may open; the crawl stays public.
SKIP = re.compile(r"^/(en/)?(admin|accounts/logout|accounts/password/change|django-admin)/")
PHONE = "13912345678"
PASSWORD = "Fulei-smoke-2026-volunteer"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Failure(Exception):
    pass


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Links(HTMLParser):
    """Collects the links (a href) and the assets (link href, script src, img src) of a page,
    and the named inputs of its forms."""

    def __init__(self):
        super().__init__()
        self.pages: list[str] = []
        self.assets: list[str] = []
        self.inputs: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.pages.append(a["href"])
        elif tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon", "preload"):
            self.assets.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "input" and a.get("name"):
            self.inputs.setdefault(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
            self.options[self._select] = []
        elif tag == "option" and self._select and a.get("value"):
            self.options[self._select].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    def __init__(self, base: str, cafile: str):
        self.base = base.rstrip("/")
        self.origin = urllib.parse.urlsplit(self.base)
        context = ssl.create_default_context(cafile=cafile)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirect,
        )
        self.requests = 0

    def fetch(self, path: str, data: bytes | None = None, headers: dict | None = None):
        """(status, headers, body) of one request; 4xx and 5xx raise Failure."""
        url = path if path.startswith("http") else self.base + path
        request = urllib.request.Request(url, data=data, headers=headers or {})
        request.add_header("User-Agent", "fulei-deploy-smoke")
        self.requests += 1
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                return error.code, error.headers, error.read()
            body = error.read()[:600].decode("utf-8", "replace")
            raise Failure(f"{error.code} {request.get_method()} {url}\n{body}") from error

    def get(self, path: str):
        status, headers, body = self.fetch(path)
        return status, headers, body

    def post(self, path: str, fields: dict, files: dict | None = None):
        """A form POST as a browser sends it: CSRF token, Origin and Referer of the page."""
        fields = {**fields, "csrfmiddlewaretoken": self.csrf_token()}
        headers = {"Origin": self.base, "Referer": self.base + path}
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for name, value in fields.items():
                body += (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n"
                ).encode()
            for name, (filename, content, kind) in files.items():
                body += (
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
                    ).encode()
                    + content
                    + b"\r\n"
                )
            body += f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.fetch(path, body, headers)

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        raise Failure("no csrftoken cookie: the form page did not set one")

    def local_path(self, href: str, page: str) -> str | None:
        """The path (and query) of a link on this site, or None for another site's."""
        url = urllib.parse.urlsplit(urllib.parse.urljoin(self.base + page, href))
        if url.scheme not in ("http", "https") or url.netloc != self.origin.netloc:
            return None
        return url.path + (f"?{url.query}" if url.query else "")


def crawl(visitor: Visitor, limit: int) -> tuple[int, int]:
    """Visit up to ``limit`` public pages and every static file they load."""
    queue, seen, assets = deque(["/", "/en/"]), {"/", "/en/"}, set()
    pages = 0
    while queue and pages < limit:
        path = queue.popleft()
        status, headers, body = visitor.get(path)
        pages += 1
        if status in (301, 302):
            target = visitor.local_path(headers["Location"], path)
            if target and target not in seen and not SKIP.match(target):
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in headers.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        for href in parser.pages:
            target = visitor.local_path(href, path)
            if target and target not in seen and not SKIP.match(target):
                seen.add(target)
                queue.append(target)
        for src in parser.assets:
            target = visitor.local_path(src, path)
            if target and target not in assets:
                assets.add(target)
                _, asset_headers, _ = visitor.get(target)
                # nginx sends two Cache-Control headers there (expires, then add_header).
                cache_control = ", ".join(asset_headers.get_all("Cache-Control") or [])
                if target.startswith("/static/") and "immutable" not in cache_control:
                    raise Failure(f"{target} was not served by nginx's /static/ location")
    if not any(a.startswith("/static/") for a in assets):
        raise Failure("the pages load no static file: the crawl did not reach the site")
    return pages, len(assets)


def read_code(outbox: str, phone: str, wait: float = 60) -> str:
    """The newest six-digit code texted to ``phone`` (+86...), from the file outbox."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with open(outbox, encoding="utf-8") as lines:
                messages = [json.loads(line) for line in lines if line.strip()]
        except FileNotFoundError:
            messages = []
        for message in reversed(messages):
            if message["to"].endswith(phone):
                return re.search(r"\b(\d{6})\b", message["text"]).group(1)
        time.sleep(0.5)
    raise Failure(f"no SMS reached {outbox} within {wait:.0f} s")


def id_number(region: str = "350429", birth: str = "19850601", sequence: str = "123") -> str:
    """A well-formed mainland ID-card number (GB 11643 check digit) for a made-up adult."""
    body = region + birth + sequence
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def sign_up_and_apply(visitor: Visitor, outbox: str) -> None:
    visitor.get("/accounts/signup/")
    status, headers, _ = visitor.post(
        "/accounts/signup/", {"phone": PHONE, "password1": PASSWORD, "password2": PASSWORD}
    )
    location = headers.get("Location", "")
    if status != 302 or "/accounts/phone/verify/" not in location:
        raise Failure(f"sign-up answered {status} {location!r}, not the code page")
    verify = visitor.local_path(location, "/accounts/signup/")
    visitor.get(verify)
    status, headers, _ = visitor.post(verify, {"code": read_code(outbox, PHONE)})
    if status != 302:
        raise Failure(f"the SMS code was not accepted ({status})")
    status, _, body = visitor.get("/volunteer/my/")
    say(f"  signed up {PHONE[:3]}****{PHONE[-4:]} by SMS code: /volunteer/my/ {status}")

    _, _, body = visitor.get("/volunteer/apply/")
    form = Links()
    form.feed(body.decode("utf-8", "replace"))
    counties = form.options.get("county") or []
    if not counties:
        raise Failure("the application form offers no county: divisions were not loaded")
    fields = {
        "role": "caring_parent",
        "real_name": "林冒烟",
        "id_number": id_number(),
        "phone": PHONE,
        "county": counties[0],
        "occupation": "测试",
        "availability": "周末",
        "languages": "普通话",
        "motivation": "部署冒烟测试。",
        "privacy_consent": "on",
        "background_consent": "on",
    }
    status, headers, body = visitor.post(
        "/volunteer/apply/",
        fields,
        files={"certificate": ("certificate.pdf", PDF, "application/pdf")},
    )
    if status != 302:
        errors = re.findall(
            r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', body.decode("utf-8", "replace")
        )
        raise Failure(f"the application form answered {status}: {errors[:5]}")
    _, _, body = visitor.get("/volunteer/my/")
    say(f"  application submitted through nginx: {status} -> {headers.get('Location')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base")
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--sms-outbox", required=True)
    parser.add_argument("--http-base", help="plain-HTTP address that must redirect to HTTPS")
    parser.add_argument("--pages", type=int, default=150)
    args = parser.parse_args()
    visitor = Visitor(args.base, args.cafile)
    try:
        _, _, body = visitor.get("/healthz")
        health = json.loads(body)
        say(f"  /healthz: {health['status']}")
        if health["status"] != "ok":
            raise Failure(f"/healthz is not ok: {health}")
        if args.http_base:
            status, headers, _ = visitor.fetch(args.http_base + "/")
            if status != 301 or not headers["Location"].startswith("https://"):
                raise Failure(f"plain HTTP answered {status} {headers.get('Location')}")
        pages, assets = crawl(visitor, args.pages)
        say(f"  crawled {pages} public pages and {assets} files they load: no 4xx/5xx")
        sign_up_and_apply(visitor, args.sms_outbox)
    except Failure as failure:
        sys.stderr.write(f"deploy-smoke FAILED: {failure}\n")
        return 1
    say(f"  {visitor.requests} requests through nginx, all answered without 4xx/5xx")
    return 0


if __name__ == "__main__":
    sys.exit(main())

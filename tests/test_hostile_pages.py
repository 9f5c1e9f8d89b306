"""No public HTML page, feed or download answers 5xx, whatever its query string or path holds.

The API has schemathesis (tests/portal/api/test_schema_fuzz.py); this file covers the rest of
the public site. Every URL pattern of the project is either listed in PUBLIC (and attacked) or in
NOT_HERE with the reason, so a new page cannot be added without deciding which.

Each public path gets every query parameter any public page reads, all at once, set to NUL, a
huge number, a bad date, an unknown value, a long string...; then hypothesis draws mixed query
strings (tests/hostile.py) for a bounded number of examples (the ``ci`` profile's budget).
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from directory.models import Division, Organization, Project, ServicePoint
from search import clusters, service
from tests.factories.content import make_news, make_story
from tests.factories.directory import OrganizationFactory, ProjectFactory, ServicePointFactory
from tests.hostile import hostile_text, query_string

pytestmark = pytest.mark.django_db

# Every parameter a public page, feed or download reads (forms, filters and views).
PARAMETERS = [
    *("q", "level", "category", "division", "place", "near", "lat", "lon", "z", "bbox"),
    *("page", "fragment", "city", "tag", "area", "kind", "rating", "modified_after"),
    *("radius_km", "measure", "period", "region", "link", "next", "lang", "zoom", "format"),
]
HUGE = "99999999999999999999"
ATTACKS = {
    "NUL": "\x00",
    "NUL inside": "福州\x00市",
    "huge number": HUGE,
    "huge negative": "-" + HUGE,
    "overflowing float": "1e309",
    "not a number": "NaN",
    "negative": "-1",
    "bad date": "2026-13-45",
    "bad date-time": "2026-02-30T25:61:61+99:00",
    "far date": "9999-12-31T23:59:59-12:00",
    "unknown value": "zz-unknown",
    "long string": "林" * 5_000,
    "lone surrogate": "\ud800",
    "markup": "<script>alert(1)</script>",
}

# Route (as the resolver spells it) -> why it is not attacked here.
NOT_HERE = {
    "api/": "the API: schemathesis in tests/portal/api/test_schema_fuzz.py",
    "volunteer/my/": "signed-in volunteers only",
    "volunteer/apply/": "signed-in volunteers only",
    "volunteer/review/": "reviewers only",
    "organizations/register/": "signed-in users only",
    "organizations/mine/": "signed-in users only",
    "organizations/invitations/": "signed-in users only (a token link)",
    "organizations/review/": "reviewers only",
    "organizations/projects/": "members only",
    "organizations/<int:pk>/": "members only (join is attacked below, signed in)",
    "accounts/": "sign-in pages: the accounts work has its own attack tests",
    "admin/": "staff only",
    "documents/": "Wagtail documents, served to staff",
    "_util/": "Wagtail's password form for restricted pages (none exist)",
    "display/elder-mode/": "only sets a cookie and redirects back (attacked below)",
}


def _routes(patterns=None, prefix: str = "") -> list[str]:
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append(prefix + str(pattern.pattern))
    return found


PUBLIC = {
    "healthz",
    "sitemap.xml",
    "opendata/catalog.jsonld",
    "opendata/datapackage.json",
    r"^opendata/(?P<dataset>[a-z-]+)\.(?P<fmt>csv|geojson|json)$",
    "map/",
    "volunteer/",
    "opendata/",
    "directory/",
    "directory/changes.atom",
    "directory/points/<int:pk>/",
    "directory/points/<int:pk>/poster/",
    "directory/organizations/<int:pk>/",
    "directory/projects/<int:pk>/",
    "directory/^(?P<code>[0-9]{6,12})/$",
    "impact/",
    "organizations/",
    "organizations/<int:pk>/join/",
    r"^((?:[\w\-]+/)*)$",  # Wagtail's pages: home, stories, news, help, plaques...
}


def test_every_url_pattern_is_either_attacked_or_excluded_with_a_reason():
    undecided = [
        route
        for route in _routes()
        if route not in PUBLIC and not route.startswith(tuple(NOT_HERE))
    ]
    assert undecided == []


@pytest.fixture
def public_site(fujian_divisions, home_page):
    """A little of everything public: points, an organisation and its listing, a story, news."""
    county = Division.objects.get(code="350429")
    township = Division.objects.filter(parent=county).first()
    ServicePointFactory(level="county", division=county)
    ServicePointFactory(level="township", division=township)
    organization = OrganizationFactory(name="泰宁县阳光社会工作服务中心", service_area=[county])
    ProjectFactory(organization=organization, divisions=[county])
    OrganizationFactory(pending=True, name="待审核的社工机构")
    make_story(title="爱心妈妈林阿姨的故事")
    make_news(title="泰宁县未成年人保护中心授牌")
    service.rebuild()
    clusters.reset_index()
    yield
    clusters.reset_index()


def _paths() -> list[str]:
    from wagtail.models import Page

    point = ServicePoint.objects.first().pk
    organization = Organization.objects.first().pk
    project = Project.objects.first().pk
    pages = [page.url for page in Page.objects.live().public().specific() if page.url]
    huge_ids = [f"/directory/{kind}/{HUGE}/" for kind in ("points", "organizations", "projects")]
    return [
        "/healthz",
        "/sitemap.xml",
        "/opendata/catalog.jsonld",
        "/opendata/datapackage.json",
        "/opendata/impact-measures.csv",
        "/opendata/service-points.csv",
        "/opendata/projects.csv",
        "/opendata/organizations.json",
        "/opendata/service-points.geojson",
        "/opendata/impact-statistics.csv",
        "/opendata/no-such-dataset.csv",
        "/map/",
        "/en/map/",
        "/volunteer/",
        "/opendata/",
        "/directory/",
        "/directory/changes.atom",
        f"/directory/points/{point}/",
        f"/directory/points/{point}/poster/",
        f"/directory/organizations/{organization}/",
        f"/directory/projects/{project}/",
        "/directory/350429/",
        f"/directory/{Division.objects.filter(parent__code='350429').first().code}/",
        "/directory/999999999999/",
        *huge_ids,
        f"/directory/points/{HUGE}/poster/",
        f"/organizations/{HUGE}/join/",
        f"/organizations/{organization}/join/",
        f"/organizations/{Organization.objects.get(name='待审核的社工机构').pk}/join/",
        "/impact/",
        "/en/impact/",
        "/organizations/",
        "/display/elder-mode/",
        *pages,
        "/stories/feed/",
        "/stories/feed/atom/",
        "/news/feed/",
        "/en/stories/",
    ]


def _get(client, url: str):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # a streamed download fails while it streams
    return response


@pytest.mark.parametrize("attack", ATTACKS.keys())
def test_no_public_path_answers_5xx_to_hostile_parameters(client, public_site, attack):
    client.force_login(_signed_in_visitor())  # the join page needs a signed-in visitor
    client.raise_request_exception = False  # collect every path's 500, not only the first
    failures = []
    for path in _paths():
        url = path + query_string(dict.fromkeys(PARAMETERS, ATTACKS[attack]))
        status = _get(client, url).status_code
        if status >= 500:
            failures.append((path, status))
    assert failures == []


def test_the_reported_5xx_urls_answer_normally(client, public_site):
    """The five URLs of issue 16, each a 500 before (NUL on PostgreSQL, overflow, a bad date)."""
    for url in (
        "/map/?page=99999999999999999999",
        "/stories/?city=%00",
        "/stories/?tag=%00",
        "/news/?tag=%00",
        "/directory/changes.atom?modified_after=2026-13-45",
    ):
        assert client.get(url).status_code == 200, url


def test_generated_query_strings_never_give_a_5xx(client, public_site):
    client.force_login(_signed_in_visitor())
    paths = _paths()
    values = st.one_of(st.sampled_from(list(ATTACKS.values())), hostile_text)

    @given(
        path=st.sampled_from(paths),
        params=st.dictionaries(st.sampled_from(PARAMETERS), values, min_size=1, max_size=5),
    )
    # A few examples per path within the CI profile's budget; `--hypothesis-profile=deep` more.
    @hypothesis_settings(max_examples=hypothesis_settings().max_examples * 5)
    def attack(path, params):
        response = _get(client, path + query_string(params))
        assert response.status_code < 500, (path, params)

    attack()


def _signed_in_visitor():
    from tests.factories.volunteer import UserFactory

    return UserFactory()

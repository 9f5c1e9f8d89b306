"""The main public pages that the accessibility, keyboard, elder-mode and weight checks visit.

ONE list: add a page here and every one of those checks covers it. ``{point}``, ``{story}``,
``{county}`` and ``{organization}`` are filled from the ``site_network`` fixture; ``SignedIn``
pages are opened by a signed-in volunteer.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from content.site_setup import ensure_site
from directory.models import Level, LocationPrecision, ServiceLevel
from impact.snapshot import take_snapshot
from search import clusters
from tests.factories.content import make_story
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    ProjectFactory,
    ServicePointFactory,
)
from tests.factories.volunteer import UserFactory


class SignedIn(str):
    """A page that only a signed-in user can open."""


MAIN_PAGES: list[str] = [
    "/",
    "/map/",
    "/map/?q=泰宁",
    "/directory/",
    "/directory/{county}/",
    "/directory/points/{point}/",
    "/directory/points/{point}/poster/",
    "/accounts/signup/",
    "/accounts/login/",
    SignedIn("/volunteer/apply/"),
    SignedIn("/accounts/my/"),
    "/stories/{story}/",
    "/opendata/",
    "/impact/",
    "/organizations/",
    "/directory/organizations/{organization}/",
    "/en/",
    "/en/map/?q=taining",
    "/en/directory/points/{point}/",
    "/en/accounts/signup/",
]

# Anything that is not the live server (map tiles, a CDN by mistake) is refused, as a blocked
# or absent network would: no check may depend on it.
EXTERNAL = re.compile(r"https?://(?!localhost|127\.0\.0\.1)")


def build_network(townships: int = 6) -> dict[str, str]:
    """A small but real-looking part of the network, a story and a volunteer; the page keys."""
    clusters.reset_index()
    ensure_site()
    sanming = DivisionFactory(
        code="350400", name="三明市", name_en="Sanming City", level=Level.CITY,
        latitude=26.26, longitude=117.64,
    )  # fmt: skip
    taining = DivisionFactory(
        code="350429", name="泰宁县", name_en="Taining County", parent=sanming,
        latitude=26.90, longitude=117.17,
    )  # fmt: skip
    centre = ServicePointFactory(
        name="泰宁县未成年人救助保护中心", name_en="Taining Minors Protection Centre",
        level=ServiceLevel.COUNTY, division=taining, latitude=26.905, longitude=117.175,
        address="泰宁县杉城镇状元街8号",
    )  # fmt: skip
    for n in range(townships):
        township = DivisionFactory(
            code=f"350429{100 + n:03d}", name=f"泰宁第{n + 1}镇", level=Level.TOWNSHIP,
            parent=taining, latitude=26.8 + n * 0.03, longitude=117.1 + n * 0.02,
        )  # fmt: skip
        ServicePointFactory(
            name=f"泰宁第{n + 1}镇儿童关爱服务站", level=ServiceLevel.TOWNSHIP, division=township,
        )  # fmt: skip
        ServicePointFactory(
            name=f"泰宁第{n + 1}镇中心村儿童之家", level=ServiceLevel.VILLAGE, division=township,
            location_precision=LocationPrecision.TOWNSHIP,
        )  # fmt: skip
    story = make_story(
        title="爱心妈妈的故事",
        slug="caring-mother",
        body=[
            {"type": "paragraph", "value": "<p>她每月家访一次，陪孩子做作业。</p>"},
            {"type": "quote", "value": {"quote": "孩子们等着我。", "attribution": "林阿姨"}},
            {"type": "service_point_map", "value": {"service_point": centre.pk, "caption": ""}},
            {"type": "volunteer_cta", "value": {"heading": "", "text": ""}},
        ],
    )
    organization = OrganizationFactory(name="泰宁县新苗社会工作服务中心", service_area=[taining])
    ProjectFactory(organization=organization, title="泰宁县留守儿童暑期夏令营")
    take_snapshot()
    return {
        "point": str(centre.pk),
        "county": "350429",
        "story": story.slug,
        "organization": str(organization.pk),
    }


def url_of(page: str, keys: dict[str, str]) -> str:
    return page.format(**keys)


def signed_in_cookie(live_server_url: str) -> dict:
    """A session cookie of a fresh volunteer with a verified e-mail, for a browser context."""
    client = Client()
    client.force_login(UserFactory())
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server_url,
    }

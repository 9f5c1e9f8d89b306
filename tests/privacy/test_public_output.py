"""No public page, API response, feed or download carries a person's phone, ID number or e-mail.

The crawl (tests/privacy/scanner.py) runs over what `make run` serves (the real divisions, the
demo network, the site's pages, a story) plus volunteers in every application status with mobile
numbers, e-mail addresses and ID-card numbers, a reviewer and phone-only accounts.
"""

import datetime
import time

import pytest

from directory.demo import generate_demo_network
from directory.models import Organization, Project, ServicePoint
from impact.snapshot import take_snapshot
from search import clusters, service
from tests.factories.content import make_story
from tests.factories.directory import OrganizationFactory, ProjectFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import (
    ApplicationFactory,
    ContactFactory,
    PairingFactory,
    PhoneUserFactory,
    ReviewerScopeFactory,
    UserFactory,
    make_id_number,
)
from tests.privacy.scanner import crawl, find_personal_data
from volunteer import idcard
from volunteer.models import Status

pytestmark = pytest.mark.django_db

VOLUNTEER_PHONE = "+8613955501234"
VOLUNTEER_EMAIL = "wang.xiaohong@example.org"
VOLUNTEER_ID = make_id_number(datetime.date(1979, 3, 14), region="350402", sequence="468")


@pytest.fixture
def public_site(fujian_divisions, home_page):
    generate_demo_network()
    organization = OrganizationFactory(name="三明市阳光社会工作服务中心")
    ProjectFactory(organization=organization)
    make_story(title="爱心妈妈林阿姨的故事")
    service.rebuild()
    clusters.reset_index()
    yield
    clusters.reset_index()


@pytest.fixture
def volunteers(public_site):
    """Applications in every status, each with a mobile number, an e-mail and an ID number."""
    county = ServicePoint.objects.filter(level="county").first().division
    for n, status in enumerate(Status.values):
        user = UserFactory(email=f"volunteer{n}@example.org")
        ApplicationFactory(
            user=user,
            status=status,
            county=county,
            phone=f"+86139555{n:05d}",
            id_hash=idcard.keyed_hash(make_id_number(datetime.date(1980, 1, 1 + n))),
            id_last4=make_id_number(datetime.date(1980, 1, 1 + n))[-4:],
            real_name=f"王小红{n}",
        )
    ApplicationFactory(
        user=UserFactory(email=VOLUNTEER_EMAIL),
        phone=VOLUNTEER_PHONE,
        id_hash=idcard.keyed_hash(VOLUNTEER_ID),
        county=county,
    )
    PhoneUserFactory(phone="+8613766601234")
    ReviewerScopeFactory(user=UserFactory(email="reviewer.chen@example.org"), division=county)
    # Pairings whose reviewer-only notes carry contact details, and organisations' members and
    # pending registrations: none of it may reach public output.
    pairing = PairingFactory(
        application__county=county, application__phone="+8613955509876", case_code="350402-0042"
    )
    ContactFactory(pairing=pairing, note="孩子奶奶电话 13955507777，邮箱 nainai@example.org")
    ContactFactory(pairing=pairing, contact_type="home_visit", concern=True, note="见 13955506666")
    organization = Organization.objects.public().first()
    MembershipFactory(organization=organization, user=UserFactory(email="owner.lin@example.org"))
    OrganizationFactory(pending=True, name="待审核的社工机构", contact_channel="联系人 13955505555")
    take_snapshot()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("联系 13912345678 即可", "mobile"),
        ("+86 139 1234 5678", "mobile"),
        ("+86-139-1234-5678", "mobile"),
        ("8613912345678", "mobile"),
        ("tel:139&#45;1234&#45;5678", "mobile"),
        (f"身份证 {VOLUNTEER_ID}", "id_card"),
        (VOLUNTEER_ID.lower(), "id_card"),
        ("旧证 350402790314468", "id_card_15"),
        ("mailto:wang.xiaohong%40example.org", "email"),
        ("li.ming@163.com", "email"),
    ],
)
def test_scanner_recognises_personal_data(text, kind):
    assert kind in [found for found, _ in find_personal_data(text)]


@pytest.mark.parametrize("day", range(1, 12))
def test_scanner_recognises_id_numbers_whatever_the_birth_date(day):
    # The check character was computed from the wrong digits: 9 valid numbers in 10 went unseen.
    number = make_id_number(datetime.date(1980, 1, day))
    assert ("id_card", number) in find_personal_data(f"身份证 {number}")


@pytest.mark.parametrize(
    "text",
    [
        "服务电话 0598-12345678",  # a station's landline is public by design
        "12355",  # the youth hotline
        "统一社会信用代码 52350000MJ0000001X",
        "26.06139,119.30611",
        "2026-11-30T06:53:26.321229+08:00",
        "区划 350102001",
        "directory@fulei.example",  # the programme's own corrections address
    ],
)
def test_scanner_leaves_public_data_alone(text):
    assert find_personal_data(text) == []


def test_no_public_output_carries_personal_data(client, volunteers, capsys):
    started = time.monotonic()
    report = crawl(client)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(  # noqa: T201 (the figures for the report, shown even without -s)
            f"\npersonal-data scan: {len(report.pages)} responses, "
            f"{report.bytes_scanned / 1e6:.1f} MB, statuses {dict(report.by_status())}, "
            f"{report.skipped_by_shape} same-shape links sampled out, {len(report.hits)} hits, "
            f"{elapsed:.0f} s"
        )
    assert report.hits == []
    # The crawl reached every kind of public output, not only the start pages.
    visited = [url for url, status in report.pages.items() if status == 200]
    for expected in (
        "/directory/points/",
        "/en/directory/points/",
        "/directory/35",
        "/directory/organizations/",
        "/directory/projects/",
        "/api/v1/service-points/",
        "/api/v1/organizations/",
        "/api/v1/projects/",
        "/api/v1/divisions/35",
        "/opendata/service-points.csv",
        "/opendata/organizations.json",
        "/stories/",
        "/stories/feed/",
        "/directory/changes.atom",
        "/impact/",
        "/api/v1/stats/impact/",
        "/opendata/impact-statistics.csv",
        "/organizations/",
    ):
        assert any(url.startswith(expected) for url in visited), expected
    assert not [url for url, status in report.pages.items() if status >= 500]


def test_scan_reports_a_volunteer_phone_planted_in_a_public_field(client, volunteers):
    point = ServicePoint.objects.filter(level="township").first()
    ServicePoint.objects.filter(pk=point.pk).update(service_phone=VOLUNTEER_PHONE)
    organization = Organization.objects.get(name="三明市阳光社会工作服务中心")
    Organization.objects.filter(pk=organization.pk).update(
        description=f"联系人邮箱 {VOLUNTEER_EMAIL}"
    )
    project = Project.objects.get()
    Project.objects.filter(pk=project.pk).update(summary=f"负责人身份证 {VOLUNTEER_ID}")
    report = crawl(
        client,
        start=[
            f"/directory/points/{point.pk}/",
            f"/api/v1/service-points/{point.pk}/",
            "/opendata/service-points.csv",
            f"/directory/organizations/{organization.pk}/",
            f"/api/v1/projects/{project.pk}/",
        ],
        follow=False,
    )
    found = {(hit.url.split("?")[0], hit.kind) for hit in report.hits}
    assert (f"/directory/points/{point.pk}/", "mobile") in found
    assert (f"/api/v1/service-points/{point.pk}/", "mobile") in found
    assert ("/opendata/service-points.csv", "mobile") in found
    assert (f"/directory/organizations/{organization.pk}/", "email") in found
    assert (f"/api/v1/projects/{project.pk}/", "id_card") in found

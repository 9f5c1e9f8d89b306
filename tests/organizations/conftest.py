import shutil

import pytest
from django.core.cache import cache
from stdnum.cn import uscc

from accounts import sms
from tests.factories.directory import DivisionFactory, OrganizationFactory
from tests.factories.organizations import MembershipFactory
from tests.factories.volunteer import ReviewerScopeFactory, UserFactory, add_totp

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_uscc(n: int) -> str:
    first17 = f"52350429MJ{n:07d}"
    return first17 + uscc.calc_check_digit(first17)


@pytest.fixture(autouse=True)
def clean_state(settings):
    """Empty rate-limit counters, SMS outbox and private files for each test."""
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def city(db):
    return DivisionFactory(code="350400", name="三明市", name_en="Sanming", level="city")


@pytest.fixture
def county(city):
    return DivisionFactory(
        code="350429", name="泰宁县", name_en="Taining County", level="county", parent=city
    )


@pytest.fixture
def other_county(db):
    fuzhou = DivisionFactory(code="350100", name="福州市", level="city")
    return DivisionFactory(code="350102", name="鼓楼区", level="county", parent=fuzhou)


@pytest.fixture
def reviewer(county):
    """A county reviewer of 泰宁县 with the TOTP that staff need."""
    scope = ReviewerScopeFactory(division=county, user=UserFactory(is_staff=True))
    add_totp(scope.user)
    return scope.user


@pytest.fixture
def organization(county):
    return OrganizationFactory(service_area=[county])


@pytest.fixture
def owner(organization):
    return MembershipFactory(organization=organization, owner=True).user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Division, Level, ServiceLevel, ServicePoint
from tests.factories.directory import (
    DivisionFactory,
    OrganizationFactory,
    ProjectFactory,
    ServicePointFactory,
)
from tests.factories.opendata import PrivateHomeFactory, TownshipFactory, category

# Distinctive numbers: the real place of the private home and of the hidden point.
SECRET_LAT, SECRET_LON = "26.713579", "117.246813"
HIDDEN_LAT, HIDDEN_LON = 26.424242, 117.939393
SECRET_STRINGS = [
    SECRET_LAT,
    SECRET_LON,
    "秘密村私宅",
    str(HIDDEN_LAT),
    str(HIDDEN_LON),
    "隐藏站点",
]


@dataclass
class Network:
    city: Division
    county: Division
    other_county: Division
    township: Division
    city_point: ServicePoint
    county_point: ServicePoint
    station: ServicePoint
    far_station: ServicePoint
    demo_point: ServicePoint
    hidden_point: ServicePoint
    private_home: ServicePoint
    organization: object
    hidden_organization: object
    project: object
    hidden_org_project: object


@pytest.fixture
def network(db) -> Network:
    """A small slice of Fujian: one city, two counties, a township and points at every level."""
    city = DivisionFactory(
        code="351100", name="测试市", level=Level.CITY, latitude=26.26, longitude=117.63
    )
    county = DivisionFactory(
        code="351121", name="测试县", parent=city, latitude=26.2, longitude=117.6
    )
    other = DivisionFactory(
        code="351122", name="远方县", parent=city, latitude=27.3, longitude=118.9
    )
    township = TownshipFactory(
        code="351121101", name="测试镇", parent=county, latitude=26.5, longitude=117.5
    )
    city_point = ServicePointFactory(
        name="测试市儿童福利院", level=ServiceLevel.CITY, division=city, address="测试市福利路1号"
    )
    county_point = ServicePointFactory(
        name="测试县未成年人救助保护中心",
        level=ServiceLevel.COUNTY,
        division=county,
        latitude=26.201,
        longitude=117.601,
    )
    county_point.categories.add(category("mental_health"))
    station = ServicePointFactory(
        name="测试镇儿童关爱服务站",
        name_en="Ceshi Care Station",
        division=township,
        latitude=26.51,
        longitude=117.51,
        address="测试镇中心街8号",
    )
    station.categories.add(category("holiday_care"), category("care_network"))
    far_station = ServicePointFactory(name="远方儿童关爱服务站", division=other)
    demo_point = ServicePointFactory(
        name="演示儿童之家（演示）",
        division=township,
        level=ServiceLevel.VILLAGE,
        demo=True,
        latitude=26.52,
        longitude=117.52,
    )
    hidden_point = ServicePointFactory(
        name="隐藏站点", division=township, hidden=True, latitude=HIDDEN_LAT, longitude=HIDDEN_LON
    )
    private_home = PrivateHomeFactory(name="测试村儿童之家", division=township)
    private_home.categories.add(category("childrens_school"))
    organization = OrganizationFactory(name="测试社工中心", service_area=[county])
    hidden_organization = OrganizationFactory(name="隐藏站点机构", hidden=True)
    project = ProjectFactory(
        organization=organization,
        service_points=[station, hidden_point, private_home],
        divisions=[county],
    )
    hidden_org_project = ProjectFactory(title="隐藏站点项目", organization=hidden_organization)
    # Spread the change dates so modified_after has something to separate.
    old = timezone.now() - timedelta(days=30)
    ServicePoint.objects.exclude(pk=station.pk).update(updated_at=old)
    return Network(
        city,
        county,
        other,
        township,
        city_point,
        county_point,
        station,
        far_station,
        demo_point,
        hidden_point,
        private_home,
        organization,
        hidden_organization,
        project,
        hidden_org_project,
    )

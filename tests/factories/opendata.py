"""Factories for the open-data tests: placed divisions and points (private homes)."""

import factory

from directory.models import (
    Level,
    LocationPrecision,
    ServiceCategory,
)
from tests.factories.directory import DivisionFactory, ServicePointFactory


def category(code: str) -> ServiceCategory:
    return ServiceCategory.objects.get_or_create(code=code)[0]


class CityFactory(DivisionFactory):
    code = factory.Sequence(lambda n: f"35{n + 10:02d}00")
    name = factory.Sequence(lambda n: f"测试{n}市")
    name_en = factory.Sequence(lambda n: f"Test{n} City")
    level = Level.CITY


class TownshipFactory(DivisionFactory):
    """A township of a county; its code extends the county's."""

    level = Level.TOWNSHIP
    parent = factory.SubFactory(DivisionFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}{100 + n:03d}")
    name = factory.Sequence(lambda n: f"测试{n}镇")
    name_en = factory.Sequence(lambda n: f"Test{n} Town")


class PrivateHomeFactory(ServicePointFactory):
    """A village children's home in a private setting: published at township precision only.

    Its real point and address are distinctive strings a leak test can search for.
    """

    level = "village"
    division = factory.SubFactory(TownshipFactory, latitude=26.5, longitude=117.5)
    latitude = 26.713579
    longitude = 117.246813
    address = "秘密村私宅十三号"
    location_precision = LocationPrecision.TOWNSHIP

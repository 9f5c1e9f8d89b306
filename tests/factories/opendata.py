"""Factories for the open-data tests: organisations, projects and placed divisions/points."""

import factory

from portal.directory.models import (
    Division,
    Level,
    LocationPrecision,
    Organization,
    OrganizationKind,
    Project,
    ProjectCategory,
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


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试社工服务中心{n}")
    name_en = factory.Sequence(lambda n: f"Test Social Work Centre {n}")
    # Distinct 18-character codes; the model does not validate the check digit on save.
    uscc = factory.Sequence(lambda n: f"52350000MJ{n:07d}X")
    kind = OrganizationKind.SOCIAL_WORK_AGENCY
    rating = "4A"
    contact_channel = "0591-87654321"
    description = "为留守儿童提供社会工作服务。"

    class Params:
        hidden = factory.Trait(is_public=False)
        demo = factory.Trait(is_demo=True)

    @factory.post_generation
    def service_area(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_area.set(extracted)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"暑期关爱营{n}")
    title_en = factory.Sequence(lambda n: f"Summer Care Camp {n}")
    category = ProjectCategory.HOLIDAY_CARE
    organization = factory.SubFactory(OrganizationFactory)
    summary = "暑期托管与课业辅导。"
    capacity = 40

    class Params:
        hidden = factory.Trait(is_public=False)

    @factory.post_generation
    def service_points(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_points.set(extracted)

    @factory.post_generation
    def divisions(self, create, extracted, **kwargs):
        if create and extracted:
            self.divisions.set(extracted)


__all__ = [
    "CityFactory",
    "Division",
    "OrganizationFactory",
    "PrivateHomeFactory",
    "ProjectFactory",
    "TownshipFactory",
    "category",
]

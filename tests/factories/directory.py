import datetime

import factory

from portal.directory.models import (
    Division,
    Level,
    Organization,
    OrganizationKind,
    Plaque,
    Project,
    ProjectCategory,
    ServiceLevel,
    ServicePoint,
)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"3599{n:02d}")
    name = factory.Sequence(lambda n: f"测试{n}县")
    name_en = factory.Sequence(lambda n: f"Test{n} County")
    level = Level.COUNTY
    latitude = 26.0
    longitude = 118.0


class ServicePointFactory(factory.django.DjangoModelFactory):
    """A real (non-demo) public station; traits make hidden or demo ones."""

    class Meta:
        model = ServicePoint

    name = factory.Sequence(lambda n: f"测试儿童关爱服务站{n}")
    name_en = factory.Sequence(lambda n: f"Test Children's Care Station {n}")
    level = ServiceLevel.TOWNSHIP
    division = factory.SubFactory(DivisionFactory)
    latitude = factory.LazyAttribute(lambda o: o.division.latitude)
    longitude = factory.LazyAttribute(lambda o: o.division.longitude)
    service_phone = "0598-12345678"

    class Params:
        hidden = factory.Trait(is_public=False)
        demo = factory.Trait(is_demo=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A public social-work agency with a valid USCC."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试社会工作服务中心{n}")
    name_en = factory.Sequence(lambda n: f"Test Social Work Centre {n}")
    uscc = factory.Sequence(lambda n: _uscc(f"52350000MJ{n:07d}"))
    kind = OrganizationKind.SOCIAL_WORK_AGENCY
    contact_channel = "0591-87654321"

    class Params:
        hidden = factory.Trait(is_public=False)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"测试暑期夏令营{n}")
    title_en = factory.Sequence(lambda n: f"Test Summer Camp {n}")
    category = ProjectCategory.HOLIDAY_CARE
    organization = factory.SubFactory(OrganizationFactory)


class PlaqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plaque

    service_point = factory.SubFactory(ServicePointFactory, level=ServiceLevel.COUNTY)
    number = factory.Sequence(lambda n: f"闽民牌〔2021〕{n:03d}号")
    awarded_on = datetime.date(2021, 6, 1)
    awarding_body = "福建省民政厅"


def _uscc(first17: str) -> str:
    """Complete 17 characters with the GB 32100-2015 check character."""
    from stdnum.cn import uscc

    return first17 + uscc.calc_check_digit(first17)

import datetime

import factory
from django.utils import timezone

from directory.models import (
    Division,
    Level,
    ListingStatus,
    Organization,
    OrganizationKind,
    Plaque,
    Project,
    ProjectCategory,
    ServiceLevel,
    ServicePoint,
    VerificationStatus,
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
    """A public (verified today), rated social-work agency with a valid USCC;
    ``service_area=[...]`` sets it. Traits: ``pending``, ``rejected``, ``stale``."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试社会工作服务中心{n}")
    name_en = factory.Sequence(lambda n: f"Test Social Work Centre {n}")
    uscc = factory.Sequence(lambda n: _uscc(f"52350000MJ{n:07d}"))
    kind = OrganizationKind.SOCIAL_WORK_AGENCY
    rating = "4A"
    contact_channel = "0591-87654321"
    description = "为留守儿童提供社会工作服务。"
    verification_status = VerificationStatus.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)

    class Params:
        hidden = factory.Trait(is_public=False)
        demo = factory.Trait(is_demo=True)
        pending = factory.Trait(verification_status=VerificationStatus.PENDING, verified_at=None)
        rejected = factory.Trait(verification_status=VerificationStatus.REJECTED, verified_at=None)
        stale = factory.Trait(
            verified_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=366))
        )

    @factory.post_generation
    def service_area(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_area.set(extracted)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published holiday-care project; ``service_points=[...]``/``divisions=[...]`` place it.
    Traits: ``draft``, ``submitted``, ``returned``, ``archived``, ``hidden``."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"测试暑期夏令营{n}")
    title_en = factory.Sequence(lambda n: f"Test Summer Camp {n}")
    category = ProjectCategory.HOLIDAY_CARE
    organization = factory.SubFactory(OrganizationFactory)
    summary = "暑期托管与课业辅导。"
    capacity = 40
    status = ListingStatus.PUBLISHED

    class Params:
        hidden = factory.Trait(is_public=False)
        draft = factory.Trait(status=ListingStatus.DRAFT)
        submitted = factory.Trait(status=ListingStatus.SUBMITTED)
        returned = factory.Trait(status=ListingStatus.RETURNED)
        archived = factory.Trait(status=ListingStatus.ARCHIVED)

    @factory.post_generation
    def service_points(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_points.set(extracted)

    @factory.post_generation
    def divisions(self, create, extracted, **kwargs):
        if create and extracted:
            self.divisions.set(extracted)


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

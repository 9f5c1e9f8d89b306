import factory

from portal.directory.models import Division, Level, ServiceLevel, ServicePoint


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

import pytest

from portal.directory.models import LocationPrecision
from tests.factories.directory import DivisionFactory, ServicePointFactory


@pytest.mark.django_db
def test_exact_points_are_published_where_they_are():
    point = ServicePointFactory(latitude=26.1, longitude=118.1)
    assert point.public_location() == (26.1, 118.1)


@pytest.mark.django_db
def test_township_precision_points_publish_the_township_centre_only():
    township = DivisionFactory(code="350429101", level="township", latitude=26.9, longitude=117.2)
    point = ServicePointFactory(
        division=township,
        latitude=26.95,
        longitude=117.25,
        location_precision=LocationPrecision.TOWNSHIP,
    )
    assert point.public_location() == (26.9, 117.2)


def test_bilingual_names_fall_back_to_chinese():
    point = ServicePointFactory.build(name="泰宁县儿童之家", name_en="")
    assert point.display_name("en") == "泰宁县儿童之家"
    point.name_en = "Taining Children's Home"
    assert point.display_name("en") == "Taining Children's Home"
    assert point.display_name("zh-hans") == "泰宁县儿童之家"

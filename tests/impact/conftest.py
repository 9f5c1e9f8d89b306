import pytest
from django.core.cache import cache

from impact import services
from tests.factories.directory import DivisionFactory


@pytest.fixture(autouse=True)
def fresh(db):
    cache.clear()
    services._cache.clear()
    yield
    services._cache.clear()


@pytest.fixture
def geography(db):
    """Two cities: Sanming (Taining, Jianning) and Fuzhou (Gulou)."""
    sanming = DivisionFactory(code="350400", name="三明市", name_en="Sanming", level="city")
    fuzhou = DivisionFactory(code="350100", name="福州市", name_en="Fuzhou", level="city")
    return {
        "sanming": sanming,
        "fuzhou": fuzhou,
        "taining": DivisionFactory(
            code="350429", name="泰宁县", name_en="Taining County", level="county",
            parent=sanming, latitude=26.9, longitude=117.17,
        ),
        "jianning": DivisionFactory(
            code="350430", name="建宁县", name_en="Jianning County", level="county",
            parent=sanming, latitude=26.83, longitude=116.84,
        ),
        "gulou": DivisionFactory(
            code="350102", name="鼓楼区", name_en="Gulou District", level="county",
            parent=fuzhou, latitude=26.08, longitude=119.29,
        ),
    }  # fmt: skip

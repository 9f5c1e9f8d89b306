"""Taining county among other counties: the test data of the map-follows-search tests (API and
browser). Taining has six public points (one hidden); two of them are only at a seat."""

from directory.models import Level, LocationPrecision, ServiceCategory, ServiceLevel
from tests.factories.directory import DivisionFactory, ServicePointFactory

# The public points of Taining county, by key.
TAINING_POINTS = ("centre", "station", "home", "zhukou", "village", "village2")
APPROXIMATE = ("home", "zhukou")
# A box around Taining county's points (west, south, east, north).
TAINING_BOX = (117.0, 26.8, 117.3, 27.1)


def taining_network() -> dict:
    """Create the network; returns its service points by key."""
    ServiceCategory.objects.get_or_create(code="legal_aid")
    ServiceCategory.objects.get_or_create(code="mental_health")
    sanming = DivisionFactory(
        code="350400", name="三明市", name_en="Sanming City", level=Level.CITY,
        latitude=26.26, longitude=117.64,
    )  # fmt: skip
    county = DivisionFactory(
        code="350429", name="泰宁县", name_en="Taining County", parent=sanming,
        latitude=26.90, longitude=117.17,
    )  # fmt: skip
    shancheng = DivisionFactory(
        code="350429100", name="杉城镇", name_en="Shancheng Town", level=Level.TOWNSHIP,
        parent=county, latitude=26.89, longitude=117.16,
    )  # fmt: skip
    # No open source places this township: it carries its county's seat.
    zhukou = DivisionFactory(
        code="350429101", name="朱口镇", name_en="Zhukou Town", level=Level.TOWNSHIP,
        parent=county, latitude=26.90, longitude=117.17, location_approximate=True,
    )  # fmt: skip
    jiangle = DivisionFactory(
        code="350428", name="将乐县", name_en="Jiangle County", parent=sanming,
        latitude=26.73, longitude=117.47,
    )  # fmt: skip
    xiamen = DivisionFactory(
        code="350200", name="厦门市", name_en="Xiamen City", level=Level.CITY,
        latitude=24.48, longitude=118.09,
    )  # fmt: skip
    legal = ServiceCategory.objects.get(code="legal_aid")
    mental = ServiceCategory.objects.get(code="mental_health")
    points = {
        "centre": ServicePointFactory(
            name="泰宁县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=county,
            latitude=26.905, longitude=117.175,
        ),
        "station": ServicePointFactory(
            name="杉城镇儿童关爱服务站", level=ServiceLevel.TOWNSHIP, division=shancheng,
            latitude=26.885, longitude=117.155,
        ),
        "home": ServicePointFactory(
            name="杉城镇东山村儿童之家", level=ServiceLevel.VILLAGE, division=shancheng,
            location_precision=LocationPrecision.TOWNSHIP, latitude=26.86, longitude=117.12,
        ),
        "zhukou": ServicePointFactory(
            name="朱口镇儿童关爱服务站", level=ServiceLevel.TOWNSHIP, division=zhukou,
            latitude=26.90, longitude=117.17, location_approximate=True,
        ),
        "village": ServicePointFactory(
            name="朱口镇龙湖村儿童之家", level=ServiceLevel.VILLAGE, division=zhukou,
            latitude=26.99, longitude=117.05,
        ),
        "village2": ServicePointFactory(
            name="朱口镇音山村儿童之家", level=ServiceLevel.VILLAGE, division=zhukou,
            latitude=26.97, longitude=117.08,
        ),
        "hidden": ServicePointFactory(
            name="泰宁县某未公开儿童之家", level=ServiceLevel.VILLAGE, division=shancheng,
            latitude=26.88, longitude=117.15, is_public=False,
        ),
        "jiangle": ServicePointFactory(
            name="将乐县未成年人救助保护中心", level=ServiceLevel.COUNTY, division=jiangle,
            latitude=26.73, longitude=117.47,
        ),
        "jiangle_home": ServicePointFactory(
            name="将乐县古镛镇儿童之家", level=ServiceLevel.VILLAGE, division=jiangle,
            latitude=26.72, longitude=117.46,
        ),
        "xiamen": ServicePointFactory(
            name="厦门市儿童福利院", level=ServiceLevel.CITY, division=xiamen,
            latitude=24.48, longitude=118.09,
        ),
    }  # fmt: skip
    points["centre"].categories.add(legal)
    points["jiangle"].categories.add(legal)
    points["station"].categories.add(mental)
    return points

"""A few documents over real Fujian divisions: enough to tell right answers from wrong ones."""

from __future__ import annotations

from search.contract import ORGANIZATION, PROJECT, SERVICE_POINT, SearchDocument


def point(id, title, level, code, city, lat, lon, categories=(), title_en="", body=""):
    return SearchDocument(
        type=SERVICE_POINT,
        id=str(id),
        title=title,
        title_en=title_en,
        body=body,
        url=f"/service-points/{id}/",
        level=level,
        division_code=code,
        city_code=city,
        categories=tuple(categories),
        lat=lat,
        lon=lon,
    )


TAINING_CENTRE = point(
    1,
    "泰宁县未成年人救助保护中心",
    "county",
    "350429",
    "350400",
    26.9033,
    117.1704,
    ["care_network", "legal_aid"],
    title_en="Taining County Minors Protection Centre",
    body="泰宁县杉城镇胜利街 12 号，心理辅导与法律援助",
)
TAINING_STATION = point(
    2,
    "杉城镇儿童关爱服务站",
    "township",
    "350429100",
    "350400",
    26.8981,
    117.1766,
    ["mental_health", "holiday_care"],
    title_en="Shancheng Town Children's Care Station",
    body="泰宁县杉城镇，暑期托管、心理辅导",
)
MAWEI_CENTRE = point(
    3,
    "马尾区未成年人救助保护中心",
    "county",
    "350105",
    "350100",
    26.0814,
    119.5385,
    ["care_network"],
    title_en="Mawei District Minors Protection Centre",
)
CHANGLE_CENTRE = point(
    4,
    "长乐区未成年人救助保护中心",
    "county",
    "350112",
    "350100",
    25.9276,
    119.5581,
    ["care_network"],
    title_en="Changle District Minors Protection Centre",
)
XIAMEN_HOME = point(
    5,
    "厦门市思明区鹭江街道儿童之家",
    "village",
    "350203001",
    "350200",
    24.4798,
    118.0819,
    ["family_affection"],
    title_en="Lujiang Subdistrict Children's Home, Siming District, Xiamen",
    body="厦门市思明区鹭江街道",
)
FUZHOU_INSTITUTION = point(
    6,
    "福州市儿童福利院",
    "city",
    "350100",
    "350100",
    26.0614,
    119.3061,
    ["care_network"],
    title_en="Fuzhou Children's Welfare Institution",
)
COUNSELLING_ORG = SearchDocument(
    type=ORGANIZATION,
    id="1",
    title="三明市心理辅导社工服务中心",
    title_en="Sanming Counselling Social Work Centre",
    body="为留守儿童提供心理辅导",
    url="/organizations/1/",
    division_code="350400",
    division_name="三明市",
    city_code="350400",
    categories=("mental_health",),
)
SUMMER_PROJECT = SearchDocument(
    type=PROJECT,
    id="1",
    title="泰宁暑期托管班",
    title_en="Taining Summer Day Care",
    body="暑假期间为留守儿童提供托管和作业辅导",
    url="/projects/1/",
    division_code="350429",
    city_code="350400",
    categories=("holiday_care",),
    lat=26.9000,
    lon=117.1700,
)

POINTS = [
    TAINING_CENTRE,
    TAINING_STATION,
    MAWEI_CENTRE,
    CHANGLE_CENTRE,
    XIAMEN_HOME,
    FUZHOU_INSTITUTION,
]
ALL = [*POINTS, COUNSELLING_ORG, SUMMER_PROJECT]

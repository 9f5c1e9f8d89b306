"""Clearly-labelled demonstration service points laid over the real divisions.

Every record made here has ``is_demo=True``, "（演示）" in its name and an ``external_id``
starting with ``demo-``, so it can be told apart everywhere and removed with one command.
"""

from __future__ import annotations

import hashlib
from datetime import date, time

from django.db import transaction

from .changes import record_bulk
from .models import (
    Division,
    Level,
    LocationPrecision,
    OpeningPeriod,
    Plaque,
    ProjectCategory,
    ServiceCategory,
    ServicePoint,
)
from .upsert import UpsertResult, upsert

DEMO_MARK = "（演示）"
DEMO_MARK_EN = " (demo)"
DEMO_PREFIX = "demo-"

# Area codes of the nine cities, for plausible public landlines (never a mobile number).
AREA_CODES = {
    "3501": "0591",
    "3502": "0592",
    "3503": "0594",
    "3504": "0598",
    "3505": "0595",
    "3506": "0596",
    "3507": "0599",
    "3508": "0597",
    "3509": "0593",
}
VILLAGE_NAMES = ["东山", "溪口", "新厝", "后坑", "上洋", "下洋", "坂头", "湖头", "岭下", "竹林"]
VILLAGE_NAMES_EN = [
    "Dongshan",
    "Xikou",
    "Xincuo",
    "Houkeng",
    "Shangyang",
    "Xiayang",
    "Bantou",
    "Hutou",
    "Lingxia",
    "Zhulin",
]

# What each level of the demo network offers, from the ten projects.
LEVEL_SERVICES = {
    Level.CITY: ["care_network", "lottery_education_aid", "team_building"],
    Level.COUNTY: ["care_network", "mental_health", "legal_aid", "pairing_support"],
    Level.TOWNSHIP: ["care_network", "holiday_care", "family_affection", "childrens_school"],
    Level.VILLAGE: ["childrens_school", "family_affection"],
}

LEVEL_NAMES = {
    Level.CITY: ("区域性儿童福利院", "Regional Child Welfare Institution"),
    Level.COUNTY: ("未成年人救助保护中心", "Minors Protection and Guidance Centre"),
    Level.TOWNSHIP: ("儿童关爱服务站", "Children's Care Station"),
    Level.VILLAGE: ("儿童之家", "Children's Home"),
}


def _digest(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def _offset(code: str) -> tuple[float, float]:
    """A stable offset of up to ~1 km so stations don't sit exactly on the seat point."""
    value = _digest(code)
    return ((value % 2001) - 1000) / 100_000, (((value // 2001) % 2001) - 1000) / 100_000


def _phone(code: str) -> str:
    return f"{AREA_CODES.get(code[:4], '0591')}-{8000_0000 + _digest(code) % 1000_0000}"


def _chain(division: Division, parents: dict[int, Division]) -> list[Division]:
    chain = [division]
    while chain[-1].parent_id:
        chain.append(parents[chain[-1].parent_id])
    return list(reversed(chain))


def _planned_points() -> list[ServicePoint]:
    divisions = {d.pk: d for d in Division.objects.all()}
    points = []
    first_township_per_county: dict[int, Division] = {}
    for division in sorted(divisions.values(), key=lambda d: d.code):
        if division.level == Level.TOWNSHIP and not division.location_approximate:
            first_township_per_county.setdefault(division.parent_id, division)
        points.append(_point(division, division.level, divisions))
    for township in first_township_per_county.values():
        points.append(_point(township, Level.VILLAGE, divisions))
    return points


def _point(division: Division, level: str, divisions: dict[int, Division]) -> ServicePoint:
    name_zh, name_en = LEVEL_NAMES[level]
    key = f"{level}-{division.code}"
    address = "".join(d.name for d in _chain(division, divisions))
    if level == Level.VILLAGE:
        index = _digest(key) % len(VILLAGE_NAMES)
        label_zh = f"{division.name}{VILLAGE_NAMES[index]}村"
        label_en = f"{VILLAGE_NAMES_EN[index]} Village, {division.name_en}"
        address += f"{VILLAGE_NAMES[index]}村"
    else:
        label_zh, label_en = division.name, division.name_en
    d_lon, d_lat = _offset(key)
    return ServicePoint(
        external_id=DEMO_PREFIX + key,
        name=f"{label_zh}{name_zh}{DEMO_MARK}",
        name_en=f"{label_en} {name_en}{DEMO_MARK_EN}",
        level=level,
        division=division,
        address=f"{address}（演示地址）",
        longitude=round(division.longitude + d_lon, 6),
        latitude=round(division.latitude + d_lat, 6),
        location_approximate=division.location_approximate,
        service_phone=_phone(division.code),
        # Village homes are often in a private setting: publish them at the township centre.
        location_precision=(
            LocationPrecision.TOWNSHIP if level == Level.VILLAGE else LocationPrecision.EXACT
        ),
        is_public=True,
        is_demo=True,
    )


DEMO_FIELDS = [
    "name",
    "name_en",
    "level",
    "division",
    "address",
    "longitude",
    "latitude",
    "location_approximate",
    "location_precision",
    "service_phone",
    "is_public",
    "is_demo",
]


@transaction.atomic
def generate_demo_network() -> UpsertResult:
    """Create or refresh one demo point per division level, plus a few village homes."""
    result = upsert(
        ServicePoint, "external_id", _planned_points(), DEMO_FIELDS, track=True, touch="updated_at"
    )
    # The changelog feed lists demo points created or refreshed, like imported ones.
    record_bulk(ServicePoint, result.changes)
    _set_demo_services(result.by_key.values())
    _set_demo_hours(result.by_key.values())
    _set_demo_plaques(result.by_key.values())
    return result


# Office hours by level: guidance centres and institutions keep office hours, stations add a
# Saturday morning, village homes open after school.
DEMO_HOURS = {
    Level.CITY: [(d, time(8, 30), time(17, 30)) for d in range(5)],
    Level.COUNTY: [
        (d, start, end)
        for d in range(5)
        for start, end in ((time(8, 30), time(12)), (time(14, 30), time(17, 30)))
    ],
    Level.TOWNSHIP: [(d, time(8, 30), time(17, 30)) for d in range(5)] + [(5, time(9), time(12))],
    Level.VILLAGE: [(d, time(16), time(18)) for d in range(5)] + [(5, time(9), time(11, 30))],
}
DEMO_PLAQUES = 3


def _set_demo_hours(points) -> None:
    """Give demo points without hours their level's hours (points edited by staff are kept)."""
    points = list(points)
    with_hours = set(
        OpeningPeriod.objects.filter(service_point__in=[p.pk for p in points]).values_list(
            "service_point_id", flat=True
        )
    )
    OpeningPeriod.objects.bulk_create(
        [
            OpeningPeriod(service_point_id=p.pk, weekday=day, opens=opens, closes=closes)
            for p in points
            if p.pk not in with_hours
            for day, opens, closes in DEMO_HOURS[p.level]
        ],
        batch_size=1000,
    )


def _set_demo_plaques(points) -> None:
    """Plaques for the first few demo county centres, so the badge can be seen."""
    counties = sorted((p for p in points if p.level == Level.COUNTY), key=lambda p: p.external_id)[
        :DEMO_PLAQUES
    ]
    existing = set(Plaque.objects.filter(is_demo=True).values_list("number", flat=True))
    Plaque.objects.bulk_create(
        [
            Plaque(
                service_point_id=p.pk,
                number=f"闽民牌〔2021〕{index:03d}号（演示）",
                awarded_on=date(2021, 6, 1),
                # The mark once per record: it is in the number, not repeated in the body.
                awarding_body="福建省民政厅",
                is_demo=True,
            )
            for index, p in enumerate(counties, start=1)
            if f"闽民牌〔2021〕{index:03d}号（演示）" not in existing
        ],
        ignore_conflicts=True,
    )
    # Plaques made before the mark was kept to the number read "（演示） （演示）" on the register.
    Plaque.objects.filter(is_demo=True, awarding_body="福建省民政厅（演示）").update(
        awarding_body="福建省民政厅"
    )


def _set_demo_services(points) -> None:
    """Give each demo point its level's services, adding only the links that are missing."""
    through = ServicePoint.categories.through
    ServiceCategory.objects.bulk_create(
        [ServiceCategory(code=code) for code in ProjectCategory.values], ignore_conflicts=True
    )
    points = list(points)
    existing = set(
        through.objects.filter(servicepoint__in=[p.pk for p in points]).values_list(
            "servicepoint_id", "servicecategory_id"
        )
    )
    wanted = {(p.pk, code) for p in points for code in LEVEL_SERVICES[p.level]}
    through.objects.bulk_create(
        [through(servicepoint_id=pk, servicecategory_id=code) for pk, code in wanted - existing],
        batch_size=1000,
    )


@transaction.atomic
def remove_demo_network() -> int:
    """Delete every demo record; real records are never touched."""
    deleted, _ = ServicePoint.objects.filter(is_demo=True).delete()
    return deleted

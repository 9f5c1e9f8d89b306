"""Demonstration organisations and their project listings, laid over the demo network.

About twenty organisations (valid USCC check characters, ratings, service areas) and about
forty projects over the ten programme categories and the seasons: holiday camps that keep the
ten-day rule, weekly classes, counselling. Every record has ``is_demo=True``, "（演示）" once in
its Chinese name or title, " (demo)" once in its English one, and an ``external_id`` starting
with ``demo-``. Nothing here is a real organisation.

Records are bulk-created (no change history: demo rows are not "changes" to the directory) and
the whole set is deterministic, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from .demo import DEMO_MARK, DEMO_MARK_EN, DEMO_PREFIX
from .models import (
    Division,
    Level,
    ListingStatus,
    Organization,
    OrganizationKind,
    Project,
    ProjectCategory,
    ServicePoint,
    VerificationStatus,
)

# The USCCs: registration authority 5 (civil affairs), category 2 (social service
# organisation), the province's own code 350000, then an organisation code "00000DM" + two
# digits. Real organisation codes are issued from other ranges; the check character (the 18th)
# is computed by GB 32100-2015, so every form and validator accepts them.
USCC_BODY = "52350000" + "00000D{:03d}"


def demo_uscc(index: int) -> str:
    body = USCC_BODY.format(index)
    return body + uscc.calc_check_digit(body)


# (name, English name, kind, rating, county codes served, description)
ORGANIZATIONS = [
    (
        "福州榕心社会工作服务中心",
        "Fuzhou Rongxin Social Work Centre",
        "social_work_agency",
        "5A",
        ["350102", "350104", "350111"],
        "为留守儿童提供个案辅导和小组活动。",
    ),
    (
        "闽侯春苗关爱协会",
        "Minhou Spring Sprout Care Association",
        "social_organisation",
        "4A",
        ["350121"],
        "组织志愿者开展周末课堂和亲情陪伴。",
    ),
    (
        "厦门鹭岛童行公益服务中心",
        "Xiamen Egret Island Children's Charity Centre",
        "charity",
        "5A",
        ["350203", "350205", "350206"],
        "寒暑假托管和安全教育。",
    ),
    (
        "同安青禾志愿服务队",
        "Tong'an Green Rice Volunteer Team",
        "volunteer_team",
        "",
        ["350212"],
        "大学生志愿者每周到儿童之家辅导作业。",
    ),
    (
        "莆田木兰溪社工服务社",
        "Putian Mulan River Social Work Agency",
        "social_work_agency",
        "3A",
        ["350302", "350303"],
        "心理健康讲座与家庭走访。",
    ),
    (
        "仙游护苗法律援助服务中心",
        "Xianyou Seedling Legal Aid Centre",
        "social_organisation",
        "4A",
        ["350322"],
        "为困境儿童家庭提供法律咨询。",
    ),
    (
        "三明沙溪关爱儿童协会",
        "Sanming Shaxi Children's Care Association",
        "social_organisation",
        "3A",
        ["350404", "350405"],
        "组织暑期营地和亲子活动。",
    ),
    (
        "泰宁金湖社会工作服务站",
        "Taining Golden Lake Social Work Station",
        "social_work_agency",
        "2A",
        ["350429"],
        "驻站社工每周开放心理咨询。",
    ),
    (
        "泉州刺桐爱心联合会",
        "Quanzhou Zaitun Caring Federation",
        "charity",
        "5A",
        ["350502", "350503", "350504", "350505"],
        "彩票公益金助学和助学回访。",
    ),
    (
        "晋江海丝公益服务中心",
        "Jinjiang Maritime Silk Charity Centre",
        "charity",
        "4A",
        ["350582"],
        "企业家结对帮扶和助学。",
    ),
    (
        "安溪茶乡童心社工中心",
        "Anxi Tea Country Children's Social Work Centre",
        "social_work_agency",
        "3A",
        ["350524"],
        "心理辅导和亲情电话。",
    ),
    (
        "漳州芗江儿童关爱协会",
        "Zhangzhou Xiangjiang Children's Care Association",
        "social_organisation",
        "4A",
        ["350602", "350603"],
        "假期托管与课业辅导。",
    ),
    (
        "漳浦蓝海志愿服务队",
        "Zhangpu Blue Sea Volunteer Team",
        "volunteer_team",
        "",
        ["350623"],
        "周末儿童之家课堂。",
    ),
    (
        "南平武夷山水社工服务中心",
        "Nanping Wuyi Shanshui Social Work Centre",
        "social_work_agency",
        "4A",
        ["350702", "350782"],
        "山区儿童心理健康服务。",
    ),
    (
        "建瓯芝城关爱协会",
        "Jian'ou Zhicheng Care Association",
        "social_organisation",
        "2A",
        ["350783"],
        "爱心家长培训与家访。",
    ),
    (
        "龙岩红土地儿童公益中心",
        "Longyan Red Earth Children's Charity Centre",
        "charity",
        "5A",
        ["350802", "350803"],
        "智慧关爱平台试点和队伍培训。",
    ),
    (
        "长汀汀江社工服务社",
        "Changting Tingjiang Social Work Agency",
        "social_work_agency",
        "3A",
        ["350821"],
        "法律宣传进乡村。",
    ),
    (
        "宁德闽东之光公益协会",
        "Ningde Mindong Light Charity Association",
        "social_organisation",
        "4A",
        ["350902", "350921"],
        "海岛儿童暑期营和亲情视频。",
    ),
    (
        "福安畲乡童梦志愿服务队",
        "Fu'an She Village Children's Dream Volunteer Team",
        "volunteer_team",
        "",
        ["350981"],
        "畲族村儿童之家周末活动。",
    ),
    (
        "福建省福蕾关爱服务联盟",
        "Fujian Fulei Care Service Alliance",
        "social_organisation",
        "5A",
        ["350100", "350500", "350800"],
        "全省儿童主任和督导员培训、队伍建设。",
    ),
]

# Two that are not public: one still waiting for verification, one whose verification lapsed,
# so the staff pages show both states.
PENDING_INDEX = 13  # 漳浦蓝海志愿服务队
STALE_INDEX = 19  # 福安畲乡童梦志愿服务队 (1-based below: index + 1)


@dataclass(frozen=True)
class Plan:
    """A demo project: category, titles, when (dates relative to the season or a schedule)."""

    category: str
    title: str
    title_en: str
    summary: str
    season: str  # summer, winter, weekly, ongoing, spring, autumn
    schedule: str = ""
    age_min: int = 6
    age_max: int = 14
    capacity: int | None = 30


PLANS = [
    Plan(
        "holiday_care",
        "暑期快乐营",
        "Summer Happy Camp",
        "十四天的暑期托管：作业辅导、游泳安全、手工。",
        "summer",
    ),
    Plan(
        "holiday_care", "寒假温暖营", "Winter Warmth Camp", "寒假里的十天托管和春节手工。", "winter"
    ),
    Plan(
        "holiday_care",
        "山海研学营",
        "Mountains and Sea Study Camp",
        "十二天的自然研学营。",
        "summer",
        age_min=9,
    ),
    Plan(
        "holiday_care",
        "暑期安全托管班",
        "Summer Safe Care Class",
        "暑假工作日托管，午餐和午休。",
        "summer",
    ),
    Plan(
        "childrens_school",
        "周六儿童课堂",
        "Saturday Children's Class",
        "阅读、绘画和科学小实验。",
        "weekly",
        "每周六 9:00–11:00",
    ),
    Plan(
        "childrens_school",
        "周三作业辅导",
        "Wednesday Homework Club",
        "大学生志愿者辅导作业。",
        "weekly",
        "每周三 16:30–18:00",
    ),
    Plan(
        "childrens_school",
        "周日书法课",
        "Sunday Calligraphy",
        "毛笔字和硬笔字。",
        "weekly",
        "每周日 14:30–16:00",
        age_min=8,
    ),
    Plan(
        "childrens_school",
        "儿童之家阅读角",
        "Children's Home Reading Corner",
        "每周两次开放的阅读角。",
        "weekly",
        "每周二、四 16:00–17:30",
    ),
    Plan(
        "mental_health",
        "心灵驿站心理咨询",
        "Heart Station Counselling",
        "驻站社工一对一心理咨询，预约制。",
        "weekly",
        "每周五 14:00–17:00",
        age_max=17,
    ),
    Plan(
        "mental_health",
        "情绪小课堂",
        "Feelings Class",
        "认识情绪、表达情绪的小组活动。",
        "weekly",
        "每月第一个周六 9:30–11:00",
    ),
    Plan(
        "mental_health",
        "青春期成长小组",
        "Growing Up Group",
        "面向初中生的成长小组。",
        "autumn",
        age_min=12,
        age_max=15,
    ),
    Plan(
        "mental_health",
        "心理热线值守",
        "Counselling Line Duty",
        "工作日晚间心理热线值守。",
        "ongoing",
        "周一至周五 19:00–21:00",
        age_max=17,
    ),
    Plan(
        "family_affection",
        "亲情视频日",
        "Family Video Day",
        "每月一次，帮孩子和外出务工的父母视频通话。",
        "weekly",
        "每月最后一个周日 10:00–12:00",
    ),
    Plan(
        "family_affection",
        "春节团圆行动",
        "Spring Festival Reunion",
        "资助外出务工父母返乡团聚。",
        "winter",
        age_max=16,
    ),
    Plan(
        "family_affection", "亲子共读", "Reading Together", "父母回乡期间的亲子阅读活动。", "summer"
    ),
    Plan(
        "family_affection", "家书传情", "Letters Home", "孩子给父母写信，志愿者帮忙寄送。", "spring"
    ),
    Plan(
        "pairing_support",
        "一对一结对帮扶",
        "One-to-One Pairing",
        "机关干部、教师与孩子一对一结对。",
        "ongoing",
        capacity=50,
    ),
    Plan(
        "pairing_support",
        "企业家助学结对",
        "Entrepreneurs' Pairing",
        "企业家结对资助学习用品。",
        "ongoing",
        capacity=40,
    ),
    Plan(
        "pairing_support",
        "大学生成长导师",
        "Student Mentors",
        "大学生每月陪伴一次。",
        "ongoing",
        capacity=25,
    ),
    Plan(
        "pairing_support",
        "退休教师帮扶队",
        "Retired Teachers' Pairing",
        "退休教师结对辅导功课。",
        "ongoing",
        capacity=20,
    ),
    Plan(
        "lottery_education_aid",
        "彩票公益金助学",
        "Lottery Welfare Fund Bursaries",
        "为困境儿童发放学年助学金。",
        "autumn",
        age_min=6,
        age_max=18,
        capacity=200,
    ),
    Plan(
        "lottery_education_aid",
        "新学期文具包",
        "New Term Stationery Kits",
        "开学前发放文具包。",
        "autumn",
        capacity=300,
    ),
    Plan(
        "lottery_education_aid",
        "春季学期助学回访",
        "Spring Term Bursary Visits",
        "助学金发放后的家访回访。",
        "spring",
        capacity=100,
    ),
    Plan(
        "lottery_education_aid",
        "助学金申请指导",
        "Bursary Application Help",
        "帮助家庭准备助学金申请材料。",
        "ongoing",
        capacity=None,
    ),
    Plan(
        "legal_aid",
        "法律援助咨询日",
        "Legal Aid Day",
        "律师每月到站解答监护、抚养问题。",
        "weekly",
        "每月第二个周四 9:00–12:00",
        capacity=None,
    ),
    Plan(
        "legal_aid",
        "普法进乡村",
        "Law in the Villages",
        "面向儿童和家长的普法讲座。",
        "spring",
        capacity=80,
    ),
    Plan(
        "legal_aid",
        "监护权法律帮助",
        "Guardianship Legal Help",
        "为困境儿童家庭办理监护相关手续提供帮助。",
        "ongoing",
        capacity=None,
    ),
    Plan(
        "legal_aid",
        "防欺凌安全课",
        "Anti-Bullying Safety Class",
        "学校里的防欺凌和自我保护课。",
        "autumn",
        capacity=60,
    ),
    Plan(
        "care_network",
        "儿童主任入户走访",
        "Child Directors' Home Visits",
        "儿童主任每季度走访困境儿童家庭。",
        "ongoing",
        capacity=None,
    ),
    Plan(
        "care_network",
        "关爱服务站开放日",
        "Care Station Open Day",
        "服务站开放日：认识站里的社工和服务。",
        "spring",
        capacity=100,
    ),
    Plan(
        "care_network",
        "村级儿童之家共建",
        "Village Children's Homes",
        "与村委会共建儿童之家。",
        "ongoing",
        capacity=None,
    ),
    Plan(
        "care_network",
        "困境儿童信息核查",
        "Checking Children's Records",
        "协助核查、更新困境儿童信息。",
        "autumn",
        capacity=None,
    ),
    Plan(
        "smart_care",
        "智慧关爱平台培训",
        "Smart Care Platform Training",
        "儿童主任使用关爱平台的培训。",
        "spring",
        age_min=0,
        age_max=0,
        capacity=40,
    ),
    Plan(
        "smart_care",
        "亲情电话亭",
        "Family Phone Booth",
        "儿童之家里的免费亲情电话。",
        "ongoing",
        capacity=None,
    ),
    Plan(
        "smart_care",
        "远程心理辅导",
        "Remote Counselling",
        "通过视频为山区孩子提供心理辅导。",
        "weekly",
        "每周四 19:00–20:00",
        age_min=10,
        age_max=17,
    ),
    Plan(
        "smart_care",
        "儿童安全地图",
        "Children's Safety Map",
        "和孩子一起画出上学路上的安全地图。",
        "summer",
    ),
    Plan(
        "team_building",
        "儿童主任培训班",
        "Child Directors' Course",
        "新任儿童主任三天集中培训。",
        "spring",
        age_min=0,
        age_max=0,
        capacity=60,
    ),
    Plan(
        "team_building",
        "督导员能力提升",
        "Supervisors' Skills Course",
        "儿童督导员个案管理培训。",
        "autumn",
        age_min=0,
        age_max=0,
        capacity=50,
    ),
    Plan(
        "team_building",
        "社工督导沙龙",
        "Social Work Supervision Circle",
        "每月一次的社工督导交流。",
        "weekly",
        "每月第三个周五 14:30–17:00",
        age_min=0,
        age_max=0,
        capacity=25,
    ),
    Plan(
        "team_building",
        "爱心家长培训",
        "Caring Parents' Training",
        "爱心家长上岗前培训。",
        "winter",
        age_min=0,
        age_max=0,
        capacity=80,
    ),
]

# A few listings in the other moderation states, for the moderators' queue.
NOT_PUBLISHED = {38: ListingStatus.SUBMITTED, 39: ListingStatus.DRAFT}


def _season_dates(
    season: str, index: int, today: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """(start, end) for a season around today: the current or coming one. Holiday camps get at
    least the programme's ten days (HOLIDAY_CAMP_MIN_DAYS)."""
    year = today.year
    if season == "summer":
        start = datetime.date(year, 7, 6 + index % 10)
        length = 14
    elif season == "winter":
        start = datetime.date(year if today.month < 3 else year + 1, 1, 20 + index % 6)
        length = 10 + index % 3
    elif season == "spring":
        start = datetime.date(year, 3, 10 + index % 10)
        length = 60
    elif season == "autumn":
        start = datetime.date(year, 9, 1 + index % 10)
        length = 90
    else:
        return None, None
    return start, start + datetime.timedelta(days=length - 1)


def _organizations(now: datetime.datetime) -> list[Organization]:
    result = []
    for index, (name, name_en, kind, rating, _area, description) in enumerate(
        ORGANIZATIONS, start=1
    ):
        if index == PENDING_INDEX:
            status, verified_at = VerificationStatus.PENDING, None
        elif index == STALE_INDEX:
            status, verified_at = VerificationStatus.VERIFIED, now - datetime.timedelta(days=400)
        else:
            status = VerificationStatus.VERIFIED
            verified_at = now - datetime.timedelta(days=20 + 9 * index)
        result.append(
            Organization(
                external_id=f"{DEMO_PREFIX}org-{index:02d}",
                name=f"{name}{DEMO_MARK}",
                name_en=f"{name_en}{DEMO_MARK_EN}",
                uscc=demo_uscc(index),
                kind=OrganizationKind(kind),
                rating=rating,
                # An office line in the city's area code, from the 8000 0000 block that the demo
                # network also uses; never a mobile number.
                contact_channel=f"0591-8800{index:04d}",
                description=description,
                verification_status=status,
                verified_at=verified_at,
                is_demo=True,
            )
        )
    return result


@transaction.atomic
def generate_demo_listings(today: datetime.date | None = None) -> tuple[int, int]:
    """Create the demo organisations and projects that are missing. Returns (organisations,
    projects) created. Needs the demo network (projects are held at its stations)."""
    today = today or timezone.localdate()
    now = timezone.now()
    existing = set(Organization.objects.filter(is_demo=True).values_list("external_id", flat=True))
    new_orgs = [o for o in _organizations(now) if o.external_id not in existing]
    Organization.objects.bulk_create(new_orgs)
    orgs = {
        o.external_id: o
        for o in Organization.objects.filter(is_demo=True, external_id__startswith=DEMO_PREFIX)
    }
    codes = {d.code: d for d in Division.objects.filter(level__in=[Level.CITY, Level.COUNTY])}
    area_through = Organization.service_area.through
    area_through.objects.bulk_create(
        [
            area_through(organization_id=orgs[f"{DEMO_PREFIX}org-{i:02d}"].pk, division_id=d.pk)
            for i, row in enumerate(ORGANIZATIONS, start=1)
            if f"{DEMO_PREFIX}org-{i:02d}" in {o.external_id for o in new_orgs}
            for code in row[4]
            if (d := codes.get(code)) is not None
        ],
        ignore_conflicts=True,
    )

    # Stations to hold projects: the demo township stations of each organisation's counties.
    stations: dict[str, list[ServicePoint]] = {}
    for point in ServicePoint.objects.filter(
        is_demo=True, level__in=[Level.CITY, Level.TOWNSHIP, Level.COUNTY]
    ).select_related("division"):
        county = point.division.code[:6]
        stations.setdefault(county, []).append(point)
    for points in stations.values():
        points.sort(key=lambda p: p.external_id or "")

    existing_projects = set(
        Project.objects.filter(is_demo=True).values_list("external_id", flat=True)
    )
    org_rows = list(enumerate(ORGANIZATIONS, start=1))
    projects, places, areas = [], [], []
    for index, plan in enumerate(PLANS):
        external_id = f"{DEMO_PREFIX}project-{index + 1:02d}"
        if external_id in existing_projects:
            continue
        org_index, row = org_rows[(index * 7) % len(org_rows)]
        start, end = _season_dates(plan.season, index, today)
        project = Project(
            external_id=external_id,
            title=f"{plan.title}{DEMO_MARK}",
            title_en=f"{plan.title_en}{DEMO_MARK_EN}",
            category=ProjectCategory(plan.category),
            organization=orgs[f"{DEMO_PREFIX}org-{org_index:02d}"],
            summary=plan.summary,
            start_date=start,
            end_date=end,
            schedule=plan.schedule,
            age_min=plan.age_min or None,
            age_max=plan.age_max or None,
            capacity=plan.capacity,
            is_free=True,
            how_to_join="到服务站登记，或拨打服务站电话报名。",
            status=NOT_PUBLISHED.get(index, ListingStatus.PUBLISHED),
            is_demo=True,
        )
        project.full_clean(exclude=["organization", "external_id"])
        projects.append(project)
        county_points = [p for code in row[4] for p in stations.get(code[:6], [])]
        places.append(county_points[(index % 3) :: 5][:2] or county_points[:1])
        areas.append(row[4])
    Project.objects.bulk_create(projects)
    point_through = Project.service_points.through
    division_through = Project.divisions.through
    point_through.objects.bulk_create(
        [
            point_through(project_id=project.pk, servicepoint_id=point.pk)
            for project, points in zip(projects, places, strict=True)
            for point in points
        ],
        ignore_conflicts=True,
    )
    # A project with no demo station in its organisation's area serves the area itself.
    division_through.objects.bulk_create(
        [
            division_through(project_id=project.pk, division_id=codes[code].pk)
            for project, points, area in zip(projects, places, areas, strict=True)
            if not points
            for code in area
            if code in codes
        ],
        ignore_conflicts=True,
    )
    return len(new_orgs), len(projects)


@transaction.atomic
def remove_demo_listings() -> int:
    """Delete every demo project and organisation; real ones are never touched."""
    projects, _ = Project.objects.filter(is_demo=True).delete()
    organizations, _ = Organization.objects.filter(is_demo=True).delete()
    return projects + organizations

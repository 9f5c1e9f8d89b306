"""Demo stories and news for the demo world, each with a drawn (SVG) illustration.

Every page's slug starts with ``demo-`` (the flag: pages have no demo field) and its title
carries "（演示）" once, " (demo)" in English. Two have English translations, so the language
switch can be tried both ways. The illustrations are Wagtail images titled "… （演示）" in a
"演示" collection; they are landscapes drawn in ``content.illustrations``, never photographs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageLogEntry

from .illustrations import HEIGHT, WIDTH, landscape_svg
from .models import (
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    StoryIndexPage,
    StoryPage,
    StoryPageTag,
)

DEMO_SLUG_PREFIX = "demo-"
DEMO_MARK = "（演示）"
DEMO_MARK_EN = " (demo)"
COLLECTION_NAME = "演示"


@dataclass(frozen=True)
class Article:
    slug: str
    model: type
    title: str
    intro: str
    paragraphs: list[str]
    motif: str
    days_ago: int
    city: str = ""
    category: str = ""
    subject: str = ""
    tags: list[str] = field(default_factory=list)
    english: dict | None = None  # title, intro, paragraphs


ARTICLES = [
    Article(
        "demo-caring-mother-taining",
        StoryPage,
        "泰宁的爱心妈妈：每月一次的长谈",
        "三年来，一位爱心妈妈每月和结对的孩子聊一次天，每季度上门家访一次。",
        [
            "每个月的第一个周六，她都会准时来到乡里的儿童关爱服务站。",
            "“孩子不一定要我教什么，只要知道有人惦记着他。”她说。",
        ],
        "house",
        20,
        city="350400",
        category="pairing_support",
        subject=StoryPage.Subject.CARING_PARENT,
        tags=["爱心家长"],
        english={
            "title": "A caring mother in Taining: one long talk a month",
            "intro": "For three years a caring mother has talked with her paired child every "
            "month and visited the family every quarter.",
            "paragraphs": [
                "On the first Saturday of every month she comes to the township's care station.",
                "“The child doesn't need me to teach anything; just to know someone thinks of "
                "them,” she says.",
            ],
        },
    ),
    Article(
        "demo-summer-camp-jinjiang",
        StoryPage,
        "晋江暑期快乐营的十四天",
        "社工和大学生志愿者陪孩子们度过了一个安全、热闹的暑假。",
        ["游泳安全课、手工课和作业辅导排满了十四天。", "营地结束时，孩子们给家长写了信。"],
        "trees",
        45,
        city="350500",
        category="holiday_care",
        subject=StoryPage.Subject.ORGANISATION,
        tags=["暑期"],
    ),
    Article(
        "demo-reading-corner",
        StoryPage,
        "儿童之家里的阅读角",
        "一个村级儿童之家把闲置的房间改成了阅读角。",
        ["每周二、四下午，阅读角对村里的孩子开放。"],
        "books",
        70,
        city="350700",
        category="childrens_school",
        subject=StoryPage.Subject.STATION,
    ),
    Article(
        "demo-legal-aid-day",
        StoryPage,
        "律师走进服务站",
        "每月一次的法律援助咨询日，帮困境儿童家庭解决监护难题。",
        ["律师在服务站里耐心解答家长的问题。"],
        "heart",
        100,
        city="350300",
        category="legal_aid",
        subject=StoryPage.Subject.ORGANISATION,
    ),
    Article(
        "demo-video-day",
        StoryPage,
        "亲情视频日：屏幕那头的爸爸妈妈",
        "服务站每月帮孩子和外出务工的父母视频通话。",
        ["社工提前和家长约好时间，孩子们排队等着和爸爸妈妈说话。"],
        "lantern",
        130,
        city="350900",
        category="family_affection",
        subject=StoryPage.Subject.STATION,
    ),
    Article(
        "demo-retired-teacher",
        StoryPage,
        "退休教师的第二个讲台",
        "一位退休教师报名成为结对志愿者，周末辅导孩子功课。",
        ["他说，最开心的是看到孩子自己把题做出来。"],
        "books",
        160,
        city="350100",
        category="pairing_support",
        subject=StoryPage.Subject.CARING_PARENT,
    ),
    Article(
        "demo-plaque-ceremony",
        NewsPage,
        "三个县级未成年人救助保护机构获授牌",
        "省民政厅为三个县的未成年人救助保护机构授牌。",
        ["授牌后，三个机构将承担县域儿童关爱服务的指导工作。"],
        "heart",
        12,
        city="350100",
        category="care_network",
        english={
            "title": "Three county minors-protection centres receive their plaques",
            "intro": "The provincial civil-affairs department awarded plaques to three county "
            "minors-protection centres.",
            "paragraphs": [
                "With their plaques, the three centres will guide children's care services in "
                "their counties."
            ],
        },
    ),
    Article(
        "demo-director-training",
        NewsPage,
        "全省儿童主任培训班开班",
        "新任儿童主任参加为期三天的集中培训。",
        ["培训内容包括个案管理、家访和智慧关爱平台的使用。"],
        "house",
        35,
        city="350800",
        category="team_building",
    ),
    Article(
        "demo-island-camp",
        NewsPage,
        "海岛儿童暑期营报名开始",
        "宁德海岛儿童暑期营开始报名，营期十二天。",
        ["报名请到所在乡镇的儿童关爱服务站登记。"],
        "boat",
        5,
        city="350900",
        category="holiday_care",
    ),
]


def _collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _illustration(article: Article, seed: int, collection: Collection):
    Image = get_image_model()
    title = f"{article.title}{DEMO_MARK}"
    svg = landscape_svg(article.motif, seed, article.title)
    image = Image(title=title, collection=collection)
    image.file.save(f"{article.slug}.svg", ContentFile(svg.encode()), save=False)
    # Set after the file: the file field's dimension hook cannot read an SVG's size.
    image.width, image.height = WIDTH, HEIGHT
    image.save()
    return image


def _body(paragraphs: list[str], image, alt: str, caption: str) -> list[tuple[str, object]]:
    body: list[tuple[str, object]] = [("paragraph", f"<p>{paragraphs[0]}</p>")]
    body.append(
        ("image", {"image": image, "alt_text": alt, "caption": caption, "credit": "演示插图"})
    )
    body += [("paragraph", f"<p>{text}</p>") for text in paragraphs[1:]]
    return body


def demo_pages():
    """Every demo story and news page, in every language."""
    return Page.objects.filter(slug__startswith=DEMO_SLUG_PREFIX).type(StoryPage, NewsPage)


@transaction.atomic
def generate_demo_articles(today: datetime.date | None = None) -> int:
    """Create the demo stories and news that are missing (needs ``setup_site``). Returns how
    many pages were created, translations included."""
    from directory.models import Division

    today = today or timezone.localdate()
    zh = Locale.objects.get(language_code="zh-hans")
    en = Locale.objects.filter(language_code="en").first()
    indexes = {
        StoryPage: StoryIndexPage.objects.filter(locale=zh).first(),
        NewsPage: NewsIndexPage.objects.filter(locale=zh).first(),
    }
    if not all(indexes.values()):
        return 0
    cities = {d.code: d for d in Division.objects.filter(level="city")}
    collection = _collection()
    created = 0
    for seed, article in enumerate(ARTICLES):
        parent = indexes[article.model]
        if article.model.objects.child_of(parent).filter(slug=article.slug).exists():
            continue
        image = _illustration(article, seed, collection)
        fields = {
            "date": today - datetime.timedelta(days=article.days_ago),
            "city": cities.get(article.city),
            "category": article.category,
            "share_image": image,
            "involves_children": True,
            "children_not_identifiable": True,
            "consent_recorded": True,
            "consent_reference": f"演示-{seed + 1:03d}",
        }
        if article.subject:
            fields["subject"] = article.subject
        page = article.model(
            title=f"{article.title}{DEMO_MARK}",
            slug=article.slug,
            locale=zh,
            intro=article.intro,
            body=_body(article.paragraphs, image, "一幅风景插画", "演示插图，不是照片"),
            **fields,
        )
        parent.add_child(instance=page)
        if article.tags:
            page.tags.add(*article.tags)
            page.save()
        created += 1
        if article.english and en is not None:
            english = article.english
            translated_parent = parent.get_translation_or_none(en)
            if translated_parent is None:
                continue
            translation = article.model(
                title=f"{english['title']}{DEMO_MARK_EN}",
                slug=article.slug,
                locale=en,
                translation_key=page.translation_key,
                intro=english["intro"],
                body=_body(
                    english["paragraphs"],
                    image,
                    "A drawn landscape",
                    "Demo illustration, not a photograph",
                ),
                **fields,
            )
            translated_parent.add_child(instance=translation)
            created += 1
    return created


@transaction.atomic
def remove_demo_articles() -> int:
    """Delete the demo pages (translations first), their illustrations and the collection."""
    pages = list(demo_pages().specific())
    page_ids = [p.pk for p in pages]
    count = 0
    for page in sorted(pages, key=lambda p: p.locale.language_code != "en"):
        page.delete()
        count += 1
    # Wagtail logs creations and deletions; the log of pages that never were real goes too.
    count += PageLogEntry.objects.filter(page_id__in=page_ids).delete()[0]
    demo_tags = {tag for article in ARTICLES for tag in article.tags}
    count += (
        Tag.objects.filter(name__in=demo_tags)
        .filter(taggit_taggeditem_items__isnull=True)
        .exclude(pk__in=StoryPageTag.objects.values("tag"))
        .exclude(pk__in=NewsPageTag.objects.values("tag"))
        .delete()[0]
    )
    Image = get_image_model()
    collection = Collection.get_first_root_node().get_children().filter(name=COLLECTION_NAME)
    for image in Image.objects.filter(collection__in=collection):
        image.delete()
        count += 1
    collection.delete()
    return count

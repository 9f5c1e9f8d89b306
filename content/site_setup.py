"""Creating the site's page tree on a new database: a Chinese home page, its English
translation, the fixed sections that the public URLs promise, the seeded help lines, and the
press office's groups and moderation workflow. Every step only adds what is missing."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import (
    BrandPage,
    ChildSafetyApprovalTask,
    HelpPage,
    HelpSettings,
    HomePage,
    NewsIndexPage,
    PlaqueRegisterPage,
    StandardPage,
    StoryIndexPage,
)

HOME_TITLE = {"zh-hans": "福蕾行动计划", "en": "Fulei Programme"}
HOME_INTRO = {
    "zh-hans": "<p>福建省农村留守儿童和困境儿童关爱保护“福蕾行动计划”：查找身边的儿童关爱服务站，"
    "报名成为爱心家长，了解项目进展。</p>",
    "en": "<p>Fujian's Fulei programme for left-behind and vulnerable children: find the "
    "children's care station near you, volunteer as a caring parent, and follow the "
    "programme's work.</p>",
}
STORIES_TITLE = {"zh-hans": "爱心故事", "en": "Stories"}

# Names editors see in the admin, which is Chinese: groups, the workflow and its task. Databases
# set up before carry the English names; ensure_site renames those rows in place.
EDITORS = "编辑"
PRESS_OFFICE = "新闻办"
WORKFLOW_NAME = "新闻办审核"
# Wagtail's own first migration makes a "Moderators" group and a "Moderators approval" workflow
# and task, named in English: they get Chinese names too.
MODERATORS = "审核员"
MODERATORS_WORKFLOW = "审核员审批"
FORMER_NAMES = {
    EDITORS: "Editors",
    PRESS_OFFICE: "Press office",
    WORKFLOW_NAME: "Press office approval",
    MODERATORS: "Moderators",
    MODERATORS_WORKFLOW: "Moderators approval",
}


def _paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": text}]


# (model, slug, titles, intros, body) of the fixed sections under the home page.
SECTIONS = [
    (
        NewsIndexPage,
        "news",
        {"zh-hans": "新闻动态", "en": "News"},
        {},
        None,
    ),
    (
        HelpPage,
        "help",
        {"zh-hans": "求助", "en": "Get help"},
        {
            "zh-hans": "遇到危险请马上拨打 110。需要帮助、想倾诉，"
            "或发现孩子无人照顾，都可以打下面的电话，"
            "或者去离你最近的儿童关爱服务站。",
            "en": "In danger, call 110 now. If you need help, want to talk, or know of a child "
            "left without care, call one of the lines below or go to the nearest children's "
            "care station.",
        },
        {
            "zh-hans": "<h2>服务站能做什么</h2>"
            "<p>每个乡镇（街道）都有儿童关爱服务站，每个村（居）有儿童之家。"
            "儿童主任和儿童督导员可以帮你联系学校、民政、医疗和法律援助，也可以安排爱心家长探望。"
            "县里的未成年人救助保护机构可以临时照料需要保护的孩子。</p>",
            "en": "<h2>What the stations do</h2><p>Every township has a children's care station "
            "and every village a children's home. Their child-welfare directors and supervisors "
            "can put you in touch with schools, civil affairs, health care and legal aid, and "
            "arrange visits by caring parents. Each county's minors-protection centre can look "
            "after a child who needs protection.</p>",
        },
    ),
    (
        StandardPage,
        "about",
        {"zh-hans": "关于福蕾行动", "en": "About the programme"},
        {
            "zh-hans": "福蕾行动计划是福建省关爱保护农村留守儿童和困境儿童的行动计划。",
            "en": "The Fulei programme is Fujian's plan to care for and protect left-behind "
            "and vulnerable children in the countryside.",
        },
        None,
    ),
    (
        StandardPage,
        "how-to-volunteer",
        {"zh-hans": "如何成为志愿者", "en": "How to volunteer"},
        {
            "zh-hans": "爱心家长每月和孩子谈心一次、每季度家访一次；"
            "每位志愿者在见到孩子前都要经过审核。",
            "en": "Caring parents talk with a child once a month and visit once a quarter; every "
            "volunteer is vetted before meeting a child.",
        },
        None,
    ),
    (
        StandardPage,
        "privacy",
        {"zh-hans": "隐私声明", "en": "Privacy notice"},
        {
            "zh-hans": "本站不保存任何儿童的姓名、身份证号、照片、学校或住址。",
            "en": "This site stores no child's name, ID number, photo, school or address.",
        },
        None,
    ),
    (
        StandardPage,
        "data-licence",
        {"zh-hans": "数据许可", "en": "Data licence"},
        {
            "zh-hans": "服务网络数据以开放数据形式提供，使用时请注明来源。",
            "en": "The service network is published as open data; please credit the source.",
        },
        None,
    ),
    (
        BrandPage,
        "brand",
        {"zh-hans": "品牌与标识", "en": "Brand and logo"},
        {
            "zh-hans": "福蕾行动的统一标识。请使用下面的原始文件，不要改变颜色和比例。",
            "en": "The Fulei programme's unified logo. Use the original files below; do not "
            "change its colours or proportions.",
        },
        {
            "zh-hans": "<h2>使用规范</h2><ul><li>标识周围保留至少一个花瓣宽度的空白。</li>"
            "<li>不要拉伸、旋转或更改颜色。</li><li>深色背景上使用白色版本。</li></ul>",
            "en": "<h2>Rules</h2><ul><li>Keep clear space of at least one petal's width around "
            "the logo.</li><li>Do not stretch, rotate or recolour it.</li><li>On dark "
            "backgrounds use the white version.</li></ul>",
        },
    ),
    (
        PlaqueRegisterPage,
        "plaques",
        {"zh-hans": "授牌名录", "en": "Plaque register"},
        {
            "zh-hans": "获得福蕾行动授牌的县级未成年人救助保护机构（工作指导中心）。",
            "en": "County minors-protection and guidance centres awarded the programme's plaque.",
        },
        None,
    ),
]

# Hotlines seeded once, when the setting is first created; editors own them afterwards.
DEFAULT_HOTLINES = [
    {
        "name": "青少年服务台",
        "name_en": "Youth service line",
        "number": "12355",
        "description": "心理疏导、法律咨询和权益保护，面向青少年和家长。",
        "description_en": "Counselling, legal advice and protection for young people and "
        "their parents.",
    },
    {
        # The programme's own line is not open yet: no number until editors enter the real one.
        "name": "福蕾心理援助热线",
        "name_en": "Fulei psychological-support line",
        "number": "",
        "description": "（待编辑填写：热线开通后在此填入号码，填写后才会显示。）",
        "description_en": "(To be set by editors: enter the number when the line opens; it is "
        "shown only then.)",
    },
    {
        "name": "报警",
        "name_en": "Police emergency",
        "number": "110",
        "description": "孩子有危险、走失或受到伤害时，马上拨打。",
        "description_en": "Call at once when a child is in danger, missing or being harmed.",
    },
]


def public_host() -> tuple[str, int]:
    """Host name and port of SITE_BASE_URL, for the Wagtail Site record."""
    parts = urlsplit(settings.SITE_BASE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


@transaction.atomic
def ensure_site() -> HomePage:
    """Create what is missing of the page tree and return the Chinese home page. Idempotent."""
    zh = Locale.objects.get_or_create(language_code="zh-hans")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    # A flushed or hand-made database may lack the tree root that Wagtail's migration creates.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=zh)
    home = HomePage.objects.filter(locale=zh).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE["zh-hans"],
                slug="fulei",
                locale=zh,
                intro=HOME_INTRO["zh-hans"],
            )
        )
    hostname, port = public_host()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Fulei Portal",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Fulei Portal"
        site.save()
        # The welcome page that Wagtail's first migration makes is not ours to keep.
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
    if (site.hostname, site.port) != (hostname, port):
        # Page URLs Wagtail builds (get_full_url) use the public host, like the sitemap.
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    home_en = _ensure_translation(home, en, HOME_TITLE["en"], intro=HOME_INTRO["en"])

    stories = StoryIndexPage.objects.child_of(home).first()
    if stories is None:
        stories = home.add_child(
            instance=StoryIndexPage(title=STORIES_TITLE["zh-hans"], slug="stories", locale=zh)
        )
    _ensure_translation(stories, en, STORIES_TITLE["en"])

    for model, slug, titles, intros, bodies in SECTIONS:
        page = model.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            fields = {"title": titles["zh-hans"], "slug": slug, "locale": zh}
            if intros:
                fields["intro"] = intros["zh-hans"]
            if bodies:
                fields["body"] = _paragraph(bodies["zh-hans"])
            page = home.add_child(instance=model(**fields))
        english = {}
        if intros:
            english["intro"] = intros["en"]
        if bodies:
            english["body"] = _paragraph(bodies["en"])
        _ensure_translation(page, en, titles["en"], **english)

    help_settings, created = HelpSettings.objects.get_or_create(site=site)
    if created:
        help_settings.hotlines = [("hotline", line) for line in DEFAULT_HOTLINES]
        help_settings.save()

    _ensure_press_office_workflow([home, home_en])
    return home


def _ensure_translation(page: Page, locale: Locale, title: str, **fields) -> Page:
    """The page's translation into ``locale``, created live (without a revision, which Wagtail
    makes on the first edit) under the translated parent when missing."""
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation
    parent = page.get_parent()
    slug = page.slug
    if parent.is_root():
        # Siblings under the root need distinct slugs, as copy_for_translation would make them.
        slug = f"{slug}-{locale.language_code}"
    else:
        parent = parent.get_translation(locale)
    translation = page.specific_class(
        title=title,
        slug=slug,
        locale=locale,
        translation_key=page.translation_key,
        live=True,
        **fields,
    )
    return parent.add_child(instance=translation)


def _permissions(*natural_keys: str) -> list[Permission]:
    """Permissions by "app_label.codename"."""
    found = []
    for key in natural_keys:
        app_label, codename = key.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def _ensure_press_office_workflow(homes: list[Page]) -> None:
    """Editors write and submit; the press office approves and publishes (Wagtail's moderation)."""
    for name in (EDITORS, PRESS_OFFICE, MODERATORS):
        if not Group.objects.filter(name=name).exists():
            Group.objects.filter(name=FORMER_NAMES[name]).update(name=name)
    for name in (WORKFLOW_NAME, MODERATORS_WORKFLOW):
        for model in (Workflow, Task):
            if not model.objects.filter(name=name).exists():
                model.objects.filter(name=FORMER_NAMES[name]).update(name=name)
    editors = Group.objects.get_or_create(name=EDITORS)[0]
    press = Group.objects.get_or_create(name=PRESS_OFFICE)[0]
    editors.permissions.add(*_permissions("wagtailadmin.access_admin"))
    press.permissions.add(
        *_permissions(
            "wagtailadmin.access_admin",
            "content.change_brandsettings",
            "content.change_helpsettings",
        )
    )
    page_permissions = {
        editors: ("add_page", "change_page"),
        press: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    }
    for group, codenames in page_permissions.items():
        for home in homes:
            for permission in _permissions(*(f"wagtailcore.{c}" for c in codenames)):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection_permissions = _permissions(
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    )
    for group in (editors, press):
        for permission in collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME)[0]
    task = _ensure_approval_task()
    task.groups.add(press)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def _ensure_approval_task() -> ChildSafetyApprovalTask:
    """The press office's approval task, as the child-safety-aware task type. Databases set up
    before that type existed have a plain GroupApprovalTask of the same name: it is converted in
    place (same row, so the pages waiting in it stay in moderation, and its groups are kept)."""
    task = ChildSafetyApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is not None:
        return task
    plain = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if plain is None:
        return ChildSafetyApprovalTask.objects.create(name=WORKFLOW_NAME)
    task = ChildSafetyApprovalTask(groupapprovaltask_ptr=plain)
    for field in plain._meta.concrete_fields:
        setattr(task, field.attname, getattr(plain, field.attname))
    task.content_type = ContentType.objects.get_for_model(ChildSafetyApprovalTask)
    task.save()
    return task

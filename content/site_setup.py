"""Creating the site's page tree on a new database: a Chinese home page, its English
translation and the fixed sections that the public URLs promise."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage, StoryIndexPage

HOME_TITLE = {"zh-hans": "福蕾行动计划", "en": "Fulei Programme"}
HOME_INTRO = {
    "zh-hans": "<p>福建省农村留守儿童和困境儿童关爱保护“福蕾行动计划”：查找身边的儿童关爱服务站，"
    "报名成为爱心家长，了解项目进展。</p>",
    "en": "<p>Fujian's Fulei programme for left-behind and vulnerable children: find the "
    "children's care station near you, volunteer as a caring parent, and follow the "
    "programme's work.</p>",
}
STORIES_TITLE = {"zh-hans": "爱心故事", "en": "Stories"}


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
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
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
    _ensure_translation(home, en, HOME_TITLE["en"], intro=HOME_INTRO["en"])

    stories = StoryIndexPage.objects.child_of(home).first()
    if stories is None:
        stories = home.add_child(
            instance=StoryIndexPage(title=STORIES_TITLE["zh-hans"], slug="stories", locale=zh)
        )
    _ensure_translation(stories, en, STORIES_TITLE["en"])
    return home


def _ensure_translation(page: Page, locale: Locale, title: str, **fields) -> Page:
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation
    translation = page.copy_for_translation(locale)
    translation.title = title
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation

import datetime

from wagtail.models import Locale

from content.models import NewsIndexPage, NewsPage, StoryIndexPage, StoryPage


def _index(model):
    return model.objects.get(locale=Locale.get_default())


def make_story(title="爱心妈妈的故事", slug=None, live=True, index=None, **fields) -> StoryPage:
    """A published Chinese story under /stories/ (ensure_site must have run)."""
    index = index or _index(StoryIndexPage)
    fields.setdefault("intro", "一位爱心妈妈每月陪孩子谈心。")
    fields.setdefault("date", datetime.date(2026, 5, 1))
    story = StoryPage(title=title, slug=slug or f"story-{StoryPage.objects.count() + 1}", **fields)
    story.live = False
    index.add_child(instance=story)
    revision = story.save_revision()
    if live:
        revision.publish()
        story.refresh_from_db()
    return story


def make_news(title="授牌仪式", slug=None, live=True, **fields) -> NewsPage:
    index = _index(NewsIndexPage)
    fields.setdefault("intro", "县未成年人救助保护机构授牌。")
    news = NewsPage(title=title, slug=slug or f"news-{NewsPage.objects.count() + 1}", **fields)
    news.live = False
    index.add_child(instance=news)
    revision = news.save_revision()
    if live:
        revision.publish()
        news.refresh_from_db()
    return news

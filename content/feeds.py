"""RSS 2.0 and Atom feeds of a story or news index, in the index's language."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed

from syndication import ConditionalFeed, DatedAtom1Feed, DatedRss201rev2Feed

FEED_LENGTH = 30


class ArticleFeed(ConditionalFeed, Feed):
    feed_type = DatedRss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def _absolute(self, page) -> str:
        # Links use the host the reader asked, like every other link on the site.
        return self.request.build_absolute_uri(page.get_url(self.request))

    def link(self):
        return self._absolute(self.index_page)

    def description(self):
        return self.index_page.search_description or self.index_page.title

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return self.index_page.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro or item.search_description

    def item_link(self, item):
        return self._absolute(item)

    def item_pubdate(self, item):
        published = item.first_published_at
        if published is None:
            published = datetime.datetime.combine(item.date, datetime.time(), datetime.UTC)
        return published

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = DatedAtom1Feed

    def subtitle(self):
        return self.description()

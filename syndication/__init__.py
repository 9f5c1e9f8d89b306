"""What every RSS and Atom feed of the site shares: dates that are their newest item's, and an
ETag with conditional GET.

Django's feed generators date an empty feed (and so its Last-Modified) with the time of the
request, which defeats every cache; here an empty feed carries a fixed date instead, and the
response answers 304 when the client's ETag or date is current.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from django.utils.cache import get_conditional_response, quote_etag
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import http_date, parse_http_date_safe

# The date of a feed with no item: the programme's start, never the time of the request.
EMPTY_FEED_DATE = datetime(2020, 1, 1, tzinfo=UTC)


class NewestItemDate:
    """Feed generator mixin: lastBuildDate / updated is the newest item's date."""

    def latest_post_date(self) -> datetime:
        dates = [
            item[key]
            for item in self.items
            for key in ("updateddate", "pubdate")
            if item.get(key) is not None
        ]
        return max(dates, default=EMPTY_FEED_DATE)


class DatedRss201rev2Feed(NewestItemDate, Rss201rev2Feed):
    pass


class DatedAtom1Feed(NewestItemDate, Atom1Feed):
    pass


class ConditionalFeed:
    """Feed view mixin: ETag (a hash of the feed) and Last-Modified, 304 when current."""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if last_modified is None:
            last_modified = int(EMPTY_FEED_DATE.timestamp())
            response["Last-Modified"] = http_date(last_modified)
        response["ETag"] = etag
        answer = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        if answer is not response:
            answer["ETag"] = etag
            answer["Last-Modified"] = response["Last-Modified"]
        return answer

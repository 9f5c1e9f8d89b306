"""Stories as search documents (search/contract.py): the search registry indexes what this yields.

One document per story, from its Chinese page; the English translation, when there is one,
gives ``title_en``/``body_en``. Only live, public stories become documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from django.utils.html import strip_tags
from wagtail.models import Locale

from search.contract import STORY, SearchDocument

from .models import StoryPage


def _text(page: StoryPage) -> str:
    parts = [page.intro]
    for block in page.body:
        if block.block_type == "paragraph":
            parts.append(strip_tags(block.value.source))
        elif block.block_type == "quote":
            parts.append(block.value.get("quote", ""))
    return " ".join(p.strip() for p in parts if p and p.strip())


def story_indexed_as(page: StoryPage) -> list[int]:
    """The pk of the document that carries this story: the Chinese page's (a translation's title
    and text are that document's ``title_en``/``body_en``)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return [page.pk]
    original = (
        StoryPage.objects.filter(translation_key=page.translation_key, locale=default)
        .values_list("pk", flat=True)
        .first()
    )
    return [original] if original is not None else []


def story_documents(pks: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    """Yield a document for each live, public Chinese story (only those in ``pks`` when given;
    a pk of a non-public or English page yields nothing)."""
    default = Locale.get_default()
    stories = StoryPage.objects.live().public().filter(locale=default).select_related("city")
    if pks is not None:
        stories = stories.filter(pk__in=list(pks))
    english = Locale.objects.filter(language_code="en").first()
    for story in stories.order_by("pk"):
        translation = None
        if english is not None:
            translation = (
                StoryPage.objects.live().filter(
                    translation_key=story.translation_key, locale=english
                )
            ).first()
        yield SearchDocument(
            type=STORY,
            id=str(story.pk),
            title=story.title,
            title_en=translation.title if translation else "",
            body=_text(story),
            body_en=_text(translation) if translation else "",
            url=urlsplit(story.get_url() or "").path,
            division_code=story.city.code if story.city else None,
            division_name=story.city.name if story.city else "",
            division_name_en=story.city.name_en if story.city else "",
            city_code=story.city.code if story.city else None,
            categories=(story.category,) if story.category else (),
            updated_at=story.last_published_at,
        )

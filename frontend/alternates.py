"""A page's URL in the other language: the language switch, `<link rel="alternate" hreflang>`
and the sitemap's alternates all come from here.

- A Wagtail page: its live translation in that language when there is one; otherwise (for the
  switch) the home page of that language, never a URL that would 404 or show the same text
  under the other language's chrome.
- Any other public page (directory, map, open data, impact…): the same view under the other
  language's prefix, which every such URL has (``i18n_patterns``).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Locale, Page

# Django's language codes and the BCP 47 tags that hreflang and lang="" use.
HREFLANG = {"zh-hans": "zh-Hans", "en": "en"}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _home_url(language: str) -> str:
    """The home page of ``language`` (its root URL)."""
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def page_translation_url(page: Page, language: str) -> str | None:
    """The URL of ``page``'s live translation into ``language``, or None when it has none."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    translated = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
    if translated is None or not translated.live:
        return None
    return translated.get_url()


def other_language_url(path: str, language: str, page: Page | None = None) -> str:
    """Where the language switch to ``language`` goes from ``path`` (showing ``page``, if a
    Wagtail page): the translation, else that language's home page; never a 404."""
    if page is not None:
        return page_translation_url(page, language) or _home_url(language)
    return translate_url(path, language)


def alternates(path: str, page: Page | None = None) -> dict[str, str]:
    """{hreflang tag: path} of the versions of this page that exist, in every language.

    Only real versions are listed: a Wagtail page without an English translation has no "en"
    alternate (its /en/ URL would show the Chinese text)."""
    result = {}
    for language in languages():
        if page is not None:
            url = page_translation_url(page, language)
        else:
            url = translate_url(path, language)
        if url:
            result[HREFLANG.get(language, language)] = url
    return result

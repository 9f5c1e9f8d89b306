"""The staff guides (docs/guide/*.md, in Chinese) shown inside the Wagtail admin.

The Markdown files in the repository are the source, so the guides a reviewer reads in the
admin are the ones the browser tests keep current (their screenshots are docs/guide/img/*.png).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"


@dataclass(frozen=True)
class Guide:
    """One staff guide: its URL slug, Markdown file and menu label."""

    slug: str
    filename: str
    label: str


GUIDES = [
    Guide("reviewer", "reviewer.md", _("Guide: county reviewers")),
    Guide("editor", "editor.md", _("Guide: news editors")),
    Guide("organizations", "organizations.md", _("Guide: organisation reviews")),
    Guide("data", "data.md", _("Guide: data managers")),
]
BY_SLUG = {guide.slug: guide for guide in GUIDES}

# No raw HTML from the Markdown: the guides are trusted files, but the admin's CSP and
# escaping stay as they are for everything else.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def guide_view(request, slug: str):
    guide = BY_SLUG.get(slug)
    if guide is None:
        raise Http404
    text = (GUIDE_DIR / guide.filename).read_text(encoding="utf-8")
    return render(
        request,
        "portal/staff_guide.html",
        {"guide": guide, "guides": GUIDES, "body": mark_safe(_markdown.render(text))},  # noqa: S308
    )


def guide_image(request, slug: str, name: str):
    """The guide's screenshots; only plain file names under docs/guide/img/."""
    image = GUIDE_DIR / "img" / name
    if slug not in BY_SLUG or "/" in name or not name.endswith(".png") or not image.is_file():
        raise Http404
    return FileResponse(image.open("rb"), content_type="image/png")


urlpatterns = [
    path("<slug:slug>/", guide_view, name="guide"),
    path("<slug:slug>/img/<str:name>", guide_image, name="guide_image"),
]

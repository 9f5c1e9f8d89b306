"""README.md is the front door (short, the two commands, a line per app, links that work); the
manual is in docs/."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_readme_is_a_short_front_door_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    assert "make run" in readme and "make test" in readme


def test_readme_has_a_line_for_every_app():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps, "no app found"
    missing = {app for app in apps if f"| `{app}/` |" not in readme}
    assert not missing, f"README.md's map of the apps lacks {sorted(missing)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_leads_to_a_file(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name} links to missing {target}"

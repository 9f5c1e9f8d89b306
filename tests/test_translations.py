import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_interface_string_has_a_chinese_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [
        e.msgid
        for e in catalogue
        if not (e.msgstr or any(e.msgstr_plural.values())) and not e.obsolete
    ]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_compiled_catalogue_is_up_to_date():
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    source = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    assert {e.msgid: e.msgstr for e in compiled if e.msgid} == {
        k: v for k, v in source.items() if k
    }


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
@pytest.mark.django_db
def test_catalogue_covers_every_marked_string():
    """makemessages over the code finds no string that the catalogue lacks."""
    original = CATALOGUE.read_bytes()
    pot_path = ROOT / "locale" / "django.pot"
    try:
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            ignore_patterns=[".venv/*", "var/*", "tests/*"],
            verbosity=0,
            keep_pot=True,
        )
        pot = polib.pofile(str(pot_path))
    finally:
        # makemessages rewrites the catalogue; the test must leave the tree as it found it.
        CATALOGUE.write_bytes(original)
        pot_path.unlink(missing_ok=True)
    known = {e.msgid for e in polib.pofile(str(CATALOGUE))}
    assert {e.msgid for e in pot if e.msgid} - known == set()

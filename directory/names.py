"""English names for divisions, derived from the Chinese name with pypinyin."""

from pypinyin import Style, lazy_pinyin

# Longest suffix first: 街道 must win over a lone character.
_LEVEL_WORDS = [
    ("街道", "Subdistrict"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("镇", "Town"),
    ("乡", "Township"),
]


def english_name(chinese_name: str) -> str:
    """``泰宁县`` → ``Taining County``; ``沙县区`` → ``Shaxian District``."""
    for suffix, word in _LEVEL_WORDS:
        stem = chinese_name.removesuffix(suffix)
        if stem != chinese_name and stem:
            return f"{_pinyin(stem)} {word}"
    return _pinyin(chinese_name)


def _pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.NORMAL)).capitalize()

"""Query analysis (search.analysis): level words in every form people type them."""

import pytest

from search.analysis import analyse


@pytest.mark.parametrize(
    ("typed", "text", "level"),
    [
        ("泰宁儿童之家", "泰宁", "village"),
        ("taining ertongzhijia", "taining", "village"),  # the level word in pinyin
        ("yong tai xian er tong zhi jia", "yong tai xian", "village"),  # syllable by syllable
        ("yongtai guanai zhan", "yongtai", "township"),  # spaced in part
        ("fuqingertongzhijia", "fuqing", "village"),  # typed onto the name
        ("Shòuníng jiùzhù zhōngxīn", "shouning", "county"),  # with tone marks
        ("zhaoan liushou ertong zhijia", "zhaoan", "village"),  # the longest level word wins
        ("Mawei centre", "mawei", "county"),
    ],
)
def test_a_level_word_in_any_form_becomes_the_level(typed, text, level):
    analysis = analyse(typed)
    assert (analysis.text, analysis.level) == (text, level)


@pytest.mark.parametrize("typed", ["guan ai", "ertong", "homestead", "ertongzhijiayuanqu"])
def test_a_word_that_only_begins_or_contains_a_level_word_is_not_one(typed):
    assert analyse(typed).level is None

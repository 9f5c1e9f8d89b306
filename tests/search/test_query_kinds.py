"""How people really type (issue 15), on every backend: the same contract for each query kind."""

import pytest

from search.contract import ORGANIZATION, SearchDocument, SearchQuery
from tests.search.test_contract import ids, indexed, network, point  # noqa: F401  (shared fixtures)


def first(backend, text, **kwargs):
    result = backend.search(SearchQuery(text=text, **kwargs))
    assert result.hits, f"{text!r} found nothing"
    return result.hits[0].document.key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("泰寧 兒童關愛服務站", "service_point:2"),  # traditional, with a level word
        ("馬尾區", "service_point:3"),
        ("tài níng", "service_point:1"),  # tone marks
        ("tai2ning2", "service_point:1"),  # tone numbers
        ("tainnig", "service_point:1"),  # two letters swapped
        ("tainin", "service_point:1"),  # an unfinished last syllable
        ("tainnign", "service_point:1"),  # a slip in each syllable (tai-n, nign)
        ("tainnin", "service_point:1"),  # a slip, then an unfinished last syllable
        ("sahnchegn", "service_point:2"),  # two swaps: 杉城 (shan-cheng)
        ("ＭＡＷＥＩ", "service_point:3"),  # full-width letters
        ("马 尾", "service_point:3"),  # a name typed with spaces
        ("哪里有马尾的救助保护中心", "service_point:3"),  # a question
        ("我想找泰宁的关爱服务站", "service_point:2"),
        ("福建省福州市长乐区", "service_point:4"),  # the province prefix
        ("泰宁 儿童站", "service_point:2"),  # a level synonym
        ("tn关爱服务站", "service_point:2"),  # initials of the county, with a level word
        ("tai ning guan ai fu wu zhan", "service_point:2"),  # a pinyin level word, spaced
        ("taining guanai zhan", "service_point:2"),  # ... and spaced only in part
        ("ma wei qu", "service_point:3"),  # spaced pinyin of a full name
        ("mawei qu", "service_point:3"),  # a place's pinyin with its suffix typed apart
    ],
)
def test_each_kind_of_query_finds_what_people_mean(indexed, text, expected):  # noqa: F811
    assert first(indexed, text) == expected


def test_english_level_words_filter_by_level(indexed):  # noqa: F811
    assert first(indexed, "Mawei centre", language="en") == "service_point:3"
    assert first(indexed, "Taining stations", language="en") == "service_point:2"


def test_a_word_that_matches_nothing_keeps_the_place(indexed):  # noqa: F811
    # Before: the unknown word sent the query to "any word" and Mawei was one of many answers.
    result = indexed.search(SearchQuery(text="马尾 喵喵"))
    assert ids(result)[0] == "service_point:3"
    assert all(h.document.division_code.startswith("350105") for h in result.hits)


def test_a_level_word_alone_lists_that_level(indexed):  # noqa: F811
    result = indexed.search(SearchQuery(text="救助保护中心在哪"))
    assert result.hits and {h.document.level for h in result.hits} == {"county"}


def test_an_organisation_named_like_a_level_is_still_found_by_its_name(indexed):  # noqa: F811
    # 服务中心 is a county-level synonym, but no county centre is called 阳光: the level filter
    # is dropped and the organisation answers.
    result = indexed.search(SearchQuery(text="阳光 服务中心"))
    assert ids(result)[0] == "organization:7"
    assert result.hits[0].document.type == "organization"


@pytest.mark.parametrize("text", ["tainnign", "taninnig"])
def test_a_slip_in_each_syllable_stays_in_the_place(indexed, text):  # noqa: F811
    # Before: a word two slips from taining matched no place name and found nothing; the
    # fuzzy match must not spill over to other places either.
    result = indexed.search(SearchQuery(text=text))
    assert ids(result)[0] == "service_point:1"
    assert all(h.document.division_code.startswith("350429") for h in result.hits)


def test_a_short_syllable_must_be_typed_right(indexed):  # noqa: F811
    # mawei's syllables have two and three letters: a slip in "ma" and one in "wei" is too
    # far to guess (one edit in a two-letter syllable is a dozen other syllables).
    assert indexed.search(SearchQuery(text="amwie")).count == 0
    assert ids(indexed.search(SearchQuery(text="mawie")))[0] == "service_point:3"


def test_a_place_with_a_common_word_that_is_also_a_township_elsewhere(indexed):  # noqa: F811
    # 建设 is a township in Datian and another in Zhao'an (and a word in category labels): the
    # query means Taining's points, not nothing (before: two places sharing no record, 0 hits).
    result = indexed.search(SearchQuery(text="泰宁 建设"))
    assert ids(result)[0] == "service_point:1"
    assert all(h.document.division_code.startswith("350429") for h in result.hits)


def test_a_place_named_ranks_its_own_records_above_a_village_called_the_same(
    backend,
    network,  # noqa: F811
):
    # 东山 is a county of Zhangzhou and, here, also a village in Taining (whose code sorts
    # first): the county's home comes first although only the village has 东山 in its name.
    homes = [
        point(
            20,
            "杉城镇东山村儿童之家",
            level="village",
            division_code="350429100",
            body="三明市泰宁县杉城镇东山村",
        ),
        point(
            21,
            "西埔镇岐下村儿童之家",
            level="village",
            division_code="350626100",
            division_name="西埔镇",
            division_name_en="Xipu Town",
            city_code="350600",
            body="漳州市东山县西埔镇岐下村",
            lat=23.70,
            lon=117.43,
        ),
    ]
    backend.index([*network, *homes])
    for text in ("东山 儿童之家", "dongshan 儿童之家", "东山附近的儿童之家"):
        keys = ids(backend.search(SearchQuery(text=text)))
        assert keys[0] == "service_point:21", text
        assert "service_point:20" in keys, text  # still found, after the county's own
    # The county's full name is not the village's.
    assert ids(backend.search(SearchQuery(text="东山县的儿童之家在哪"))) == ["service_point:21"]


def test_a_tone_number_on_the_last_syllable_only_is_folded(indexed):  # noqa: F811
    assert first(indexed, "taining2") == "service_point:1"
    assert first(indexed, "mawei3") == "service_point:3"


def test_two_places_that_share_no_record_find_both(indexed):  # noqa: F811
    # Two counties of two cities: nothing is in both, and the person wants either (before: 0).
    result = indexed.search(SearchQuery(text="泰宁 马尾"))
    found = set(ids(result))
    assert {"service_point:1", "service_point:3"} <= found
    assert all(h.document.division_code[:6] in {"350429", "350105"} for h in result.hits)
    with_level = indexed.search(SearchQuery(text="马尾区和泰宁县的救助保护中心"))
    assert set(ids(with_level)) == {"service_point:1", "service_point:3"}
    # A city and a county elsewhere: both too (before: the city alone, as if 马尾 were a word).
    assert {"service_point:3", "service_point:5"} <= set(
        ids(indexed.search(SearchQuery(text="厦门 马尾")))
    )


def test_a_place_that_only_says_where_another_is_does_not_widen_the_answer(indexed):  # noqa: F811
    # 福州 holds 马尾 and 长乐: Mawei's or Changle's points, not all of Fuzhou's.
    assert set(ids(indexed.search(SearchQuery(text="福州 马尾 长乐")))) == {
        "service_point:3",
        "service_point:4",
    }
    # 福州 holds 马尾 but not 泰宁: Mawei's or Taining's, each first by turns (before: every
    # record of Fuzhou too, and Mawei's ranked above Taining's for naming two places).
    result = indexed.search(SearchQuery(text="福州市马尾区 泰宁县"))
    assert set(ids(result)[:2]) == {"service_point:1", "service_point:3"}
    assert "service_point:4" not in ids(result)


def test_a_record_in_both_places_comes_first_but_is_not_the_only_answer(
    backend,
    network,  # noqa: F811
):
    # An organisation that serves Taining and Mawei is in both: before, it was the whole answer
    # to 泰宁 马尾 (every group matched it), and neither county's own points were listed.
    serving_both = SearchDocument(
        type=ORGANIZATION,
        id="9",
        title="闽江儿童关爱协会",
        body="服务三明市泰宁县和福州市马尾区的留守儿童",
        url="/directory/organizations/9/",
        division_code="350105",
        division_name="马尾区",
        city_code="350100",
    )
    backend.index([*network, serving_both])
    result = backend.search(SearchQuery(text="泰宁 马尾"))
    assert ids(result)[0] == "organization:9"
    assert {"service_point:1", "service_point:2", "service_point:3"} <= set(ids(result))
    with_word = backend.search(SearchQuery(text="泰宁 马尾 关爱"))
    assert {"organization:9", "service_point:2"} <= set(ids(with_word))
    assert "service_point:3" not in ids(with_word)  # Mawei's centre has no 关爱


def test_a_whole_syllable_typed_alone_is_not_the_start_of_every_place(indexed):  # noqa: F811
    # "chang" typed after a name is a word of its own. Before, it was "completed" into changle,
    # 马尾 and 长乐 shared no record, and nothing was found.
    result = indexed.search(SearchQuery(text="mawei chang"))
    assert ids(result)[0] == "service_point:3"
    assert "service_point:4" not in ids(result)


def test_initials_of_two_counties_show_both_among_the_first(backend):
    # lj is 连江县 (Fuzhou) and 洛江区 (Quanzhou): before, every station of the county whose
    # code sorts first came before the other county's, so 洛江 was never in the first three.
    def station(pk, town, code, city, county):
        return point(
            pk,
            f"{town}儿童关爱服务站",
            division_code=code,
            division_name=town,
            division_name_en="",
            city_code=f"{code[:4]}00",
            body=f"{city}{county}{town}",
        )

    lianjiang = [
        station(30 + i, town, f"350122{100 + i}", "福州市", "连江县")
        for i, town in enumerate(["凤城镇", "敖江镇", "东岱镇", "琯头镇"])
    ]
    luojiang = [
        station(40 + i, town, f"350504{100 + i}", "泉州市", "洛江区")
        for i, town in enumerate(["万安街道", "双阳街道", "罗溪镇"])
    ]
    backend.index([*lianjiang, *luojiang])
    first_three = backend.search(SearchQuery(text="lj关爱站")).hits[:3]
    counties = {hit.document.division_code[:6] for hit in first_three}
    assert counties == {"350122", "350504"}

"""The hostile-input oracle itself (tests/hostile.py): it must not fail on the site's own markup,
and must still catch a payload that comes back raw."""

import pytest
from django.utils.html import escape

from tests.hostile import as_received, assert_not_reflected_raw

PAGE = '<html lang="zh-Hans"><input name="login" value="{echo}"><a href="/">首页</a></html>'


@pytest.mark.parametrize("value", ['"', '="', '">', "<a"])
def test_markup_alone_is_not_taken_for_a_reflected_payload(value):
    # Found by hypothesis in CI: the login '"' is on every page, escaped or not.
    page = PAGE.format(echo=escape(value))
    assert_not_reflected_raw(page, value, echoed=True)


@pytest.mark.parametrize("value", ['"><b>x1y2', "<i>abc</i>", '"onclick=go1'])
def test_a_payload_that_comes_back_raw_is_caught(value):
    with pytest.raises(AssertionError):
        assert_not_reflected_raw(PAGE.format(echo=value), value)


def test_a_lone_surrogate_arrives_as_replacement_characters():
    # Found by hypothesis in CI: the name '\ud800' is stored as what the server received.
    assert as_received("\ud800") == "\ufffd\ufffd\ufffd"
    assert as_received("林爱心 <b>") == "林爱心 <b>"

"""The hostile-input oracle itself (tests/hostile.py): it must not fail on the site's own markup,
and must still catch a payload that comes back raw."""

import pytest
from django.utils.html import escape

from tests.hostile import assert_not_reflected_raw

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

"""Hostile input for property-based tests (hypothesis): strategies and the checks that go with them.

The strings are what an attacker or a broken client sends: XSS and SQL-like payloads, template
syntax, huge values, mixed scripts, control characters including NUL, lone surrogates, RTL and
zero-width marks. ``form_body``/``query_string`` encode them the way a raw client can (lone
surrogates as their UTF-8-like bytes), which Django's own test client refuses to do.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.html import escape
from hypothesis import strategies as st

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'\"onerror=alert(1)//",
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "'; DROP TABLE volunteer_application; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "%' AND 1=0 UNION SELECT password FROM auth_user --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "\x00",
    "张三\x00李四",
    "\u202eأحمد\u202c",
    "\u200f\u200e\u200b\ufeff",
    "𠀋𡈽𡌛 𝕏 😀👨‍👩‍👧",
    "Ω≈ç√∫ ß ǅ ﬁ",
    "\r\n\r\nSet-Cookie: x=1",
    "\ud800",
    "a\udfffb",
    "NaN",
    "1e309",
    "-0",
    "１３９１２３４５６７８",
    "A" * 100_000,
    "<script>" * 5_000,
    "林" * 3_000,
]

_ODD_CHARACTERS = st.sampled_from(
    ["\x00", "\x01", "\x1b", "\x7f", "\u202e", "\u200f", "\ufeff", "<", ">", '"', "'", "&", "%"]
)
_SURROGATES = st.characters(categories=["Cs"])

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.one_of(st.characters(), _ODD_CHARACTERS, _SURROGATES), max_size=300),
    st.builds(
        lambda payload, noise: payload + noise, st.sampled_from(PAYLOADS), st.text(max_size=40)
    ),
)

# Parts of the payloads above that must never come back raw (their escaped forms are harmless),
# distinctive enough not to occur in the site's own markup.
DANGEROUS_MARKERS = ("<script>alert", "<img src=x", "<svg/onload", '"onerror=', "'onerror=")


def form_body(data: dict) -> str:
    return urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass")


def query_string(data: dict) -> str:
    return "?" + form_body(data)


def as_received(value: str) -> str:
    """What the server makes of ``value`` sent by ``form_body``: a lone surrogate's bytes are
    not UTF-8, so each arrives as a U+FFFD replacement character."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def has_surrogate(value: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def assert_not_reflected_raw(page: str, value: str, echoed: bool = False) -> None:
    """The value's dangerous parts never appear unescaped; when ``echoed``, its escaped form does.

    Values with lone surrogates arrive as U+FFFD replacement characters, so only the raw-absence
    check applies to them.
    """
    lowered_value, lowered_page = value.lower(), page.lower()
    for marker in DANGEROUS_MARKERS:
        if marker in lowered_value:
            assert marker not in lowered_page, f"{marker!r} came back unescaped"
    # A value too plain to be told from the site's own markup (a lone '"', '="a') proves nothing
    # by being on the page: only one with a few letters or digits of its own is looked for.
    if ("<" in value or '"' in value) and sum(ch.isalnum() for ch in value) >= 3:
        assert value not in page, "the payload came back unescaped"
    if echoed and not has_surrogate(value) and escape(value) != value:
        assert escape(value) in page, "the payload was echoed in an unexpected form"

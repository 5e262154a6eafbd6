"""The split of URIs with an authority refuses exactly what yarl's split refuses.

``_uri.split`` does yarl's job without building a ``yarl.URL`` (for speed); these tests
hold it to yarl's behaviour: same parts, same rejections.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from yarl import URL

from glance_locations import _uri
from glance_locations.exceptions import BadStoreUri

# Delimiters, brackets, an IPvFuture start, and characters that NFKC normalisation turns
# into delimiters (U+2100 is 'a/c', U+FF0F '/', U+FF20 '@', U+FF05 '%', U+2488 '1.').
_ALPHABET = "ab1fF.v:@[]/?\\% \u00e4\u2100\uff0f\uff05\uff1f\uff20\uff1a\u2488"


def _yarl_parts(text: str) -> tuple[str, str, str] | None:
    try:
        url = URL(text, encoded=True)
    except (ValueError, TypeError, IndexError):
        return None
    return url.raw_authority, url.raw_path, url.raw_query_string


def _our_parts(text: str) -> tuple[str, str, str] | None:
    try:
        authority, path, query = _uri.split(text)
    except BadStoreUri:
        return None
    # yarl reports an empty path after an authority as "/"
    return authority, path or ("/" if authority else ""), query


@settings(max_examples=400)
@given(st.text(_ALPHABET, max_size=16))
def test_split_agrees_with_yarl(rest: str) -> None:
    text = "http://" + rest
    assert _our_parts(text) == _yarl_parts(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("http://h\\x/a", "authority: a backslash is not allowed", id="backslash"),
        pytest.param("http://[::1/a", "brackets do not hold a valid IP literal", id="unclosed"),
        pytest.param("http://::1]/a", "brackets do not hold a valid IP literal", id="unopened"),
        pytest.param("http://[zz]/a", "brackets do not hold a valid IP literal", id="no-colon"),
        pytest.param("http://h[::1]/a", "brackets do not hold a valid IP literal", id="before"),
        pytest.param("http://[::1]x/a", "brackets do not hold a valid IP literal", id="after"),
        pytest.param("http://[v1]/a", "brackets do not hold a valid IP literal", id="ipvfuture"),
        pytest.param("http://[::1]@", "authority: not a valid URI authority", id="empty-host"),
        pytest.param("http://u\u2100@h/a", "NFKC normalisation", id="nfkc-slash"),
    ],
)
def test_split_refuses(text: str, reason: str) -> None:
    assert _yarl_parts(text) is None
    with pytest.raises(BadStoreUri, match=reason):
        _uri.split(text)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        pytest.param("http://h", ("h", "", ""), id="no-path"),
        pytest.param("http://h?q=1?x", ("h", "", "q=1?x"), id="query-only"),
        pytest.param("http://u:p@[::1]:80/a?b", ("u:p@[::1]:80", "/a", "b"), id="ipv6"),
        pytest.param("http://[v1.x]/a", ("[v1.x]", "/a", ""), id="ipvfuture"),
        pytest.param("http://\u00e4/a", ("\u00e4", "/a", ""), id="nfkc-stable"),
        pytest.param("s3+https://h:9/b/k", ("h:9", "/b/k", ""), id="plus-scheme"),
    ],
)
def test_split_parts(text: str, parts: tuple[str, str, str]) -> None:
    assert _uri.split(text) == parts

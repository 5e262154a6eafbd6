"""The yarl split of URIs with an authority: the raw parts, and yarl's refusals in our
words (never yarl's own message, which can quote credentials)."""

from __future__ import annotations

import pytest
from yarl import URL

from glance_locations import _lex
from glance_locations.exceptions import BadStoreUri


def _yarl_refuses(text: str) -> bool:
    try:
        URL(text, encoded=True)
    except (ValueError, TypeError, IndexError):
        return True
    return False


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
    assert _yarl_refuses(text)
    with pytest.raises(BadStoreUri, match=reason):
        _split(text)


def _split(text: str) -> tuple[str, str, str]:
    authority, path, query = _lex.split(text, text.index("://") + 3)
    return authority.text, path, "" if query is None else query


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
    assert _split(text) == parts
    # yarl, on the whole URI, agrees.
    url = URL(text, encoded=True)
    assert (url.raw_authority, url.raw_query_string) == (parts[0], parts[2])


def test_a_refused_authority_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(BadStoreUri, match="backslash"):
            _split("http://h\\x/a")

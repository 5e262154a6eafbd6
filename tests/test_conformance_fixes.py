"""Regressions found by the conformance suite (tests/conformance): each was a bug of ours.

Every vector here was accepted or mis-reported by us where glance_store behaves as shown
in the comments; docs/divergences.md lists the differences that remain on purpose.
"""

from __future__ import annotations

import pytest

from glance_locations import BadStoreUri, HttpStoreLocation


@pytest.mark.parametrize(
    "uri",
    [
        pytest.param("http://user:pa:ss@example.com/image", id="colon-in-password"),
        pytest.param("https://svc:a:b:c@example.com:8443/x", id="three-colons"),
        pytest.param("http://user::@example.com/x", id="password-is-a-colon"),
    ],
)
def test_http_userinfo_with_a_second_colon_is_refused(uri: str) -> None:
    # glance_store: BadStoreUri "Credentials are not well-formatted." (user:password split)
    with pytest.raises(BadStoreUri, match=r"userinfo: .*more than one ':'") as info:
        HttpStoreLocation.from_uri(uri)
    assert "pa:ss" not in str(info.value)


def test_http_percent_encoded_colon_in_password_is_kept_raw() -> None:
    loc = HttpStoreLocation.from_uri("http://user:pa%3Ass@example.com/image")
    assert (loc.user, loc.password) == ("user", "pa%3Ass")
    assert loc.get_uri() == "http://user:pa%3Ass@example.com/image"

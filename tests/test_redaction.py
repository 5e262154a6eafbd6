"""Secrets never show: not in repr/str, redacted URIs, error messages, tracebacks, logs."""

from __future__ import annotations

import logging
import pickle
import traceback
import uuid

import pytest

from glance_locations import (
    BadStoreSpecs,
    BadStoreUri,
    FilesystemStoreLocation,
    ForbiddenLocation,
    GlanceStoreException,
    HttpStoreLocation,
    Location,
    LocationPolicy,
    StoreConfig,
    StoreLocation,
    SwiftReference,
    get_location_from_uri,
)
from glance_locations._redact import mask_uri

# Distinctive, so that finding it anywhere can only mean a leak.
SECRET = f"S3CR3T-{uuid.uuid4()}"


def _exposed(err: BaseException) -> str:
    """Everything an error shows: str, repr, the formatted traceback with its chain."""
    return "\n".join([str(err), repr(err), *traceback.format_exception(err)])


# (template, store class, the expected get_redacted_uri()); "{s}" is the secret.
STORES_WITH_SECRETS = [
    pytest.param(
        "http://alice:{s}@example.com:8080/images/1?a=b",
        HttpStoreLocation,
        "http://alice:***@example.com:8080/images/1?a=b",
        id="http",
    ),
    pytest.param(
        "https://alice:{s}@[2001:db8::1]/images/1",
        HttpStoreLocation,
        "https://alice:***@[2001:db8::1]/images/1",
        id="https-ipv6",
    ),
]


@pytest.mark.parametrize(("template", "cls", "redacted"), STORES_WITH_SECRETS)
def test_secret_never_shows_on_a_valid_location(
    template: str, cls: type[StoreLocation], redacted: str
) -> None:
    uri = template.format(s=SECRET)
    loc = cls.from_uri(uri)
    location = get_location_from_uri(uri)
    assert type(location.store_location) is cls
    assert loc.get_uri() == uri  # only get_uri() and get_store_uri() hold the secret
    assert location.get_store_uri() == uri
    assert loc.get_redacted_uri() == redacted
    assert location.store_location.get_redacted_uri() == redacted
    for shown in (repr(loc), str(loc), repr(location), str(location), redacted):
        assert SECRET not in shown
    assert "'***'" in repr(loc)


# Malformed variants of URIs holding the secret: each is refused, naming the component.
MALFORMED = [
    pytest.param("http://alice:{s}@example.com:99999/x", "port", id="http-port-range"),
    pytest.param("http://alice:{s}@@example.com/x", "authority: more than one '@'", id="two-@"),
    pytest.param("http://alice:{s}@exa mple.com/x", "white-space", id="space-in-host"),
    pytest.param("http://alice:{s}\x00@example.com/x", "control", id="nul-in-secret"),
    pytest.param("http://alice:{s}@example.com/x#frag", "fragment", id="fragment"),
    pytest.param("http://alice:{s}@example.com\\x/y", "backslash", id="backslash"),
    pytest.param("http://alice:{s}@[::1/x", "valid IP literal", id="bracket"),
    pytest.param("http://alice:{s}@ex\u00e4mple.com/x", "host:", id="non-ascii-host"),
    # Regressions: yarl's message quoted the authority, credentials included.
    pytest.param("http://alice:{s}\u2100@example.com/x", "NFKC", id="nfkc-in-secret"),
    pytest.param("http://alice:{s}\u2100example.com/x", "NFKC", id="nfkc-no-at"),
    # The '@' went missing: the secret stands where the port should be.
    pytest.param("http://alice:{s}example.com/x", "port", id="missing-@"),
    pytest.param("http://alice:{s}/example.com/x", "port", id="@-became-slash"),
    pytest.param("http://alice:{s}?@example.com/x", "port", id="question-mark-in-secret"),
    pytest.param("http://{s}@example.com/x", "userinfo: credentials", id="no-colon"),
    # Found by hypothesis: the '@' moved before the scheme.
    pytest.param("http:@x://alice:{s}example.com/x", "URI must start with", id="@-before-sep"),
    pytest.param("http:///alice:{s}:0/x", "host: empty", id="password-in-path"),
]


@pytest.mark.parametrize(("template", "match"), MALFORMED)
def test_secret_never_shows_in_an_error(template: str, match: str) -> None:
    uri = template.format(s=SECRET)
    with pytest.raises(BadStoreUri, match=match) as info:
        get_location_from_uri(uri)
    err = info.value
    assert SECRET not in _exposed(err)
    assert err.uri is not None
    assert SECRET not in err.uri
    assert SECRET not in err.reason
    assert SECRET not in repr(pickle.loads(pickle.dumps(err)))
    # Nothing reachable from the error holds it either (chained causes are dropped).
    assert err.__cause__ is None
    assert err.__context__ is None


def test_bad_utf8_escape_is_not_chained() -> None:
    # The codec's error holds the decoded bytes: it must not travel with ours.
    with pytest.raises(BadStoreUri, match="pool: percent-escapes are not valid UTF-8") as info:
        get_location_from_uri("rbd://fsid/%ff%fe/image/snap")
    assert info.value.__context__ is None


def test_policy_refusal_shows_no_secret() -> None:
    location = get_location_from_uri(f"http://alice:{SECRET}@127.0.0.1/x")
    policy = LocationPolicy(allow_credentials_in_uri=False, allow_private_hosts=False)
    with pytest.raises(ForbiddenLocation) as info:
        policy.check(location)
    assert len(info.value.reasons) == 2
    assert SECRET not in _exposed(info.value)
    assert all(SECRET not in reason for reason in info.value.reasons)


@pytest.mark.parametrize(("template", "cls", "redacted"), STORES_WITH_SECRETS)
def test_no_log_record_holds_the_secret(
    caplog: pytest.LogCaptureFixture,
    template: str,
    cls: type[StoreLocation],
    redacted: str,
) -> None:
    caplog.set_level(logging.DEBUG, logger="glance_locations")
    uri = template.format(s=SECRET)
    location = get_location_from_uri(uri)
    with pytest.raises(GlanceStoreException):
        get_location_from_uri(uri + "#fragment")
    with pytest.raises(ForbiddenLocation):
        LocationPolicy(allow_credentials_in_uri=False).check(location)
    Location("http", cls, None, uri=uri)
    # The policy logs its refusal, with the redacted URI.
    assert any(redacted in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        assert SECRET not in record.getMessage()
        assert SECRET not in caplog.text


# mask_uri works on any text, well formed or not.
MASKS = [
    pytest.param("http://u:p@h/x", "http://***@h/x", id="userinfo"),
    pytest.param("s3://ak:se/cret@h/b/k", "s3://***@h/b/k", id="last-@"),
    pytest.param("http:/u:p@h/x", "http:***@h/x", id="no-authority-marker"),
    pytest.param("u:p@h", "u:***@h", id="no-scheme"),
    pytest.param("p@h", "***@h", id="no-colon"),
    pytest.param("http://host:8080/x", "http://host:8080/x", id="port"),
    pytest.param("http://host:/x", "http://host:/x", id="empty-port"),
    pytest.param("http://[::1]:8080/x", "http://[::1]:8080/x", id="ipv6-port"),
    pytest.param("http://[::1]/x", "http://[::1]/x", id="ipv6"),
    pytest.param("http://user:secret/x", "http://user:***/x", id="non-port"),
    pytest.param("http://user:secret?q", "http://user:***?q", id="non-port-query"),
    pytest.param("http://[::1]:secret/x", "http://[::1]:***/x", id="ipv6-non-port"),
    pytest.param("file:///a:b/c", "file:///a:***/c", id="colon-in-path"),
    pytest.param("file:///a:1/c", "file:///a:1/c", id="colon-digits-in-path"),
    # Found by hypothesis: an empty authority put the password in the path.
    pytest.param("s3:///ak:secret:x:0/b/k", "s3:///ak:***/b/k", id="password-in-path"),
    pytest.param("no uri here", "no uri here", id="plain-text"),
    pytest.param("@http://u:secret/x", "@http://u:***/x", id="at-before-scheme"),
    pytest.param("a@b://u:secret0/x", "a@b://u:***/x", id="at-in-scheme"),
]


@pytest.mark.parametrize(("text", "masked"), MASKS)
def test_mask_uri(text: str, masked: str) -> None:
    assert mask_uri(text) == masked


@pytest.mark.parametrize(
    ("uri", "redacted"),
    [
        pytest.param("file:///var/lib/a@b/img", "file:///var/lib/a@b/img", id="file-with-@"),
        pytest.param("rbd://fsid/p%40ol/img/snap", "rbd://fsid/p%40ol/img/snap", id="rbd"),
        pytest.param(
            "cinder://ceph/6f6d4ea5-0ab8-4b6b-9d13-9f0fa8d7d1f1",
            "cinder://ceph/6f6d4ea5-0ab8-4b6b-9d13-9f0fa8d7d1f1",
            id="cinder",
        ),
        pytest.param("http://example.com/a@b", "http://example.com/a@b", id="http-no-userinfo"),
    ],
)
def test_redacted_uri_of_a_location_without_secret_is_its_uri(uri: str, redacted: str) -> None:
    loc = get_location_from_uri(uri).store_location
    assert loc.get_redacted_uri() == redacted == loc.get_uri()


def test_default_redaction_of_a_store_class_of_ones_own_masks_userinfo() -> None:
    import attrs  # noqa: PLC0415 (only this test defines a store class)

    @attrs.frozen(kw_only=True, slots=True)
    class TokenStoreLocation(StoreLocation):
        token: str

        def get_uri(self) -> str:
            return f"token://robot:{self.token}@store.example.com/x"

    loc = TokenStoreLocation(token=SECRET)
    assert loc.get_redacted_uri() == "token://***@store.example.com/x"


@pytest.mark.parametrize(
    ("endpoint", "match"),
    [
        pytest.param("http://u:{s}@glance.example.com", "must not carry userinfo", id="userinfo"),
        # Regressions: yarl's message quoted the netloc; its chained int() error the port.
        pytest.param(
            "http://u:{s}\u2100@glance.example.com", "api_endpoint: authority", id="nfkc"
        ),
        pytest.param("http://glance.example.com:{s}/", "api_endpoint: port", id="port"),
    ],
)
def test_api_endpoint_errors_show_no_secret(endpoint: str, match: str) -> None:
    location = Location("file", FilesystemStoreLocation, None, uri="file:///x", image_id="1")
    with pytest.raises(ValueError, match=match) as info:
        location.get_uri(endpoint.format(s=SECRET))
    assert SECRET not in _exposed(info.value)
    assert info.value.__context__ is None


@pytest.mark.parametrize(
    ("password", "match"),
    [
        pytest.param(SECRET + "@x", "'password': authority: more than one '@'", id="at"),
        pytest.param(SECRET + "\n", "'password': URI contains the control", id="newline"),
        pytest.param(SECRET + "/x", "'password': port", id="slash"),
    ],
)
def test_specs_errors_show_no_secret(password: str, match: str) -> None:
    specs = {"scheme": "http", "netloc": "example.com", "user": "u", "password": password}
    with pytest.raises(BadStoreSpecs, match=match) as info:
        HttpStoreLocation.from_specs({**specs, "path": "/x", "query": "", "extra": SECRET})
    assert SECRET not in _exposed(info.value)
    assert info.value.keys == ("extra", "password")


def test_swift_references_hide_their_secrets() -> None:
    reference = SwiftReference(
        auth_address="https://keystone.example.com/v3",
        user="tenant:user",
        key=SECRET,
        application_credential_id="app-id",
        application_credential_secret=SECRET,
    )
    conf = StoreConfig(swift_references={"ref1": reference})
    for shown in (repr(reference), str(reference), repr(conf), str(conf)):
        assert SECRET not in shown
        assert "tenant:user" in shown
        assert "key='***'" in shown
        assert "application_credential_secret='***'" in shown

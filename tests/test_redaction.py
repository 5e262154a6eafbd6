"""Secrets never show: not in repr/str, redacted URIs, error messages, tracebacks, logs."""

from __future__ import annotations

import logging
import pickle
import traceback
import uuid

import attrs
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
    S3StoreLocation,
    SchemeInfo,
    SchemeRegistry,
    StoreConfig,
    StoreLocation,
    SwiftReference,
    SwiftStoreLocation,
    get_location_from_uri,
)
from glance_locations._redact import mask_query, mask_uri, query_credentials
from glance_locations.fields import secret_field
from glance_locations.stores import BUILTIN_STORES

# Distinctive, so that finding it anywhere can only mean a leak.
SECRET = f"S3CR3T-{uuid.uuid4()}"
# swift+config references hold their secrets in the configuration.
CONF = StoreConfig(
    swift_references={
        "ref1": SwiftReference(
            auth_address="https://keystone.example.com/v3", user="tenant:user", key=SECRET
        ),
        "app": SwiftReference(
            auth_address="http://keystone.example.com/v3",
            application_credential_id="app-id",
            application_credential_secret=SECRET,
        ),
    }
)


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
    pytest.param(
        "swift://account%3Auser:{s}@auth.example.com:5000/v3/glance/obj-1",
        SwiftStoreLocation,
        "swift://account%3Auser:***@auth.example.com:5000/v3/glance/obj-1",
        id="swift",
    ),
    pytest.param(
        "swift+http://user:{s}@[::1]:8080/v1/AUTH_x/glance/obj-1",
        SwiftStoreLocation,
        "swift+http://user:***@[::1]:8080/v1/AUTH_x/glance/obj-1",
        id="swift-ipv6",
    ),
    pytest.param(
        "swift+config://ref1/glance/obj-1",
        SwiftStoreLocation,
        "swift+config://ref1/glance/obj-1",
        id="swift+config-key",
    ),
    pytest.param(
        "swift+config://app/glance/obj-1",
        SwiftStoreLocation,
        "swift+config://app/glance/obj-1",
        id="swift+config-application-credential",
    ),
    pytest.param(
        "s3://AKIAEXAMPLE:{s}@s3.amazonaws.com/bucket/key-1",
        S3StoreLocation,
        "s3://AKIAEXAMPLE:***@s3.amazonaws.com/bucket/key-1",
        id="s3",
    ),
    pytest.param(
        "s3+https://AKIAEXAMPLE:{s}/with:slash@s3.example.com:9000/v1/bucket/key-1",
        S3StoreLocation,
        "s3+https://AKIAEXAMPLE:***@s3.example.com:9000/v1/bucket/key-1",
        id="s3-slash-in-secret",
    ),
]


@pytest.mark.parametrize(("template", "cls", "redacted"), STORES_WITH_SECRETS)
def test_secret_never_shows_on_a_valid_location(
    template: str, cls: type[StoreLocation], redacted: str
) -> None:
    uri = template.format(s=SECRET)
    loc = cls.from_uri(uri, conf=CONF)
    location = get_location_from_uri(uri, conf=CONF)
    assert type(location.store_location) is cls
    assert SECRET in repr(attrs.asdict(loc))  # the location holds the secret
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
    # swift: the key is percent-decoded, and a second scheme is refused.
    pytest.param("swift://u:{s}@http://auth.example.com/c/o", "more than one '://'", id="swift-2"),
    pytest.param("swift://u:{s}%zz@auth.example.com/c/o", "invalid percent-escape", id="swift-%"),
    pytest.param("swift://u:{s}%ff@auth.example.com/c/o", "not valid UTF-8", id="swift-utf8"),
    pytest.param("swift://u:{s}%0a@auth.example.com/c/o", "control character", id="swift-ctrl"),
    pytest.param("swift://u:{s}@auth.example.com/obj", "path: must end", id="swift-no-container"),
    pytest.param("swift://u:{s}@auth.example.com/c/o?x", "query", id="swift-query"),
    pytest.param("swift://u:{s}auth.example.com/c/o", "port", id="swift-missing-@"),
    pytest.param("swift+https://u:{s}@@auth.example.com/c/o", "more than one '@'", id="swift-@@"),
    # s3: every part raw; the secret key may hold '/' and ':'.
    pytest.param("s3://ak:{s}@@s3.example.com/b/k", "more than one '@'", id="s3-@@"),
    pytest.param("s3://ak:{s}@s3.example.com/b", "path: must end", id="s3-no-key"),
    pytest.param("s3://ak:{s}@s3.example.com/b/k?x=1", "query", id="s3-query"),
    pytest.param("s3://ak:{s}?@s3.example.com/b/k", "query", id="s3-query-in-secret"),
    pytest.param("s3+https://ak:{s}@https://s3.example.com/b/k", "more than one", id="s3-2"),
    pytest.param("s3://ak:{s}s3.example.com/b/k", "port", id="s3-missing-@"),
    pytest.param("s3://ak:{s}@s3.exa mple.com/b/k", "white-space", id="s3-space"),
    pytest.param("s3://:{s}@s3.example.com/b/k", "access key", id="s3-no-access-key"),
    pytest.param("s3://ak:{s}@:9000/b/k", "host: empty", id="s3-no-host"),
]


@pytest.mark.parametrize(("template", "match"), MALFORMED)
def test_secret_never_shows_in_an_error(template: str, match: str) -> None:
    uri = template.format(s=SECRET)
    with pytest.raises(BadStoreUri, match=match) as info:
        get_location_from_uri(uri, conf=CONF)
    err = info.value
    assert SECRET not in _exposed(err)
    assert err.uri is not None
    assert SECRET not in err.uri
    assert SECRET not in err.reason
    assert SECRET not in repr(pickle.loads(pickle.dumps(err)))
    # Nothing reachable from the error holds it either (chained causes are dropped).
    assert err.__cause__ is None
    assert err.__context__ is None


@pytest.mark.parametrize(
    "template",
    [
        # Found by hypothesis: the scheme separator and the '@' both mangled.
        pytest.param("http//alice:{s}0.0.0.0", id="no-separator"),
        pytest.param("s3:@//alice:{s}:colon0/0/k", id="at-in-separator"),
        pytest.param("swift//alice:{s}0/0/k", id="swift-no-separator"),
    ],
)
def test_secret_never_shows_whichever_store_refuses_it(template: str) -> None:
    uri = template.format(s=SECRET)
    for cls in BUILTIN_STORES.values():
        with pytest.raises(BadStoreUri, match="URI must start with one of") as info:
            cls.from_uri(uri, conf=CONF)
        assert SECRET not in _exposed(info.value)


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
    registry = SchemeRegistry()
    registry.register_scheme_map({"secret": {"location_class": cls, "store": "s"}})
    registry.register_scheme_backend_map({"secret": {"b1": SchemeInfo(location_class=cls)}})
    location = get_location_from_uri(uri, conf=CONF)
    with pytest.raises(GlanceStoreException):
        get_location_from_uri(uri + "#fragment", conf=CONF)
    with pytest.raises(ForbiddenLocation):
        LocationPolicy(allowed_schemes=frozenset()).check(location)
    Location("store", cls, CONF, uri=uri)
    messages = [record.getMessage() for record in caplog.records]
    # Registration names the class; the policy logs its refusal with the redacted URI.
    assert any(cls.__name__ in message for message in messages)
    assert any(redacted in message for message in messages)
    assert all(SECRET not in message for message in messages)
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
    pytest.param("@http://u:secret/x", "***@http://u:***/x", id="at-before-scheme"),
    pytest.param("a@b://u:secret0/x", "***@b://u:***/x", id="at-in-scheme"),
    # Found by hypothesis: the scheme separator and the '@' both mangled.
    pytest.param("http//u:secret0.0.0.0", "http//u:***", id="no-separator"),
    pytest.param("s3:@//ak:secret:x0/b/k", "s3:***@//ak:***/b/k", id="at-in-separator"),
    pytest.param("http://u:p@h:8080/a:b", "http://***@h:8080/a:***", id="after-userinfo"),
    pytest.param("http://u:p@[::1]:zz/x", "http://***@[::1]:***/x", id="ipv6-after-userinfo"),
    pytest.param("HTTP://u:secret/x", "HTTP://u:***/x", id="upper-case-scheme"),
    # Credentials in a query.
    pytest.param(
        "https://h/o?X-Amz-Signature=abc&v=1", "https://h/o?X-Amz-Signature=***&v=1", id="query"
    ),
    pytest.param("https://u:p@h/o?token=t", "https://***@h/o?token=***", id="query-and-userinfo"),
    pytest.param("https://h/o?a=1 token=t&sig=s", "https://h/o?a=1 token=t&sig=***", id="junk"),
    pytest.param("https://h/o?%6Bey=k#f", "https://h/o?%6Bey=***#f", id="encoded-name"),
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


def test_a_secret_field_of_a_store_class_of_ones_own_is_masked_even_if_render_forgets() -> None:
    @attrs.frozen(kw_only=True, slots=True)
    class TokenStoreLocation(StoreLocation):
        token: str | None = secret_field()

        @classmethod
        def parse(
            cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
        ) -> TokenStoreLocation:
            raise NotImplementedError  # never parsed here: built directly

        def render(self, *, redact: bool) -> str:
            # A store that forgets to mask: the base masks its secret fields' values.
            return f"token://robot:{self.token}@store.example.com/x"

    loc = TokenStoreLocation(token=SECRET)
    assert loc.get_redacted_uri() == "token://robot:***@store.example.com/x"
    assert SECRET not in repr(loc)
    assert loc.get_uri() == f"token://robot:{SECRET}@store.example.com/x"


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
        pytest.param(SECRET + "@x", "'password': userinfo: the password holds '@'", id="at"),
        pytest.param(
            SECRET + "\n", "'password': userinfo: the password contains the cont", id="newline"
        ),
        pytest.param(SECRET + "/x", "'password': userinfo: the password holds '/'", id="slash"),
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


def test_vsphere_redacted_uri_keeps_an_at_sign() -> None:
    uri = "vsphere://vcenter.example.com/folder/team@site/img-1?dcPath=dc&dsName=ds"
    loc = get_location_from_uri(uri).store_location
    assert loc.get_redacted_uri() == uri == loc.get_uri()


def test_api_endpoint_of_the_wrong_type_is_a_type_error() -> None:
    location = Location("file", FilesystemStoreLocation, None, uri="file:///x", image_id="1")
    with pytest.raises(TypeError, match=r"api_endpoint must be str or yarl\.URL, not int"):
        location.get_uri(5)  # type: ignore[arg-type]


# --- credentials in a query (contract) ------------------------------------------------

QUERIES = [
    pytest.param("", (), "", id="empty"),
    pytest.param("a=1&b=2", (), "a=1&b=2", id="none"),
    pytest.param(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20250101%2Fus-east-1"
        "&X-Amz-Date=20250101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
        "&X-Amz-Security-Token=FQo%2Bx&X-Amz-Signature=8f3c",
        ("X-Amz-Credential", "X-Amz-Security-Token", "X-Amz-Signature"),
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***"
        "&X-Amz-Date=20250101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
        "&X-Amz-Security-Token=***&X-Amz-Signature=***",
        id="s3-presigned",
    ),
    pytest.param(
        "X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=sa%40p.iam&X-Goog-Signature=1a2b",
        ("X-Goog-Credential", "X-Goog-Signature"),
        "X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=***&X-Goog-Signature=***",
        id="gcs-signed",
    ),
    pytest.param(
        "temp_url_sig=da39a3ee&temp_url_expires=1700000000",
        ("temp_url_sig",),
        "temp_url_sig=***&temp_url_expires=1700000000",
        id="swift-tempurl",
    ),
    pytest.param(
        "sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01&sig=abc%2Bdef%3D",
        ("sig",),
        "sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01&sig=***",
        id="azure-sas",
    ),
    pytest.param(
        "TOKEN=a&Access_Token=b&auth=c&PASSWORD=d&secret=e&api_key=f&ApiKey=g&key=h",
        ("TOKEN", "Access_Token", "auth", "PASSWORD", "secret", "api_key", "ApiKey", "key"),
        "TOKEN=***&Access_Token=***&auth=***&PASSWORD=***&secret=***&api_key=***&ApiKey=***"
        "&key=***",
        id="tokens-any-case",
    ),
    pytest.param(
        "%74oken=a&x%2Damz%2Dsignature=b",
        ("%74oken", "x%2Damz%2Dsignature"),
        "%74oken=***&x%2Damz%2Dsignature=***",
        id="percent-encoded-names",
    ),
    pytest.param("a=1;key=k;b=2", ("key",), "a=1;key=***;b=2", id="semicolons"),
    pytest.param("token=&key&sig", (), "token=&key&sig", id="no-value-no-credential"),
    pytest.param("token=a=b&&x", ("token",), "token=***&&x", id="value-holding-equals"),
    pytest.param("keys=1&tokens=2&mykey=3", (), "keys=1&tokens=2&mykey=3", id="other-names"),
    pytest.param("k%65y=\udcff&x=\u00e9", ("k%65y",), "k%65y=***&x=\u00e9", id="unicode"),
]


@pytest.mark.parametrize(("query", "names", "masked"), QUERIES)
def test_query_credentials(query: str, names: tuple[str, ...], masked: str) -> None:
    assert query_credentials(query) == names
    assert mask_query(query) == masked


@pytest.mark.parametrize("function", [query_credentials, mask_query])
def test_query_functions_refuse_what_is_not_text(function: object) -> None:
    assert callable(function)
    with pytest.raises(TypeError, match="query must be a str, not bytes"):
        function(b"token=x")


@pytest.mark.parametrize(
    "text",
    [
        # Found by atheris: a bracket "literal" holding '/' and a masked query parameter.
        "https://[fe80:sig=:5.1/xmg?sig=os.i\xeemg:%25eth0]/x",
        "https://[::1]:8080/x?token=abc",
        "http://u:p@[fe80::1]/a:b",
    ],
)
def test_mask_uri_masks_the_same_when_run_again(text: str) -> None:
    once = mask_uri(text)
    assert mask_uri(once) == once

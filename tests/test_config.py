"""StoreConfig, SwiftReference and reading glance-swift.conf."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import attrs
import pytest

from glance_locations import BadStoreConfiguration, StoreConfig, SwiftReference


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glance-swift.conf"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
[ref1]
auth_address = https://keystone.example.com/v3
user = tenant:glance
key = s3cr3t
application_credential_id = app-id
application_credential_secret = app-s3cr3t
project_name = service
project_id = p-id
user_domain_id = ud-id
user_domain_name = ud-name
project_domain_id = pd-id
project_domain_name = pd-name
auth_version = 3
""",
    )
    conf = StoreConfig.from_swift_config(path)
    assert conf == StoreConfig(
        swift_references={
            "ref1": SwiftReference(
                auth_address="https://keystone.example.com/v3",
                user="tenant:glance",
                key="s3cr3t",
                application_credential_id="app-id",
                application_credential_secret="app-s3cr3t",
                project_name="service",
                project_id="p-id",
                user_domain_id="ud-id",
                user_domain_name="ud-name",
                project_domain_id="pd-id",
                project_domain_name="pd-name",
            )
        }
    )
    assert conf.default_swift_reference == "ref1"


def test_sections_quotes_and_defaults(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
[DEFAULT]
user_domain_id = default

[ref1]
auth_address = "http://a.example.com/v3"
user = 'glance'
key = "it's"

[ref2]
auth_address = b.example.com
user = glance
key = trailing'
project_name = ''
""",
    )
    conf = StoreConfig.from_swift_config(str(path), default_swift_reference="ref2")
    assert conf.default_swift_reference == "ref2"
    assert list(conf.swift_references) == ["ref1", "ref2"]
    ref1, ref2 = conf.swift_references["ref1"], conf.swift_references["ref2"]
    assert (ref1.auth_address, ref1.user, ref1.key) == (
        "http://a.example.com/v3",
        "glance",
        "it's",
    )
    # A value that does not start with a quote is taken as written.
    assert (ref2.auth_address, ref2.key) == ("b.example.com", "trailing'")
    assert ref2.project_name is None  # empty means unset
    assert ref1.user_domain_id == ref2.user_domain_id == "default"


def test_percent_interpolation_as_glance_store(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
[ref1]
auth_address = https://k.example.com
user = glance
key = 100%%-%(user)s
""",
    )
    ref = StoreConfig.from_swift_config(path).swift_references["ref1"]
    assert ref.key == "100%-glance"


BAD = [
    pytest.param(
        '[ref1]\nauth_address = k\nuser = u\nkey = "s3cr3t\n',
        r"section \[ref1\] key 'key': unclosed quote",
        id="unclosed-double",
    ),
    pytest.param(
        "[ref1]\nauth_address = k\nuser = u\nkey = 's3cr3t\"\n",
        r"section \[ref1\] key 'key': unclosed quote",
        id="mismatched",
    ),
    pytest.param(
        "[ref1]\nauth_address = k\nuser = u\nkey = '\n",
        r"section \[ref1\] key 'key': unclosed quote",
        id="lone-quote",
    ),
    pytest.param(
        "[ref1]\nauth_address = k\nkey = 50%s3cr3t\n",
        r"section \[ref1\] key 'key': bad '%' interpolation",
        id="bad-interpolation",
    ),
    pytest.param(
        "[ref1]\nauth_address = k\npasword = s3cr3t\n",
        r"section \[ref1\]: unknown key 'pasword'",
        id="unknown-key",
    ),
    pytest.param(
        "[ref1]\nuser = u\nkey = s3cr3t\n",
        r"section \[ref1\]: 'auth_address' is missing or empty",
        id="no-auth-address",
    ),
    pytest.param(
        "[ref1]\nauth_address = ''\nkey = s3cr3t\n",
        r"'auth_address' is missing or empty",
        id="empty-auth-address",
    ),
    pytest.param(
        "key = s3cr3t\n[ref1]\n",
        r"line 1: a line before the first \[section\] header",
        id="no-section",
    ),
    pytest.param(
        "[ref1]\nauth_address = k\nkey = s3cr3t\nkey = s3cr3t\n",
        r"line 4: section \[ref1\] repeats key 'key'",
        id="duplicate-key",
    ),
    pytest.param("[ref1]\ns3cr3t\n", "line 2: not 'key = value'", id="not-ini"),
]


@pytest.mark.parametrize(("text", "match"), BAD)
def test_bad_file(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(BadStoreConfiguration, match=match) as info:
        StoreConfig.from_swift_config(_write(tmp_path, text))
    assert "s3cr3t" not in str(info.value)
    assert "s3cr3t" not in repr(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadStoreConfiguration, match=r"cannot read swift config .*nope\.conf"):
        StoreConfig.from_swift_config(tmp_path / "nope.conf")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.conf"
    path.write_bytes(b"[ref1]\nauth_address = k\nkey = s\xe9cret\n")
    with pytest.raises(BadStoreConfiguration, match="is not valid UTF-8"):
        StoreConfig.from_swift_config(path)


def test_value_semantics() -> None:
    ref = SwiftReference(
        auth_address="k", user="u", key="s3cr3t", application_credential_secret="app-s3cr3t"
    )
    conf = StoreConfig(swift_references={"ref1": ref}, default_swift_reference="ref1")
    assert pickle.loads(pickle.dumps(conf)) == conf
    assert pickle.loads(pickle.dumps(ref)) == ref
    assert hash(conf) == hash(StoreConfig(swift_references={"ref1": ref}))
    assert conf != StoreConfig()
    assert "s3cr3t" not in repr(conf)
    assert "key='***'" in repr(ref)
    assert "application_credential_secret='***'" in repr(ref)
    with pytest.raises(TypeError):
        conf.swift_references["ref2"] = ref  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ref.key = "other"  # type: ignore[misc]


def test_references_are_copied() -> None:
    refs = {"ref1": SwiftReference(auth_address="k")}
    conf = StoreConfig(swift_references=refs)
    refs["ref2"] = SwiftReference(auth_address="k2")
    assert list(conf.swift_references) == ["ref1"]


def test_references_must_be_swift_references() -> None:
    with pytest.raises(
        TypeError, match=re.escape("must be <class 'glance_locations.config.SwiftReference'>")
    ):
        StoreConfig(swift_references={"ref1": "k"})  # type: ignore[dict-item]


# --- nothing of the file in an error, nor in anything reachable from it (issue 12) ----

SECRET = "Sw1ftS3cr3t-7c4e"


def _reachable(obj: object, seen: set[int] | None = None) -> list[str | bytes]:
    """Every str and bytes reachable from an error: its args, attributes, the errors
    chained to it (``__cause__``, ``__context__``), recursively, and the repr of the
    locals of the frames it was raised through (what an error tracker records)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, str | bytes):
        return [obj]
    if isinstance(obj, tuple | list | set | frozenset):
        items = cast("Iterable[object]", obj)  # (isinstance: Unknown items)
        return [text for item in items for text in _reachable(item, seen)]
    if isinstance(obj, dict):
        pairs = cast("dict[object, object]", obj).items()
        return [text for item in pairs for text in _reachable(item, seen)]
    if not isinstance(obj, BaseException):
        return [repr(obj)]
    found = [str(obj), repr(obj)]
    parts: list[object] = [obj.args, obj.__cause__, obj.__context__, vars(obj)]
    if isinstance(obj, UnicodeError):
        parts.append(getattr(obj, "object", None))
    # The first frame is the test's own, which wrote the file.
    tb = obj.__traceback__.tb_next if obj.__traceback__ is not None else None
    while tb is not None:
        parts += [repr(value) for value in tb.tb_frame.f_locals.values()]
        tb = tb.tb_next
    return found + [text for part in parts if part is not None for text in _reachable(part, seen)]


CHAIN_CASES = [
    pytest.param(
        f"[ref1]\nauth_address = k\nkey = {SECRET}\xe9\n", "not valid UTF-8", id="latin-1"
    ),
    pytest.param(f"[ref1]\nauth_address = k\nkey = {SECRET}%\n", "bad '%'", id="lone-percent"),
    pytest.param(
        f"[ref1]\nauth_address = k\nkey = {SECRET}%(x)s\n", "bad '%'", id="missing-reference"
    ),
    pytest.param(f"[ref1]\nauth_address = k\nkey = %(key)s{SECRET}\n", "bad '%'", id="recursion"),
    pytest.param(f"key = {SECRET}\n[ref1]\n", r"line 1: a line before", id="no-section-header"),
    pytest.param(f"[ref1]\nauth_address = k\n{SECRET}\n", "line 3: not 'key = value'", id="line"),
    pytest.param(
        f"[ref1]\nauth_address = k\nkey = {SECRET}\nkey = {SECRET}\n", "repeats key", id="dup"
    ),
    pytest.param(f"[ref1]\nauth_address = k\nkey = '{SECRET}\n", "unclosed quote", id="quote"),
    pytest.param(
        f"[ref1]\nauth_address = k\nkey = {SECRET}\npasword = {SECRET}\n",
        "unknown key 'pasword'",
        id="unknown-key-after-the-key",
    ),
    pytest.param(f"[ref1]\nkey = {SECRET}\n", "'auth_address' is missing", id="no-auth"),
]


@pytest.mark.parametrize(("text", "match"), CHAIN_CASES)
def test_no_value_reachable_from_the_error(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "glance-swift.conf"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(BadStoreConfiguration, match=match) as info:
        StoreConfig.from_swift_config(path)
    reachable = _reachable(info.value)
    assert reachable
    for found in reachable:
        if isinstance(found, bytes):
            assert SECRET.encode() not in found
        else:
            assert SECRET not in found


def test_not_utf8_names_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.conf"
    path.write_bytes(b"[ref1]\nauth_address = k\nkey = s\xe9cret\n")
    with pytest.raises(BadStoreConfiguration, match=r"not valid UTF-8 \(line 3, column 8\)"):
        StoreConfig.from_swift_config(path)

"""StoreConfig, SwiftReference and reading glance-swift.conf."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

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
        "at line 1: MissingSectionHeaderError",
        id="no-section",
    ),
    pytest.param(
        "[ref1]\nauth_address = k\nkey = s3cr3t\nkey = s3cr3t\n",
        "at line 4: DuplicateOptionError",
        id="duplicate-key",
    ),
    pytest.param("[ref1]\ns3cr3t\n", "ParsingError", id="not-ini"),
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

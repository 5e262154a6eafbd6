"""A field's rule is declared with the field, read from its resolved type when the class
is made; a declaration that cannot work fails then, not at the first instance."""

from __future__ import annotations

import typing
from typing import Optional, Union

import attrs
import pytest

import glance_locations as gl
from glance_locations import BadStoreLocation, StoreConfig, StoreLocation, components
from glance_locations.fields import rule, secret_repr


def _class(**fields: object) -> type[StoreLocation]:
    """A store class of one's own with ``fields`` (attrs fields or plain defaults)."""

    class Store(StoreLocation):
        SCHEMES = ("own",)
        __annotations__ = {name: value[0] for name, value in fields.items()}  # type: ignore[index]  # (annotation, field)
        locals().update({name: value[1] for name, value in fields.items()})  # type: ignore[index]

        @classmethod
        def parse(cls, text: str, *, conf: StoreConfig | None, backend_group: str | None) -> Store:
            raise NotImplementedError

        def render(self, *, redact: bool) -> str:
            return "own://" + "/".join(str(getattr(self, name)) for name in fields)

    return attrs.frozen(kw_only=True, slots=True)(Store)


@pytest.mark.parametrize(
    "annotation",
    [str | None, Optional[str], Union[str, None], "str | None", "Optional[str]"],  # noqa: UP007, UP045 (the spellings under test)
)
@pytest.mark.parametrize("value", [42, b"x", "", "a\nb", 1.5])
def test_an_optional_text_field_refuses_what_is_not_text_however_spelled(
    annotation: object, value: object
) -> None:
    cls = _class(name=(annotation, None))
    with pytest.raises(BadStoreLocation) as info:
        typing.cast("typing.Callable[..., object]", cls)(name=value)
    assert info.value.keys == ("name",)
    assert typing.cast("typing.Callable[..., object]", cls)(name=None) is not None


def test_a_check_that_is_not_callable_fails_when_the_declaration_is_written() -> None:
    with pytest.raises(TypeError, match="callable"):
        rule("netloc")  # type: ignore[arg-type]  # the typo under test


@pytest.mark.parametrize(
    ("field", "match"),
    [
        (attrs.field(metadata={"glance_locations.chek": components.netloc}), "unknown metadata"),
        (attrs.field(metadata={"glance_locations.check": "netloc"}), "not callable"),
        (attrs.field(default=None, metadata={"glance_locations.secret": True}), "repr"),
    ],
    ids=["misspelled-key", "check-not-callable", "secret-shown-by-repr"],
)
def test_a_declaration_that_cannot_work_fails_when_the_class_is_made(
    field: object, match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        _class(host=("str | None", field))


def test_a_check_on_a_field_that_is_not_text_fails_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="takes text"):
        _class(port=(int, attrs.field(metadata=rule(components.netloc))))


def test_a_field_of_another_type_holds_an_instance_of_it() -> None:
    cls = typing.cast("typing.Callable[..., object]", _class(port=(int, attrs.field())))
    assert cls(port=5) is not None
    with pytest.raises(BadStoreLocation, match="expected int, not str"):
        cls(port="5")


def test_a_required_secret_is_declared_and_masked() -> None:
    cls = _class(
        token=(
            str,
            attrs.field(metadata=rule(components.name("token"), secret=True), repr=secret_repr),
        )
    )
    make = typing.cast("typing.Callable[..., StoreLocation]", cls)
    loc = make(token="hunter2")
    assert "hunter2" not in repr(loc)
    assert gl.secret_fields(cls) == ("token",)
    with pytest.raises(TypeError):
        make()  # required
    with pytest.raises(BadStoreLocation, match="token"):
        make(token="")


def test_a_post_init_that_skips_the_rules_fails_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="super"):

        @attrs.frozen(kw_only=True, slots=True)
        class Skips(gl.RbdStoreLocation):
            def __attrs_post_init__(self) -> None:
                pass


def test_evolving_a_swift_config_location_away_from_its_reference_is_refused() -> None:
    conf = StoreConfig(
        swift_references={
            "ref1": gl.SwiftReference(auth_address="https://keystone/v3", user="u", key="k")
        }
    )
    loc = gl.SwiftStoreLocation.from_uri("swift+config://ref1/c/o", conf=conf)
    with pytest.raises(BadStoreLocation, match="auth address of the reference"):
        attrs.evolve(loc, auth_or_store_url="169.254.169.254/v1")
    assert attrs.evolve(loc, obj="o2").get_uri() == "swift+config://ref1/c/o2"


def test_an_s3_secret_key_starting_with_two_slashes_is_refused() -> None:
    # 'AK:' then '//...' would write a second '://': the URI would not parse back.
    loc = gl.S3StoreLocation.from_uri("s3://AK:sk@s3.example.com/b/k")
    with pytest.raises(BadStoreLocation, match="secret key starts with '//'"):
        attrs.evolve(loc, secretkey="//abc")
    assert attrs.evolve(loc, secretkey="a//b").get_uri() == "s3://AK:a//b@s3.example.com/b/k"


def test_an_rbd_location_too_long_once_quoted_is_refused() -> None:
    name = "\U0001f600" * 6000  # 6,000 characters, 72,000 once percent-quoted
    with pytest.raises(BadStoreLocation, match="longer than 65536"):
        gl.RbdStoreLocation(fsid="f", pool="p", image=name, snapshot="s")
    fits = gl.RbdStoreLocation(fsid="f", pool="p", image="\U0001f600" * 5000, snapshot="s")
    assert gl.RbdStoreLocation.from_uri(fits.get_uri()) == fits


def test_caches_hold_classes_only_and_can_be_emptied() -> None:
    gl.HttpStoreLocation.from_specs({"netloc": "example.com", "user": "u", "password": "pw"})
    infos = gl.cache_info()
    assert infos
    assert all(info.currsize <= info.maxsize for info in infos.values())
    gl.cache_clear()
    assert all(info.currsize == 0 for info in gl.cache_info().values())

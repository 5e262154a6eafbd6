"""Construction: attrs writes every ``__init__``, and every instance runs the rules.

A store class's ``__init__`` is attrs' own, for its whole life (no method is replaced
after the first instance): its parameters and defaults, converters, factories, field
validators and post-inits work as attrs documents them, and every rule is enforced.
"""

from __future__ import annotations

import inspect

import attrs
import pytest

import glance_locations as gl
from glance_locations import BadStoreLocation, StoreConfig, StoreLocation
from glance_locations.stores import BUILTIN_STORES

URIS = {
    "file": "file:///var/lib/glance/images/x",
    "http": "https://user:pw@example.com:8443/a?b=c",
    "swift": "swift+https://acct%3Auser:key@keystone.example.com/v3/glance/obj",
    "s3": "s3+https://ak:sk@s3.example.com/bucket/key",
    "rbd": "rbd://fsid/images/img/snap",
    "cinder": "cinder://0b5d6d1c-58c7-4a7c-9a5f-4d4e0ab0f3a1",
    "vsphere": "vsphere://vc.example.com/folder/openstack_glance/x?dcPath=dc1&dsName=ds1",
}


def _attrs_parameters(cls: type[StoreLocation]) -> list[tuple[str, object, bool]]:
    """(name, default, keyword-only) of each parameter attrs' __init__ has."""
    return [
        (field.alias, inspect.Parameter.empty if field.default is attrs.NOTHING else field.default,
         field.kw_only)
        for field in attrs.fields(cls)
    ]  # fmt: skip


@pytest.mark.parametrize("store", sorted(URIS))
def test_builtin_store_after_first_construction(store: str) -> None:
    loc = gl.get_location_from_uri(URIS[store]).store_location
    cls = type(loc)
    assert type(loc) in set(BUILTIN_STORES.values())
    # attrs' __init__, with attrs' parameters and defaults, after any number of instances
    assert cls.__init__.__code__.co_filename.startswith("<attrs generated")
    parameters = inspect.signature(cls).parameters.values()
    assert [(p.name, p.default, p.kind is p.KEYWORD_ONLY) for p in parameters] == (
        _attrs_parameters(cls)
    )
    # it rebuilds an equal location, and attrs.evolve goes through it
    values = {field.alias: getattr(loc, field.name) for field in attrs.fields(cls)}
    assert cls(**values) == loc
    assert attrs.evolve(loc) == loc
    assert attrs.evolve(loc, backend_group="b2").backend_group == "b2"
    # and every rule still holds: a bad value, or two, all named at once
    with pytest.raises(BadStoreLocation) as caught:
        attrs.evolve(loc, backend_group="has space")
    assert caught.value.problems[0][0] == "backend_group"
    with pytest.raises(TypeError):
        cls(**values, no_such_field="x")  # type: ignore[call-arg]  # the error under test


def test_cross_field_rule_after_first_construction() -> None:
    loc = gl.SwiftStoreLocation.from_uri(URIS["swift"])
    with pytest.raises(BadStoreLocation, match="user"):
        attrs.evolve(loc, key=None)  # a user without a key
    second = gl.HttpStoreLocation.from_uri(URIS["http"])
    with pytest.raises(BadStoreLocation) as caught:
        attrs.evolve(second, netloc="example.com:99999", path="no-slash")
    assert {field for field, _ in caught.value.problems} == {"netloc", "path"}


def test_converter_applied() -> None:
    gl.FilesystemStoreLocation.from_uri("file:///a")  # the class's first construction
    loc = gl.FilesystemStoreLocation(scheme="filesystem", path="/b")
    assert loc == gl.FilesystemStoreLocation.from_uri("filesystem:///b")


def _lower(text: str) -> str:
    return text.lower()


@attrs.frozen(kw_only=True, slots=True)
class _Nfs(StoreLocation):
    """A store of one's own with a positional field, a factory and a converter."""

    SCHEMES = ("nfs",)
    server: str = attrs.field(kw_only=False, converter=_lower)
    path: str = "/"
    options: tuple[str, ...] = attrs.field(factory=tuple)

    @classmethod
    def parse(cls, text: str, *, conf: StoreConfig | None, backend_group: str | None) -> _Nfs:
        server, _, path = text.removeprefix("nfs://").partition("/")
        return cls(server, path="/" + path, backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        return f"nfs://{self.server}{self.path}"


def test_store_of_ones_own_with_positional_factory_converter() -> None:
    first = _Nfs.from_uri("nfs://N1/x")  # attrs' __init__, then the generated one
    second = _Nfs("N1", path="/x")
    assert first == second
    assert second.server == "n1"
    assert second.options == ()
    assert _Nfs("n2", options=("ro",)).options == ("ro",)
    assert _Nfs.__init__.__code__.co_filename.startswith("<attrs generated")
    params = list(inspect.signature(_Nfs).parameters.values())
    assert params[0].name == "server"
    assert params[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    with pytest.raises(BadStoreLocation, match="server"):
        _Nfs("")  # an empty string field
    with pytest.raises(BadStoreLocation, match="path"):
        _Nfs("n1", path="bad\nline")


_SEEN: list[str] = []


@attrs.frozen(kw_only=True, slots=True)
class _Validated(StoreLocation):
    """attrs' __init__ does more here (a field validator): it is kept."""

    SCHEMES = ("val",)
    name: str = attrs.field(validator=lambda _self, _attribute, value: _SEEN.append(value))

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> _Validated:
        return cls(name=text.removeprefix("val://"), backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        return f"val://{self.name}"


def test_class_with_field_validator_keeps_attrs_init() -> None:
    _Validated.from_uri("val://a")
    _Validated(name="b")
    assert _SEEN[-2:] == ["a", "b"]  # the field validator ran both times
    assert _Validated.__init__.__code__.co_filename.startswith("<attrs generated")
    with pytest.raises(BadStoreLocation, match="name"):
        _Validated(name="")  # and the location's own rules still run


class _PlainSubclass(gl.RbdStoreLocation):
    """Not an attrs class: it inherits the generated __init__ of its base."""

    __slots__ = ()


def test_plain_subclass_uses_inherited_init_and_its_own_rules() -> None:
    gl.RbdStoreLocation.from_uri("rbd://f/p/i/s")
    loc = _PlainSubclass(fsid="f", pool="p", image="i", snapshot="s")
    assert type(loc) is _PlainSubclass
    assert loc.get_uri() == "rbd://f/p/i/s"
    with pytest.raises(BadStoreLocation, match="pool"):
        _PlainSubclass(fsid="f", pool="", image="i", snapshot="s")


_POST_INITS: list[str] = []


@attrs.frozen(kw_only=True, slots=True)
class _WithPostInit(StoreLocation):
    """A store of one's own whose post-init does more than validate."""

    SCHEMES = ("post",)
    name: str

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _POST_INITS.append(self.name)

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> _WithPostInit:
        return cls(name=text.removeprefix("post://"), backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        return f"post://{self.name}"


@attrs.frozen(kw_only=True, slots=True)
class _SubOfPostInit(_WithPostInit):
    """Inherits that post-init: attrs' __init__ must keep calling it."""

    extra: str = "e"


@pytest.mark.parametrize("cls", [_WithPostInit, _SubOfPostInit])
def test_own_post_init_keeps_running(cls: type[_WithPostInit]) -> None:
    cls(name="first")
    cls(name="second")
    assert _POST_INITS[-2:] == ["first", "second"]
    assert cls.__init__.__code__.co_filename.startswith("<attrs generated")
    with pytest.raises(BadStoreLocation, match="name"):
        cls(name="")


# --- from_specs: the converter builds what the constructor builds ----------------------


@attrs.frozen(kw_only=True, slots=True)
class _Export(StoreLocation):
    """A store of one's own, str fields only: from_specs takes the builder's path."""

    SCHEMES = ("export",)
    server: str = attrs.field(kw_only=False, converter=_lower)
    path: str = "/"

    @classmethod
    def parse(cls, text: str, *, conf: StoreConfig | None, backend_group: str | None) -> _Export:
        server, _, path = text.removeprefix("export://").partition("/")
        return cls(server, path="/" + path, backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        return f"export://{self.server}{self.path}"


def test_from_specs_builds_what_the_constructor_builds() -> None:
    loc = _Export.from_specs({"server": "N1"})  # the converter, the default
    assert loc == _Export("n1")
    assert type(loc) is _Export
    assert _Export.from_specs({"server": "n1", "path": "/x"}, backend_group="b") == _Export(
        "n1", path="/x", backend_group="b"
    )
    # every rule still runs, each problem keyed by the dict's key
    with pytest.raises(gl.BadStoreSpecs) as caught:
        _Export.from_specs({"server": "", "path": "bad\nline"})
    assert {key for key, _ in caught.value.problems} == {"server", "path"}
    with pytest.raises(gl.BadStoreSpecs) as caught:
        _Export.from_specs({"server": "n1"}, backend_group="has space")
    assert [key for key, _ in caught.value.problems] == ["backend_group"]
    # a required key missing, a value of another type: the converter names them
    with pytest.raises(gl.BadStoreSpecs) as caught:
        _Export.from_specs({"path": "/x"})
    assert list(caught.value.problems) == [("server", "required key missing")]
    with pytest.raises(gl.BadStoreSpecs) as caught:
        _Export.from_specs({"server": "n1", "path": 5})
    assert [key for key, _ in caught.value.problems] == ["path"]


@pytest.mark.parametrize("store", sorted(set(URIS) - {"vsphere"}))
def test_builtin_from_specs_equals_construction(store: str) -> None:
    loc = gl.get_location_from_uri(URIS[store]).store_location
    cls = type(loc)
    specs = loc.to_specs()
    rebuilt = cls.from_specs(specs, backend_group="g")
    assert rebuilt == attrs.evolve(loc, backend_group="g")
    assert cls.from_specs(specs) == loc
    # a key no field has, and backend_group as a key, are refused by name
    with pytest.raises(gl.BadStoreSpecs) as caught:
        cls.from_specs({**specs, "backend_group": "g"})
    assert [key for key, _ in caught.value.problems] == ["backend_group"]
    with pytest.raises(gl.BadStoreSpecs) as caught:
        cls.from_specs({**specs, "no_such_key": "x"})
    assert ("no_such_key", "unknown key") in caught.value.problems


_NEW_CALLS: list[str] = []


@attrs.frozen(kw_only=True, slots=True)
class _OwnNew(StoreLocation):
    """A store of one's own with a ``__new__``: construction must keep calling it."""

    SCHEMES = ("own",)
    name: str

    def __new__(cls, *_args: object, **kwargs: object) -> _OwnNew:
        _NEW_CALLS.append(str(kwargs.get("name")))
        return super().__new__(cls)

    @classmethod
    def parse(cls, text: str, *, conf: StoreConfig | None, backend_group: str | None) -> _OwnNew:
        return cls(name=text.removeprefix("own://"), backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        return f"own://{self.name}"


def test_class_with_its_own_new_keeps_it() -> None:
    _OwnNew(name="a")
    assert _OwnNew.from_specs({"name": "b"}) == _OwnNew(name="b")
    assert _NEW_CALLS[-3:] == ["a", "b", "b"]  # from_specs went through __new__ too

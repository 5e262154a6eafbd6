"""End-to-end tests of the ``glance-locations`` command, run as a user runs it.

The installed console script (next to ``sys.executable``, as in the nox ``tests`` session)
is started in a subprocess. From a source checkout where the package is not installed,
the same code runs as ``python -m glance_locations`` instead.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import cast

import attrs
import pytest

import glance_locations
from tests.helpers import run_on_a_terminal

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
UUID = "0d6c1b7e-4ac3-4c5b-9f5e-2f9d3b1c8a10"
VOLUME = "2a9c4e6f-8b0d-4f2a-9c4e-6f8b0d2f4a6c"
SECRET = "S3CR3T-9b2f4c6d"


def _command() -> tuple[list[str], dict[str, str]]:
    """The command line to run, and its environment."""
    env = dict(os.environ)
    try:
        distribution("glance-locations")
    except PackageNotFoundError:
        # A source checkout on PYTHONPATH: no console script; tests may change directory.
        env["PYTHONPATH"] = str(Path(glance_locations.__file__).parents[1])
        return [sys.executable, "-m", "glance_locations"], env
    script = Path(sys.executable).with_name("glance-locations")
    assert script.is_file(), f"the package is installed but {script} is missing"
    return [str(script)], env


COMMAND, ENV = _command()


@attrs.frozen
class Result:
    status: int
    stdout: str
    stderr: str

    @property
    def json_lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.stdout.splitlines()]


#: What makes coverage measure a subprocess (coverage's ``patch = ["subprocess"]``).
COVERAGE_VARIABLES = ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")


def run(
    *args: str | bytes, stdin: bytes = b"", cwd: Path | None = None, coverage: bool = True
) -> Result:
    env = ENV if coverage else {k: v for k, v in ENV.items() if k not in COVERAGE_VARIABLES}
    done = subprocess.run(  # noqa: S603 (our own command, arguments from the tests)
        [*COMMAND, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    return Result(done.returncode, done.stdout.decode(), done.stderr.decode())


def assert_one_error_line(result: Result, message: str) -> None:
    """Exit status 2, nothing on stdout, exactly ``message`` as one line on stderr."""
    assert result.status == 2
    assert result.stdout == ""
    assert result.stderr == f"glance-locations: error: {message}\n"


# --- parse ---------------------------------------------------------------------------


def test_parse_prints_store_scheme_fields_and_redacted_uri() -> None:
    uri = f"https://mirror:{SECRET}@images.example.org:8443/glance/{UUID}?v=2"
    result = run("parse", uri)
    assert result.status == 0
    assert result.stderr == ""
    assert result.json_lines == [
        {
            "valid": True,
            "store": "http",
            "scheme": "https",
            "class": "HttpStoreLocation",
            "uri": f"https://mirror:***@images.example.org:8443/glance/{UUID}?v=2",
            "fields": {
                "backend_group": None,
                "scheme": "https",
                "netloc": "images.example.org:8443",
                "user": "mirror",
                "password": "***",
                "path": f"/glance/{UUID}",
                "query": "v=2",
            },
            "specs": {
                "scheme": "https",
                "netloc": "images.example.org:8443",
                "user": "mirror",
                "password": "***",
                "path": f"/glance/{UUID}",
                "query": "v=2",
            },
        }
    ]
    assert SECRET not in result.stdout


def test_parse_show_secrets() -> None:
    uri = f"https://mirror:{SECRET}@images.example.org/{UUID}"
    [record] = run("parse", "--show-secrets", uri).json_lines
    assert record["uri"] == uri
    specs = {
        "scheme": "https",
        "netloc": "images.example.org",
        "user": "mirror",
        "password": SECRET,
        "path": f"/{UUID}",
        "query": "",
    }
    assert record["fields"] == {"backend_group": None, **specs}
    assert record["specs"] == specs


def test_parse_one_object_per_uri_and_status_1_for_an_invalid_one() -> None:
    result = run(
        "parse",
        f"filesystem:///var/lib/glance/images/{UUID}",
        f"https://mirror:{SECRET}@images.example.org:99999/x",
        "ftp://example.org/x",
        "rbd://fsid/pool/image/snap",
    )
    assert result.status == 1
    assert result.stderr == ""
    assert result.json_lines == [
        {
            "valid": True,
            "store": "file",
            "scheme": "filesystem",
            "class": "FilesystemStoreLocation",
            "uri": f"file:///var/lib/glance/images/{UUID}",
            "fields": {
                "backend_group": None,
                "scheme": "file",
                "path": f"/var/lib/glance/images/{UUID}",
            },
            "specs": {"scheme": "file", "path": f"/var/lib/glance/images/{UUID}"},
        },
        {
            "valid": False,
            "input": "https://***@images.example.org:99999/x",
            "error": "port: must be a decimal number from 1 to 65535",
        },
        {
            "valid": False,
            "input": "ftp://example.org/x",
            "error": "Unknown scheme 'ftp' found in URI",
        },
        {
            "valid": True,
            "store": "rbd",
            "scheme": "rbd",
            "class": "RbdStoreLocation",
            "uri": "rbd://fsid/pool/image/snap",
            "fields": {
                "backend_group": None,
                "fsid": "fsid",
                "pool": "pool",
                "image": "image",
                "snapshot": "snap",
            },
            "specs": {"fsid": "fsid", "pool": "pool", "image": "image", "snapshot": "snap"},
        },
    ]
    assert SECRET not in result.stdout


def test_parse_backend_sets_the_backend_group() -> None:
    result = run(
        "parse", "--backend", "ceph-ssd", f"cinder://{VOLUME}", f"cinder://other/{VOLUME}"
    )
    assert result.status == 1
    first, second = result.json_lines
    assert first["uri"] == f"cinder://ceph-ssd/{VOLUME}"
    assert first["fields"] == {
        "backend_group": "ceph-ssd",
        "scheme": "cinder",
        "volume_id": VOLUME,
    }
    assert second == {
        "valid": False,
        "input": f"cinder://other/{VOLUME}",
        "error": "backend group: the URI names 'other' but 'ceph-ssd' was given",
    }


def test_parse_swift_config_reference() -> None:
    config = str(EXAMPLES / "glance-swift.conf")
    uri = f"swift+config://ref1/glance/{UUID}"
    result = run("parse", "--swift-config", config, uri, f"swift+config://ref3/glance/{UUID}")
    assert result.status == 1
    found, missing = result.json_lines
    assert found["uri"] == uri
    assert found["fields"] == {
        "backend_group": None,
        "scheme": "swift+config",
        "user": "service:glance",
        "key": "***",
        "application_credential_id": None,
        "application_credential_secret": None,
        "project_name": None,
        "project_id": None,
        "auth_or_store_url": "keystone.example.org:5000/v3",
        "container": "glance",
        "obj": UUID,
        "reference": "ref1",
    }
    # The specs of a swift+config location name the reference, never its credentials.
    assert found["specs"] == {
        "scheme": "swift+config",
        "auth_or_store_url": "keystone.example.org:5000/v3",
        "container": "glance",
        "obj": UUID,
        "reference": "ref1",
    }
    assert missing["error"] == "reference: not found in the swift configuration"
    assert "Sw1ftK3y" not in result.stdout
    [shown] = run("parse", "--show-secrets", "--swift-config", config, uri).json_lines
    fields = found["fields"]
    assert isinstance(fields, dict)
    assert shown["fields"] == {**cast("dict[str, object]", fields), "key": "Sw1ftK3y-example"}


def test_render_swift_config_specs_needs_the_config() -> None:
    specs = json.dumps(
        {
            "scheme": "swift+config",
            "container": "glance",
            "obj": UUID,
            "reference": "ref2",
            "auth_or_store_url": "keystone.internal.example.org/v3",
        }
    )
    config = str(EXAMPLES / "glance-swift.conf")
    result = run("render", "--store", "swift", "--swift-config", config, specs)
    assert (result.status, result.stdout) == (0, f"swift+config://ref2/glance/{UUID}\n")
    without = run("render", "--store", "swift", specs)
    assert without.status == 1
    assert without.stderr.startswith("glance-locations: Invalid swift store specs: ")


def test_parse_empty_backend_name_is_a_usage_error() -> None:
    result = run("parse", "--backend", "", f"cinder://{VOLUME}")
    assert_one_error_line(result, "--backend: scheme backend map: '' is not a backend name")


def test_parse_unreadable_swift_config(tmp_path: Path) -> None:
    missing = tmp_path / "glance-swift.conf"
    result = run("parse", "--swift-config", str(missing), f"cinder://{VOLUME}")
    assert_one_error_line(
        result, f"cannot read swift config {str(missing)!r}: No such file or directory"
    )


def test_parse_argument_that_is_not_utf8() -> None:
    result = run("parse", b"file:///var/lib/glance/images/\xff")
    assert_one_error_line(result, "URI argument is not valid UTF-8")


def test_parse_without_uri_is_a_usage_error() -> None:
    result = run("parse")
    assert result.status == 2
    assert result.stderr.splitlines()[-1] == (
        "glance-locations parse: error: the following arguments are required: URI"
    )


# --- check ---------------------------------------------------------------------------


def test_check_valid_examples() -> None:
    result = run("check", str(EXAMPLES / "locations.txt"))
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "store   valid  invalid  policy violations",
        "file        4        0                  0",
        "http        5        0                  0",
        "rbd         3        0                  0",
        "cinder      2        0                  0",
        "swift       4        0                  0",
        "s3          3        0                  0",
        "vmware      3        0                  0",
        "total      24        0                  0",
    ]
    assert result.status == 0


def _bad_example_lines() -> list[int]:
    """Numbers of the lines of bad-locations.txt that hold a URI (not a comment)."""
    lines = (EXAMPLES / "bad-locations.txt").read_text().splitlines()
    return [n for n, line in enumerate(lines, 1) if line and not line.startswith("#")]


def test_check_bad_examples_reports_every_line() -> None:
    result = run("check", "bad-locations.txt", cwd=EXAMPLES)
    assert result.status == 1
    assert result.stderr == ""
    out = result.stdout.splitlines()
    problems = [line for line in out if line.startswith("bad-locations.txt:")]
    assert [int(line.split(":")[1]) for line in problems] == _bad_example_lines()
    assert problems[0] == (
        "bad-locations.txt:5: invalid (file): path: must be absolute ('file:///...'); "
        "a host or relative path is not allowed "
        f"<file://var/lib/glance/images/{UUID}>"
    )
    assert (
        "bad-locations.txt:17: invalid (http): authority: more than one '@' "
        "<https://***@images.example.org/glance/9b2f4c6d-8e1a-4b3c-a5d7-e9f0a1b2c3d4>"
    ) in problems
    for secret in ("Pa55", "Sw1ft", "wJalrXUtnFEMI"):
        assert secret not in result.stdout
    assert out[len(problems) :] == [
        "store    valid  invalid  policy violations",
        "file         0        4                  0",
        "http         0        4                  0",
        "rbd          0        2                  0",
        "cinder       0        2                  0",
        "swift        0        4                  0",
        "s3           0        2                  0",
        "vmware       0        2                  0",
        "unknown      0        2                  0",
        "total        0       22                  0",
    ]


def test_check_json_lines() -> None:
    result = run("check", "--json", str(EXAMPLES / "bad-locations.txt"))
    assert result.status == 1
    *problems, summary = result.json_lines
    assert [p["line"] for p in problems] == _bad_example_lines()
    assert problems[-2] == {
        "type": "problem",
        "file": str(EXAMPLES / "bad-locations.txt"),
        "line": 45,
        "store": "unknown",
        "status": "invalid",
        "reasons": ["Unknown scheme 'ftp' found in URI"],
        "uri": f"ftp://***@ftp.example.org/images/{UUID}",
    }
    zero = {"valid": 0, "policy_violations": 0}
    assert summary == {
        "type": "summary",
        "stores": {
            "file": {**zero, "invalid": 4},
            "http": {**zero, "invalid": 4},
            "rbd": {**zero, "invalid": 2},
            "cinder": {**zero, "invalid": 2},
            "swift": {**zero, "invalid": 4},
            "s3": {**zero, "invalid": 2},
            "vmware": {**zero, "invalid": 2},
            "unknown": {**zero, "invalid": 2},
        },
        "total": {**zero, "invalid": 22},
    }


@pytest.mark.parametrize("args", [pytest.param((), id="no-file"), pytest.param(("-",), id="dash")])
def test_check_reads_stdin(args: tuple[str, ...]) -> None:
    stdin = f"\ufeff  file:///var/lib/glance/images/{UUID}\r\n\n# comment\nrbd://a/b\n".encode()
    result = run("check", *args, stdin=stdin)
    assert result.status == 1
    assert result.stdout.splitlines() == [
        "<stdin>:4: invalid (rbd): URI must have exactly 1 or 4 components, not 2 <rbd://a/b>",
        "store  valid  invalid  policy violations",
        "file       1        0                  0",
        "rbd        0        1                  0",
        "total      1        1                  0",
    ]


def test_check_input_without_a_location_is_said_and_exits_1() -> None:
    result = run("check", stdin=b"# nothing here\n\n")
    assert result.status == 1
    assert (
        result.stdout
        == "store  valid  invalid  policy violations\ntotal      0        0                  0\n"
    )
    assert result.stderr == (
        "glance-locations: <stdin>: no location found in this input (nothing checked)\n"
    )


def test_check_swift_config_file_is_read(tmp_path: Path) -> None:
    config = tmp_path / "glance-swift.conf"
    config.write_text("[ref1]\nauth_address = https://keystone.example.org/v3\nbogus = 1\n")
    result = run("check", "--swift-config", str(config), stdin=b"")
    assert_one_error_line(result, "swift config section [ref1]: unknown key 'bogus'")


def test_check_bad_utf8_line_is_reported_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(f"file:///a/{UUID}\nfile:///b/\xe9t\xe9\n".encode("latin-1") + b"rbd://x\n")
    result = run("check", str(path))
    assert result.status == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{path}:2: invalid (unknown): not valid UTF-8 (byte 0xe9 at column 11)",
        "store    valid  invalid  policy violations",
        "file         1        0                  0",
        "rbd          1        0                  0",
        "unknown      0        1                  0",
        "total        2        1                  0",
    ]


def test_check_over_long_line_is_invalid_and_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"  # over two read limits long
    path.write_text(f"http://u:{SECRET}@example.org/{'a' * 600_000}\nrbd://image\n")
    result = run("check", str(path))
    assert result.status == 1
    problem, *table = result.stdout.splitlines()
    shown = "http://***@example.org/".ljust(200, "a")
    assert problem == (
        f"{path}:1: invalid (http): URI is longer than 65536 characters "
        f"(line skipped unread) <{shown}...>"
    )
    assert SECRET not in result.stdout
    assert table[-1] == "total      1        1                  0"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        pytest.param(
            "missing.txt", "cannot read 'missing.txt': No such file or directory", id="missing"
        ),
        pytest.param(".", "cannot read '.': Is a directory", id="directory"),
    ],
)
def test_check_unreadable_file(tmp_path: Path, target: str, message: str) -> None:
    assert_one_error_line(run("check", target, cwd=tmp_path), message)


POLICY_CASES = [
    pytest.param(
        ("--allow-scheme", "HTTPS", "--allow-scheme", "rbd"),
        "http://images.example.org/x",
        "allowed_schemes: scheme 'http' ",
        id="allow-scheme",
    ),
    pytest.param(
        ("--file-root", "/var/lib/glance/images"),
        "file:///var/lib/glance/images/../../../etc/passwd",
        "file_roots: path '/var/lib/glance/images/../../../etc/passwd' ",
        id="file-root",
    ),
    pytest.param(
        ("--no-credentials",),
        f"s3://AKIAIOSFODNN7EXAMPLE:{SECRET}@s3.amazonaws.com/glance/{UUID}",
        "allow_credentials_in_uri: ",
        id="no-credentials",
    ),
    pytest.param(
        ("--no-private-hosts",),
        "http://127.0.0.1/x",
        "allow_private_hosts: host '127.0.0.1' is ",
        id="no-private-hosts",
    ),
    pytest.param(
        ("--require-tls",),
        f"swift+http://swift.example.org/v1/AUTH_3f2a/glance/{UUID}",
        "require_tls: scheme 'swift+http' ",
        id="require-tls",
    ),
]


@pytest.mark.parametrize(("flags", "uri", "reason"), POLICY_CASES)
def test_check_policy_flags(flags: tuple[str, ...], uri: str, reason: str) -> None:
    """The flag refuses the URI; the reason names the rule and the component (its exact
    wording belongs to LocationPolicy and its tests)."""
    allowed = f"https://images.example.org/glance/{UUID}"
    stdin = f"{allowed}\n{uri}\n".encode()
    permissive = run("check", stdin=stdin)
    assert (permissive.status, permissive.stdout.splitlines()[-1]) == (
        0,
        "total      2        0                  0",
    )
    result = run("check", *flags, stdin=stdin)
    assert result.status == 1
    assert result.stderr == ""
    problem, *table = result.stdout.splitlines()
    assert problem.startswith("<stdin>:2: refused (")
    assert f"): {reason}" in problem
    assert SECRET not in result.stdout
    assert table[-1] == "total      1        0                  1"


def test_check_policy_json_lists_every_reason() -> None:
    uri = f"http://mirror:{SECRET}@10.0.0.5/glance/{UUID}"
    flags = ("--no-credentials", "--no-private-hosts", "--require-tls")
    result = run("check", "--json", *flags, stdin=f"{uri}\n".encode())
    assert result.status == 1
    problem, summary = result.json_lines
    assert problem["status"] == "refused"
    assert problem["uri"] == f"http://mirror:***@10.0.0.5/glance/{UUID}"
    reasons = problem["reasons"]
    assert isinstance(reasons, list)
    assert [str(reason).partition(":")[0] for reason in cast("list[object]", reasons)] == [
        "allow_credentials_in_uri",
        "allow_private_hosts",
        "require_tls",
    ]
    assert summary["total"] == {"valid": 0, "invalid": 0, "policy_violations": 1}


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        pytest.param(
            ("--allow-scheme", "htps"),
            "--allow-scheme: unknown scheme 'htps' (known schemes: cinder, file, filesystem, "
            "http, https, rbd, s3, s3+http, s3+https, swift, swift+config, swift+http, "
            "swift+https, vsphere)",
            id="unknown-scheme",
        ),
        pytest.param(
            ("--file-root", "images"),
            "policy: file_roots: 'images' is not an absolute directory path",
            id="relative-root",
        ),
    ],
)
def test_check_bad_policy_flags(flags: tuple[str, ...], message: str) -> None:
    assert_one_error_line(run("check", *flags, stdin=b""), message)


def test_check_read_error_midway() -> None:
    # Opening /proc/self/mem works; reading it at offset 0 fails with EIO.
    result = run("check", "/proc/self/mem")
    assert_one_error_line(result, "cannot read /proc/self/mem: Input/output error")


def test_check_without_standard_input() -> None:
    done = subprocess.run(  # noqa: S603 (our own command, through sh to close stdin)
        ["/bin/sh", "-c", '"$@" <&-', "sh", *COMMAND, "check"],
        capture_output=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    result = Result(done.returncode, done.stdout.decode(), done.stderr.decode())
    assert_one_error_line(result, "no standard input to read")


def test_check_interrupted_says_so_in_one_line_and_exits_2(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    # Opening the write end waits for the command to open the read end: by then it is
    # running main(), and Ctrl-C raises KeyboardInterrupt in it.
    with (
        subprocess.Popen(  # noqa: S603 (our own command)
            [*COMMAND, "check", str(fifo)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
        ) as process,
        fifo.open("w") as writer,
    ):
        writer.write(f"cinder://{VOLUME}\n")
        writer.flush()
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 2
    assert (stdout, stderr) == (b"", b"glance-locations: interrupted\n")


def test_check_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text("".join(f"cinder://{n:08x}-0000-4000-8000-{n:012x}\n" for n in range(20_000)))
    plain = run("check", str(path))
    assert plain.status == 0
    assert plain.stderr == ""

    done, terminal = run_on_a_terminal([*COMMAND, "check", str(path)], terminal="stderr", env=ENV)
    shown = terminal.decode()
    assert done.returncode == 0
    assert done.stdout.decode() == plain.stdout
    assert "\rglance-locations: 10,000 lines checked, " in shown
    assert shown.endswith("\r\x1b[K")


#: One realistic URI template per store, filled with an image UUID and a secret.
BULK_TEMPLATES = [
    ("file", "file:///var/lib/glance/images/{uuid}"),
    ("http", "https://mirror:{secret}@images.example.org/glance/{uuid}"),
    ("rbd", "rbd://8f3e9c1a-6b2d-4c7e-a9f0-1b2c3d4e5f6a/images/{uuid}/snap"),
    ("cinder", "cinder://ceph-ssd/{uuid}"),
    ("swift", "swift+https://glance:{secret}@keystone.example.org:5000/v3/glance/{uuid}"),
    ("s3", "s3://AKIAIOSFODNN7EXAMPLE:{secret}/x@s3.amazonaws.com/glance/{uuid}"),
    ("vmware", "vsphere://vcenter.example.org/folder/glance/{uuid}?dcPath=dc1&dsName=ds1"),
]


def test_check_200000_lines_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "locations.txt"
    valid = dict.fromkeys([store for store, _ in BULK_TEMPLATES], 0)
    with path.open("w") as handle:
        for n in range(200_000):
            uuid = f"{n:08x}-0000-4000-8000-{n:012x}"
            if n % 1000 == 999:  # an empty swift object name: invalid
                handle.write(f"swift://glance:{SECRET}@keystone.example.org/v3/glance/\n")
                continue
            store, template = BULK_TEMPLATES[n % len(BULK_TEMPLATES)]
            handle.write(template.format(uuid=uuid, secret=SECRET) + "\n")
            valid[store] += 1
    # This run is about volume; coverage of the same code comes from the other tests, and
    # measuring it here would double the run's time.
    result = run("check", "--json", str(path), coverage=False)
    assert result.status == 1
    assert result.stderr == ""
    assert SECRET not in result.stdout
    *problems, summary = result.json_lines
    assert [p["line"] for p in problems] == list(range(1000, 200_001, 1000))
    assert {p["store"] for p in problems} == {"swift"}
    invalid = {"swift": 200}
    assert summary["stores"] == {
        store: {"valid": count, "invalid": invalid.get(store, 0), "policy_violations": 0}
        for store, count in valid.items()
    }
    assert summary["total"] == {"valid": 199_800, "invalid": 200, "policy_violations": 0}


def test_check_stops_quietly_when_the_reader_goes_away() -> None:
    stdin = b"rbd://a/b\n" * 50_000  # 50,000 problem lines: far more than a pipe holds
    with subprocess.Popen(  # noqa: S603 (our own command)
        [*COMMAND, "check"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    ) as process:
        assert process.stdout is not None
        process.stdout.close()
        _, stderr = process.communicate(stdin, timeout=300)
    assert process.returncode == 2
    assert stderr == b""


# --- redact --------------------------------------------------------------------------

REDACT_CASES = [
    pytest.param(
        f"swift+https://glance:{SECRET}@keystone.example.org:5000/v3/glance/{UUID} ok\n",
        f"swift+https://***@keystone.example.org:5000/v3/glance/{UUID} ok\n",
        id="swift-key",
    ),
    pytest.param(
        f"copy s3://AKIAIOSFODNN7EXAMPLE:{SECRET}/with/slashes@s3.amazonaws.com/b/{UUID}\n",
        f"copy s3://***@s3.amazonaws.com/b/{UUID}\n",
        id="s3-secret-with-slashes",
    ),
    pytest.param(
        f"swift+config://ref1/glance/{UUID} vsphere://vc/folder/g/{UUID}?dsName=ds1\n",
        f"swift+config://ref1/glance/{UUID} vsphere://vc/folder/g/{UUID}?dsName=ds1\n",
        id="swift-config-and-vsphere-unchanged",
    ),
    pytest.param(
        f"GET https://mirror:{SECRET}@images.example.org/glance/{UUID} 200\n",
        f"GET https://***@images.example.org/glance/{UUID} 200\n",
        id="http-password",
    ),
    pytest.param(
        f"('{UUID}', 'HTTP://mirror:{SECRET}@images.example.org/x', 'active'),\r\n",
        f"('{UUID}', 'HTTP://***@images.example.org/x', 'active'),\r\n",
        id="sql-dump",
    ),
    pytest.param(
        f'{{"url": "https://a:{SECRET}@h/x", "other": "https://a:{SECRET}@h:0/x"}}\n',
        '{"url": "https://***@h/x", "other": "https://***@h:0/x"}\n',
        id="json-two-uris",
    ),
    pytest.param(
        f"location file:///mnt/images/{UUID} rbd://a/b/c/d cinder://{VOLUME} kept\n",
        f"location file:///mnt/images/{UUID} rbd://a/b/c/d cinder://{VOLUME} kept\n",
        id="no-secret-unchanged",
    ),
    pytest.param(
        f"ftp://u:{SECRET}@ftp.example.org/x xhttps://u:p@h/x é ünïcode\n",
        "ftp://***@ftp.example.org/x xhttps://***@h/x é ünïcode\n",
        id="any-scheme",
    ),
    pytest.param(
        f"http://user@host/x https://a:{SECRET}@b@host/x",
        "http://***@host/x https://***@host/x",
        id="malformed-userinfo-no-final-newline",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REDACT_CASES)
def test_redact(text: str, expected: str) -> None:
    result = run("redact", stdin=text.encode())
    assert result.status == 0
    assert result.stderr == ""
    assert result.stdout == expected


def test_redact_file(tmp_path: Path) -> None:
    path = tmp_path / "glance-api.log"
    path.write_text(f"a\nfetching https://u:{SECRET}@example.org/{UUID}\nb\n")
    result = run("redact", str(path))
    assert (result.status, result.stdout) == (
        0,
        f"a\nfetching https://***@example.org/{UUID}\nb\n",
    )


def test_redact_unreadable_file(tmp_path: Path) -> None:
    result = run("redact", "nope.log", cwd=tmp_path)
    assert_one_error_line(result, "cannot read 'nope.log': No such file or directory")


# --- specs and render ----------------------------------------------------------------


def test_specs_masks_secrets_unless_asked() -> None:
    uri = f"https://mirror:{SECRET}@images.example.org/glance/{UUID}"
    masked = run("specs", uri)
    assert (masked.status, masked.stderr) == (0, "")
    expected = {
        "scheme": "https",
        "netloc": "images.example.org",
        "user": "mirror",
        "password": "***",
        "path": f"/glance/{UUID}",
        "query": "",
    }
    assert masked.json_lines == [expected]
    shown = run("specs", "--show-secrets", uri)
    assert shown.json_lines == [{**expected, "password": SECRET}]


def test_specs_of_an_invalid_uri() -> None:
    result = run("specs", f"https://mirror:{SECRET}@images.example.org:0/x")
    assert result.status == 1
    assert result.stdout == ""
    assert result.stderr == (
        "glance-locations: invalid store URI: port: must be a decimal number from 1 to 65535 "
        "<https://***@images.example.org:0/x>\n"
    )


def test_render_from_argument_and_from_stdin() -> None:
    specs = {"netloc": "images.example.org", "user": "mirror", "password": SECRET, "path": "/x"}
    from_argument = run("render", "--store", "http", json.dumps(specs))
    assert (from_argument.status, from_argument.stderr) == (0, "")
    assert from_argument.stdout == "http://mirror:***@images.example.org/x\n"
    from_stdin = run(
        "render", "--store", "http", "--show-secrets", stdin=json.dumps(specs).encode()
    )
    assert from_stdin.stdout == f"http://mirror:{SECRET}@images.example.org/x\n"


def test_render_backend_group() -> None:
    result = run(
        "render", "--store", "cinder", "--backend", "ceph-ssd", f'{{"volume_id": "{VOLUME}"}}'
    )
    assert (result.status, result.stdout) == (0, f"cinder://ceph-ssd/{VOLUME}\n")


def test_render_invalid_specs_names_every_bad_key_without_values() -> None:
    specs = {"netloc": 5, "password": SECRET, "bogus": 1, "path": "relative"}
    result = run("render", "--store", "http", json.dumps(specs))
    assert result.status == 1
    assert result.stdout == ""
    assert result.stderr == (
        "glance-locations: Invalid http store specs: 'bogus': unknown key; "
        "'netloc': expected a string, not int; "
        "'path': path: must be empty or start with '/'\n"
    )


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        pytest.param(
            ("--store", "ftp", "{}"),
            b"",
            "unknown store 'ftp' (known stores: cinder, file, http, rbd, s3, swift, vmware; "
            "a scheme or class name as parse prints them is accepted too)",
            id="unknown-store",
        ),
        pytest.param(
            ("--store", "http", f'{{"password": "{SECRET}",'),
            b"",
            "specs are not valid JSON: Expecting property name enclosed in double quotes "
            "at line 1 column 32",
            id="malformed-json",
        ),
        pytest.param(
            ("--store", "http", "-"),
            b'["netloc"]',
            "specs must be a JSON object, not list",
            id="not-an-object",
        ),
        pytest.param(
            ("--store", "http"),
            b'{"netloc": "h\xff"}',
            "specs on stdin are not valid UTF-8 (invalid start byte)",
            id="stdin-not-utf8",
        ),
    ],
)
def test_render_usage_errors(args: tuple[str, ...], stdin: bytes, message: str) -> None:
    assert_one_error_line(run("render", *args, stdin=stdin), message)


def test_specs_and_render_round_trip_every_example() -> None:
    """specs of every example (one run, JSON lines), then render per store and backend
    group (one run each, JSON lines in, one URI per line out), then parse again."""
    lines = (EXAMPLES / "locations.txt").read_text().splitlines()
    uris = [line for line in lines if line and not line.startswith("#")]
    records = run("parse", "--show-secrets", *uris).json_lines
    specs = run("specs", "--show-secrets", *[str(record["uri"]) for record in records])
    assert (specs.status, specs.stderr) == (0, "")
    assert specs.json_lines == [record["specs"] for record in records]
    # The backend group is not part of the specs: it comes with the location.
    groups: dict[tuple[str, str | None], list[int]] = {}
    for index, record in enumerate(records):
        fields = record["fields"]
        assert isinstance(fields, dict)
        group = cast("dict[str, object]", fields)["backend_group"]
        assert group is None or isinstance(group, str)
        key = (str(record["store"]), group)
        groups.setdefault(key, []).append(index)
    assert len(groups) < len(records)  # stores share a run
    rendered: dict[int, str] = {}
    for (store, group), indexes in groups.items():
        backend = ("--backend", group) if group else ()
        stdin = "".join(specs.stdout.splitlines(keepends=True)[i] for i in indexes)
        result = run("render", "--show-secrets", "--store", store, *backend, stdin=stdin.encode())
        assert (result.status, result.stderr) == (0, "")
        rendered.update(zip(indexes, result.stdout.splitlines(), strict=True))
    # Specs -> URI -> specs is the identity (a vsphere query may come back reordered).
    reparsed = run("parse", "--show-secrets", *[rendered[i] for i in range(len(records))])
    assert [r["specs"] for r in reparsed.json_lines] == [r["specs"] for r in records]
    assert [r["fields"] for r in reparsed.json_lines if r["store"] != "vmware"] == [
        r["fields"] for r in records if r["store"] != "vmware"
    ]


# --- the command line itself -----------------------------------------------------------


def test_no_command_is_a_usage_error() -> None:
    result = run()
    assert result.status == 2
    assert "error: the following arguments are required: COMMAND" in result.stderr


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "glance_locations", "check", str(EXAMPLES / "locations.txt")],
        capture_output=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.decode() == run("check", str(EXAMPLES / "locations.txt")).stdout

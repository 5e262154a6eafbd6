"""The command as operators use it: version, several inputs, dumps, JSON, quiet, terminals,
output failures and the messages that say what to do. Each test runs the command."""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import subprocess
from pathlib import Path
from typing import cast

import pytest

import glance_locations

# The parser itself: what --help shows.
from glance_locations.cli import _parser  # pyright: ignore[reportPrivateUsage]

from .test_cli import COMMAND, ENV, EXAMPLES, SECRET, UUID, VOLUME, Result, run

ROOT = Path(__file__).resolve().parents[1]
SUMMARY_HEADER = "store   valid  invalid  policy violations"


def run_with_shell(redirect: str, *args: str) -> Result:
    """Run the command with a shell redirection of its output (``>&-``, ``>/dev/full``)."""
    done = subprocess.run(  # noqa: S603 (our own command, through sh for the redirection)
        ["/bin/sh", "-c", f'"$@" {redirect}', "sh", *COMMAND, *args],
        capture_output=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    return Result(done.returncode, done.stdout.decode(), done.stderr.decode())


def run_on_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the command with stdout and stderr on one pseudo-terminal; what it showed."""
    leader, follower = pty.openpty()
    try:
        with subprocess.Popen(  # noqa: S603 (our own command)
            [*COMMAND, *args],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=follower,
            env={**ENV, **(env or {})},
        ) as process:
            os.close(follower)
            follower = -1
            chunks: list[bytes] = []
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # EIO: the command has closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            status = process.wait(timeout=300)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    return status, b"".join(chunks).decode()


# --- version -------------------------------------------------------------------------


def test_version_is_the_package_version() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    declared = re.search(r'^version = "([^"]+)"$', text, re.MULTILINE)
    assert declared is not None
    assert glance_locations.__version__ == declared.group(1)
    result = run("--version")
    assert (result.status, result.stderr) == (0, "")
    assert result.stdout == f"glance-locations {glance_locations.__version__}\n"


# --- several inputs --------------------------------------------------------------------


def test_check_several_files_names_each_and_counts_all(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(f"rbd://image\ncinder://{VOLUME}\nrbd://a/b\n")
    second.write_text(f"# second\nfile:///var/lib/glance/images/{UUID}\ncinder://x\n")
    result = run("check", "a.txt", "-", "b.txt", cwd=tmp_path, stdin=b"rbd://other\n")
    assert (result.status, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "a.txt:3: invalid (rbd): URI must have exactly 1 or 4 components, not 2 <rbd://a/b>",
        "b.txt:3: invalid (cinder): volume id: must be a UUID "
        "(8-4-4-4-12 lower-case hex digits) <cinder://x>",
        "store   valid  invalid  policy violations",
        "file        1        0                  0",
        "rbd         2        1                  0",
        "cinder      1        1                  0",
        "total       4        2                  0",
    ]


# --- CSV and TSV dumps -------------------------------------------------------------------

#: image_locations as `psql -c "\copy image_locations to STDOUT with csv header"` writes
#: it: meta_data is JSON with quotes and commas, one value holds a comma, one a newline.
DUMP = f"""\
id,image_id,value,created_at,updated_at,deleted_at,deleted,meta_data,status
1,{UUID},rbd://8f3e/images/{UUID}/snap,2024-05-01 10:00:00,,,f,"{{""store"": ""ceph""}}",active
42,{UUID},"https://mirror:{SECRET}@images.example.org:0/a,b",2024-05-01,,,f,{{}},active
43,{UUID},"file:///var/lib/glance/images/{UUID}",2024-05-01,,,f,"{{""store"": ""a,\\""b""}}",active
44,{UUID},swift://glance:{SECRET}@keystone.example.org/v3/glance/,2024,,,f,"{{""note"": ""two
lines""}}",deleted
45,{UUID},cinder://{VOLUME},2024,,,f,{{}}
"""


def test_check_csv_dump_of_image_locations(tmp_path: Path) -> None:
    path = tmp_path / "image_locations.csv"
    path.write_text(DUMP, encoding="utf-8")
    result = run("check", "--input", "csv", str(path))
    assert (result.status, result.stderr) == (1, "")
    assert SECRET not in result.stdout
    assert result.stdout.splitlines() == [
        f"{path}:3: id=42: invalid (http): port: must be a decimal number from 1 to 65535 "
        "<https://***@images.example.org:0/a,b>",
        f"{path}:5: id=44: invalid (swift): object: empty "
        "<swift://***@keystone.example.org/v3/glance/>",
        f"{path}:7: id=45: invalid (unknown): the row has 8 fields, the header 9",
        "store    valid  invalid  policy violations",
        "file         1        0                  0",
        "http         0        1                  0",
        "rbd          1        0                  0",
        "swift        0        1                  0",
        "unknown      0        1                  0",
        "total        2        3                  0",
    ]
    as_json = run("check", "--input", "csv", "--json", str(path))
    *problems, summary = as_json.json_lines
    assert problems[0] == {
        "type": "problem",
        "file": str(path),
        "line": 3,
        "id": 42,
        "store": "http",
        "status": "invalid",
        "reasons": ["port: must be a decimal number from 1 to 65535"],
        "uri": "https://***@images.example.org:0/a,b",
    }
    assert summary["total"] == {"valid": 2, "invalid": 3, "policy_violations": 0}


def test_check_tsv_with_named_columns() -> None:
    stdin = (
        f"location\tname\tother\n"
        f"rbd://image\tfirst\tx\n"
        f'"rbd://a/b"\t"the ""second"""\ty\n'
        f"cinder://{VOLUME}\t7\tz\n"
    ).encode()
    args = ("check", "--input", "tsv", "--column", "location", "--id-column", "name", "--json")
    result = run(*args, stdin=stdin)
    assert result.status == 1
    problem, summary = result.json_lines
    assert (problem["line"], problem["id"], problem["uri"]) == (3, 'the "second"', "rbd://a/b")
    assert summary["total"] == {"valid": 2, "invalid": 1, "policy_violations": 0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("--column", "uri"),
            "<stdin>: --column: no column 'uri' in the header (columns: id, value)",
            id="no-such-column",
        ),
        pytest.param(
            ("--id-column", "image_id"),
            "<stdin>: --id-column: no column 'image_id' in the header (columns: id, value)",
            id="no-such-id-column",
        ),
    ],
)
def test_check_csv_missing_column(args: tuple[str, ...], message: str) -> None:
    result = run("check", "--input", "csv", *args, stdin=b"id,value\n1,rbd://image\n")
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == f"glance-locations: error: {message}\n"


@pytest.mark.parametrize("option", ["--column", "--id-column"])
def test_check_column_options_need_a_table(option: str) -> None:
    result = run("check", option, "value", stdin=b"rbd://image\n")
    assert (result.status, result.stdout) == (2, "")
    assert (
        result.stderr == f"glance-locations: error: {option} applies to --input csv or tsv only\n"
    )


def test_check_csv_row_that_is_not_utf8_is_a_problem_and_the_rest_is_read() -> None:
    stdin = b"id,value\n1,file:///b/\xe9t\xe9\n2,rbd://image\n"
    result = run("check", "--input", "csv", "--json", stdin=stdin)
    assert result.status == 1
    problem, summary = result.json_lines
    assert problem["id"] == 1
    assert problem["reasons"] == ["not valid UTF-8 (byte 0xe9 at column 11)"]
    assert problem["uri"] is None
    assert summary["total"] == {"valid": 1, "invalid": 1, "policy_violations": 0}


# --- JSON ------------------------------------------------------------------------------

#: `openstack image show -f json` (abridged): locations, direct_url, properties.
IMAGE_SHOW: dict[str, object] = {
    "id": UUID,
    "name": "cirros",
    "direct_url": f"rbd://8f3e/images/{UUID}/snap",
    "locations": [
        {"url": f"rbd://8f3e/images/{UUID}/snap", "metadata": {"store": "ceph"}},
        {"url": f"swift+https://glance:{SECRET}@keystone.example.org/v3/glance/", "metadata": {}},
    ],
    "properties": {"os_hash_algo": "sha512", "stores": "ceph", "owner_specified.url": "x"},
}


def test_check_json_image_show_reports_json_paths(tmp_path: Path) -> None:
    path = tmp_path / "image.json"
    path.write_text(json.dumps(IMAGE_SHOW, indent=2))
    result = run("check", "--input", "json", str(path))
    assert (result.status, result.stderr) == (1, "")
    assert SECRET not in result.stdout
    problem, *table = result.stdout.splitlines()
    assert problem == (
        f"{path}:1: $.locations[1].url: invalid (swift): object: empty "
        "<swift+https://***@keystone.example.org/v3/glance/>"
    )
    assert table[-1] == "total      2        1                  0"


def test_check_json_image_list_array_and_json_lines() -> None:
    listing = [
        {"ID": UUID, "Name": "a", "direct_url": None},
        {"ID": UUID, "Name": "b", "locations": [{"url": "rbd://a/b"}], "value": ["rbd://x"]},
    ]
    array = run("check", "--input", "json", "--json", stdin=json.dumps(listing).encode())
    problem, summary = array.json_lines
    assert (problem["line"], problem["path"]) == (1, "$[1].locations[0].url")
    assert summary["total"] == {"valid": 1, "invalid": 1, "policy_violations": 0}

    cut = f'{{"url": "https://u:{SECRET}@h/x", "broken":'
    lines = "\n".join(
        [
            json.dumps({"url": "rbd://image"}),
            "",
            cut,
            json.dumps({"nested": {"weird key": {"value": "rbd://a/b"}}}),
        ]
    )
    result = run("check", "--input", "json", "--json", stdin=lines.encode())
    assert result.status == 1
    assert SECRET not in result.stdout
    broken, nested, summary = result.json_lines
    assert broken == {
        "type": "problem",
        "file": "<stdin>",
        "line": 3,
        "store": "unknown",
        "status": "invalid",
        "reasons": [f"not valid JSON: Expecting value (column {len(cut) + 1})"],
        "uri": None,
    }
    assert (nested["line"], nested["path"]) == (4, '$.nested["weird key"].value')
    assert summary["total"] == {"valid": 1, "invalid": 2, "policy_violations": 0}


# --- parse from stdin ----------------------------------------------------------------


def test_parse_dash_reads_uris_from_stdin() -> None:
    stdin = f"rbd://image\n\n  cinder://{VOLUME}  \nbad \xff\n".encode("latin-1")
    result = run("parse", "-", "rbd://a/b", stdin=stdin)
    assert (result.status, result.stderr) == (1, "")
    first, second, undecodable, invalid = result.json_lines
    assert (first["valid"], first["uri"]) == (True, "rbd://image")
    assert (second["valid"], second["uri"]) == (True, f"cinder://{VOLUME}")
    assert undecodable == {
        "valid": False,
        "input": None,
        "error": "<stdin>:4: not valid UTF-8 (byte 0xff at column 5)",
    }
    assert invalid["input"] == "rbd://a/b"


# --- quiet, progress, terminals ----------------------------------------------------------


def test_check_quiet_prints_the_summary_only() -> None:
    result = run("check", "--quiet", str(EXAMPLES / "bad-locations.txt"))
    assert (result.status, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == "store    valid  invalid  policy violations"
    assert result.stdout.splitlines()[-1] == "total        0       22                  0"
    assert len(result.stdout.splitlines()) == 10
    quiet_json = run("check", "-q", "--json", str(EXAMPLES / "bad-locations.txt"))
    [summary] = quiet_json.json_lines
    assert summary["type"] == "summary"
    assert run("check", "-q", str(EXAMPLES / "locations.txt")).status == 0


@pytest.fixture(scope="module")
def many_then_bad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 valid lines (the progress line shows after them), then an invalid one."""
    path = tmp_path_factory.mktemp("progress") / "many.txt"
    lines = [f"cinder://{n:08x}-0000-4000-8000-{n:012x}\n" for n in range(10_000)]
    path.write_text("".join(lines) + "rbd://a/b\n")
    return path


PROBLEM = "invalid (rbd): URI must have exactly 1 or 4 components, not 2 <rbd://a/b>"


def test_progress_is_cleared_before_a_problem_line(many_then_bad: Path) -> None:
    status, shown = run_on_terminal("check", str(many_then_bad), env={"TERM": "xterm"})
    assert status == 1
    progress = "\rglance-locations: 10,000 lines checked, "
    assert progress in shown
    before, _, after = shown.partition(f"{many_then_bad}:10001: {PROBLEM}")
    assert after  # the problem line was shown
    assert before.rindex("\r\x1b[K") > before.rindex(progress)  # erased first
    assert "lines checked" not in after


def test_progress_on_a_dumb_terminal_has_no_escape_codes(many_then_bad: Path) -> None:
    status, shown = run_on_terminal("check", str(many_then_bad), env={"TERM": "dumb"})
    assert status == 1
    assert "\x1b" not in shown
    text = "glance-locations: 10,000 lines checked, "
    start = shown.index(f"\r{text}")
    drawn = shown[start + 1 : shown.index("\r", start + 1)]
    assert drawn.startswith(text)
    # Blanked with as many spaces before the problem line.
    assert f"\r{' ' * len(drawn)}\r{many_then_bad}:10001: {PROBLEM}" in shown


def test_no_progress(many_then_bad: Path) -> None:
    status, shown = run_on_terminal("check", "--no-progress", str(many_then_bad))
    assert status == 1
    assert "checked" not in shown
    assert "\r" not in shown.replace("\r\n", "\n")


# --- JSON output is complete -------------------------------------------------------------


def test_check_json_reports_an_undecodable_line_as_a_record() -> None:
    stdin = b"rbd://image\nfile:///b/\xe9t\xe9\n"
    result = run("check", "--json", stdin=stdin)
    assert (result.status, result.stderr) == (1, "")
    problem, summary = result.json_lines
    assert problem == {
        "type": "problem",
        "file": "<stdin>",
        "line": 2,
        "store": "unknown",
        "status": "invalid",
        "reasons": ["not valid UTF-8 (byte 0xe9 at column 11)"],
        "uri": None,
    }
    assert summary["total"] == {"valid": 1, "invalid": 1, "policy_violations": 0}


# --- output failures -------------------------------------------------------------------

OUTPUT_CASES = [
    pytest.param(">&-", "cannot write to standard output: it is closed", id="stdout-closed"),
    pytest.param(
        ">/dev/full", "cannot write to standard output: No space left on device", id="disk-full"
    ),
]


@pytest.mark.parametrize(("redirect", "message"), OUTPUT_CASES)
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("check", str(EXAMPLES / "bad-locations.txt")), id="check"),
        pytest.param(("redact", str(EXAMPLES / "bad-locations.txt")), id="redact"),
        pytest.param(("parse", "rbd://image"), id="parse"),
        pytest.param(("--version",), id="version"),
    ],
)
def test_output_failure_is_one_line_and_status_2(
    redirect: str, message: str, args: tuple[str, ...]
) -> None:
    result = run_with_shell(redirect, *args)
    assert result.status == 2
    assert result.stderr == f"glance-locations: error: {message}\n"


def test_closed_pipe_ends_quietly() -> None:
    # `| head -1`: the reader goes after the first line.
    done = subprocess.run(  # noqa: S603 (our own command, through sh for the pipe)
        ["/bin/sh", "-c", '"$@" | head -n 1', "sh", *COMMAND, "check"],
        input=b"rbd://a/b\n" * 50_000,
        capture_output=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    assert done.stdout.decode().startswith("<stdin>:1: invalid (rbd): ")
    assert done.stderr == b""


# --- messages that say what to do --------------------------------------------------------


def test_swift_config_uri_without_config_says_to_pass_it() -> None:
    uri = f"swift+config://ref1/glance/{UUID}"
    hint = "pass --swift-config FILE, the glance-swift.conf that defines it"
    [record] = run("parse", uri).json_lines
    assert record["valid"] is False
    assert str(record["error"]).endswith(f"({hint})")
    checked = run("check", stdin=f"{uri}\n".encode())
    assert checked.stdout.splitlines()[0].endswith(f"({hint}) <{uri}>")
    specs = {"scheme": "swift+config", "container": "glance", "obj": UUID, "reference": "ref1"}
    rendered = run("render", "--store", "swift", json.dumps(specs))
    assert rendered.status == 1
    assert rendered.stderr.endswith(f"({hint})\n")
    config = str(EXAMPLES / "glance-swift.conf")
    assert run("check", "--swift-config", config, stdin=f"{uri}\n".encode()).status == 0


@pytest.mark.parametrize("store", ["http", "https", "HttpStoreLocation"])
def test_render_store_takes_the_names_parse_prints(store: str) -> None:
    result = run("render", "--store", store, '{"netloc": "h.example.org", "path": "/x"}')
    assert (result.status, result.stdout) == (0, "http://h.example.org/x\n")


def test_render_refuses_masked_secrets() -> None:
    uri = f"https://mirror:{SECRET}@images.example.org/x?v=1&token={SECRET}"
    masked = run("specs", uri)
    assert SECRET not in masked.stdout
    refused = run("render", "--store", "http", stdin=masked.stdout.encode())
    assert (refused.status, refused.stdout) == (2, "")
    assert refused.stderr == (
        "glance-locations: error: specs hold the mask '***' instead of a secret (password, "
        "query parameter token): the URI would carry it as the credential; take the specs "
        "from `specs --show-secrets`\n"
    )
    shown = run("specs", "--show-secrets", uri)
    rendered = run("render", "--store", "http", "--show-secrets", stdin=shown.stdout.encode())
    assert (rendered.status, rendered.stdout) == (0, f"{uri}\n")


# --- help ------------------------------------------------------------------------------


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    # argparse keeps its subcommands in private names: what --help reads too.
    actions = parser._actions  # pyright: ignore[reportPrivateUsage]
    private = argparse._SubParsersAction  # pyright: ignore[reportPrivateUsage]
    sub = cast("type[argparse.Action]", private)  # (its type parameter: Unknown)
    [group] = [a for a in actions if isinstance(a, sub)]
    return {"": parser, **cast("dict[str, argparse.ArgumentParser]", group.choices)}


def test_every_option_has_help_and_every_command_a_description() -> None:
    for name, command in _commands().items():
        assert command.description, f"{name or 'the program'} has no description"
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


@pytest.mark.parametrize("command", [name for name in _commands() if name])
def test_help_shows_the_description(command: str) -> None:
    result = run(command, "--help")
    assert (result.status, result.stderr) == (0, "")
    description = _commands()[command].description
    assert description is not None
    assert " ".join(description.split()[:6]) in " ".join(result.stdout.split())


# --- specs and render of many ------------------------------------------------------------


def test_specs_of_several_uris_and_render_of_several_specs() -> None:
    specs = run("specs", "rbd://image", "rbd://a/b", "-", stdin=f"cinder://{VOLUME}\n".encode())
    assert specs.status == 1
    assert specs.json_lines == [{"image": "image"}, {"scheme": "cinder", "volume_id": VOLUME}]
    assert specs.stderr == (
        "glance-locations: invalid store URI: URI must have exactly 1 or 4 components, "
        "not 2 <rbd://a/b>\n"
    )
    # JSON lines, and an object over two lines (as a pretty-printed one is).
    stdin = b'{"image": "one"}\n{"image": ""}\n  {"fsid": "f", "pool": "p",\n'
    stdin += b' "image": "i", "snapshot": "s"}'
    rendered = run("render", "--store", "rbd", stdin=stdin)
    assert rendered.status == 1
    assert rendered.stdout == "rbd://one\nrbd://f/p/i/s\n"
    assert rendered.stderr.startswith("glance-locations: Invalid rbd store specs: 'image': ")

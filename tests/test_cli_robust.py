"""The command line on hostile input and an operator's terminal (issue 26).

Everything printed that comes from the input is terminal-safe; every failure of the
command's own is one line on stderr and exit status 2; an input without a location is
said so. The commands run in a subprocess, as a user runs them (``tests.test_cli``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glance_locations.cli._errors import run_command
from glance_locations.cli._output import json_line, terminal_safe, terminal_safe_bytes
from tests.helpers import run_on_a_terminal, run_script
from tests.test_cli import COMMAND, ENV, VOLUME, run

#: Characters a terminal acts on: ESC (CSI, OSC 52 writes the clipboard), BEL, CR,
#: backspace, DEL, a C1 control, NUL, and the Unicode bidirectional formatting characters.
HOSTILE = [
    "\x1b",
    "\x07",
    "\r",
    "\b",
    "\x7f",
    "\x9b",
    "\x00",
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
OSC52 = "\x1b]52;c;aGVsbG8=\x07"


def assert_terminal_safe(text: str) -> None:
    for char in HOSTILE:
        assert char not in text, f"{char!r} reached the terminal raw"
    for line in text.splitlines():
        assert line.isprintable(), repr(line)


# --- the one place -------------------------------------------------------------------


@given(st.text())
def test_terminal_safe_leaves_nothing_unprintable(text: str) -> None:
    shown = terminal_safe(text)
    assert shown.isprintable()
    if text.isprintable():
        assert shown == text


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x1b", "\\x1b"),
        ("\x07", "\\x07"),
        ("\r", "\\x0d"),
        ("\x7f", "\\x7f"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u061c", "\\u061c"),
        ("\udc80", "\\udc80"),
        ("\U000e0001", "\\U000e0001"),
    ],
)
def test_terminal_safe_shows_escapes(char: str, shown: str) -> None:
    assert terminal_safe(f"a{char}b") == f"a{shown}b"


@given(st.recursive(st.text() | st.integers(), lambda inner: st.lists(inner, max_size=3)))
def test_json_line_is_json_and_terminal_safe(value: object) -> None:
    line = json_line({"v": value})
    assert line.isprintable()
    assert json.loads(line) == {"v": value}


def test_json_line_escapes_as_json_does() -> None:
    assert json_line(["\x1b", "\u202e", "\x7f", "\U000e0001", "é"]) == (
        '["\\u001b", "\\u202e", "\\u007f", "\\udb40\\udc01", "é"]'
    )


def test_terminal_safe_bytes_keeps_tabs_and_line_ends() -> None:
    assert terminal_safe_bytes(b"a\tb\x1b[31m\xff\n") == b"a\tb\\x1b[31m\\xff\n"
    assert terminal_safe_bytes("plain é\n".encode()) == "plain é\n".encode()


# --- check ---------------------------------------------------------------------------


def test_check_problem_lines_escape_what_the_input_holds() -> None:
    lines = [
        f"rbd://pool/{OSC52}",
        "http://example.com/\x1b[2J\x1b[H",
        "rbd://fsid/images/\u202egpj.exe",
        "cinder://\r\bsneaky",
        f"swift+config://{OSC52}/c/o",
    ]
    result = run("check", stdin="\n".join(lines).encode())
    assert result.status == 1
    assert_terminal_safe(result.stdout + result.stderr)
    assert "\\x1b]52;c;aGVsbG8=\\x07" in result.stdout
    assert "\\u202egpj.exe" in result.stdout


def test_check_json_output_escapes_as_json_does() -> None:
    uri = f"file:///images/\u202e{OSC52}"
    result = run("check", "--json", "--allow-scheme", "rbd", stdin=f"{uri}\n".encode())
    assert result.status == 1
    assert_terminal_safe(result.stdout)
    [problem, _] = result.json_lines
    assert problem["uri"] == uri  # the very text, once parsed as JSON


def test_check_csv_ids_and_headers_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_bytes(f"id,value\n{OSC52},rbd://a/b\n".encode())
    result = run("check", "--input", "csv", str(path))
    assert result.status == 1
    assert_terminal_safe(result.stdout)
    assert "id=\\x1b]52;c;aGVsbG8=\\x07:" in result.stdout

    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\x7f\x1b[31m,\x9b\n1,2\n")
    result = run("check", "--input", "csv", str(binary))
    assert result.status == 2
    assert_terminal_safe(result.stderr)
    assert "columns: \\x00\\x7f\\x1b[31m, \\udc9b" in result.stderr


def test_argument_errors_are_terminal_safe() -> None:
    result = run("check", "--input", "\x1b[31mred", f"--bogus={OSC52}")
    assert result.status == 2
    assert_terminal_safe(result.stderr)


def test_a_huge_integer_is_never_a_traceback(tmp_path: Path) -> None:
    digits = "9" * 5000
    json_input = run("check", "--input", "json", stdin=f'{{"id": {digits}, "url": "x"}}'.encode())
    assert json_input.status == 1
    assert "Traceback" not in json_input.stderr
    assert "a number too large to convert" in json_input.stdout

    lines = run("check", "--input", "json", stdin=f'{{"n": {digits}}}\n{{"url": "x"}}\n'.encode())
    assert "Traceback" not in lines.stderr
    assert lines.status == 1

    path = tmp_path / "ids.csv"
    path.write_text(f"id,value\n{digits},cinder://{VOLUME}\n{digits},rbd://a/b\n")
    csv_input = run("check", "--input", "csv", str(path))
    assert csv_input.status == 1
    assert f"id={digits}:" in csv_input.stdout
    assert csv_input.stderr == ""

    specs = run("render", "--store", "cinder", f'{{"volume_id": {digits}}}')
    assert specs.status == 2
    assert specs.stderr == (
        "glance-locations: error: specs are not valid JSON: a number too large to convert\n"
    )


def _big_csv(tmp_path: Path) -> Path:
    path = tmp_path / "big.csv"
    rows = "".join(f"{n},rbd://a/b/{n}\n" for n in range(200_000))
    path.write_text(f"id,value\n{rows}")
    return path


def test_a_closed_pipe_is_a_quiet_exit(tmp_path: Path) -> None:
    _big_csv(tmp_path)
    with subprocess.Popen(  # noqa: S603 (our own command)
        [*COMMAND, "check", "--input", "csv", "big.csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        cwd=tmp_path,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"big.csv:2: id=0: invalid (rbd)")
        process.stdout.close()  # | head -1
        stderr = process.stderr.read()
        assert process.wait(300) == 2
    assert stderr == b""  # no "Exception ignored in: <generator object ...>"


def test_a_missing_column_on_a_large_csv_is_one_line(tmp_path: Path) -> None:
    _big_csv(tmp_path)
    result = run("check", "--input", "csv", "--column", "nope", "big.csv", cwd=tmp_path)
    assert result.status == 2
    assert result.stderr == (
        "glance-locations: error: big.csv: --column: no column 'nope' in the header"
        " (columns: id, value)\n"
    )


def test_an_unreadable_input_is_one_line(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.status == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("glance-locations: error: cannot read ")
    assert "Is a directory" in result.stderr


@pytest.mark.parametrize(
    ("form", "content"),
    [
        pytest.param(
            "json",
            b'{"id": "0d6c1b7e", "name": "cirros", "status": "active", "properties": {}}',
            id="image-show-without-locations",
        ),
        pytest.param("json", b"", id="empty-json"),
        pytest.param("lines", b"", id="empty"),
        pytest.param("csv", b"id,value\n", id="header-only"),
    ],
)
def test_an_input_without_a_location_is_said_and_exits_1(
    tmp_path: Path, form: str, content: bytes
) -> None:
    path = tmp_path / "input"
    path.write_bytes(content)
    result = run("check", "--input", form, "input", cwd=tmp_path)
    assert result.status == 1
    assert result.stderr == (
        "glance-locations: input: no location found in this input (nothing checked)\n"
    )


@pytest.mark.parametrize("command", ["parse", "specs"])
def test_parse_and_specs_say_when_stdin_has_no_location(command: str) -> None:
    result = run(command, "-", stdin=b"\n  \n")
    assert result.status == 1
    assert result.stdout == ""
    assert result.stderr == (
        "glance-locations: <stdin>: no location found in this input (nothing checked)\n"
    )


def test_dev_null_has_no_location() -> None:
    result = run("check", os.devnull)
    assert result.status == 1
    assert "no location found" in result.stderr


# --- the boundary --------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_without_its_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def fails(_: argparse.Namespace) -> int:
        raise ValueError("s3cr3t-in-the-message")

    assert run_command(fails, argparse.Namespace(), []) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "glance-locations: error: unexpected ValueError (a bug of glance-locations:"
        " please report it)\n"
    )


def test_ctrl_c_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(_: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    assert run_command(interrupted, argparse.Namespace(), []) == 2
    assert capsys.readouterr().err == "glance-locations: interrupted\n"


# --- redact --------------------------------------------------------------------------


def test_redact_copies_bytes_to_a_pipe_and_escapes_them_on_a_terminal() -> None:
    text = b"log \x1b]52;c;x\x07 line\twith tab \xff\n"
    piped = subprocess.run(  # noqa: S603 (our own command)
        [*COMMAND, "redact"], input=text, capture_output=True, env=ENV, timeout=300, check=False
    )
    assert piped.stdout == text  # a filter into a file or pipe changes nothing

    done, shown = run_on_a_terminal([*COMMAND, "redact"], terminal="stdout", env=ENV, input=text)
    assert done.returncode == 0
    assert b"\x1b" not in shown
    assert b"\x07" not in shown
    assert b"log \\x1b]52;c;x\\x07 line\twith tab \\xff" in shown


# --- for the core (the lead) -----------------------------------------------------------


def test_vmware_specs_with_a_lone_surrogate_are_bad_specs() -> None:
    """``VMwareStoreLocation.from_specs`` must refuse a datastore or datacenter holding a
    lone surrogate with ``BadStoreSpecs`` (it raises ``UnicodeEncodeError``): a core fix,
    for the lead. Until then the boundary keeps it to one line, exit 2."""
    specs = {
        "scheme": "vsphere",
        "server_host": "vcenter.example.com",
        "image_dir": "",
        "image_id": "x",
        "datastore_name": "ds\udc80",
        "datacenter_path": "dc",
    }
    text = json.dumps(specs)  # "\udc80" as a JSON escape, which JSON allows
    result = run("render", "--store", "vmware", text)
    assert "unexpected" not in result.stderr
    assert result.status == 1
    assert result.stderr.startswith("glance-locations: Invalid vsphere store specs: ")
    assert "datastore_name" in result.stderr


def test_text_output_is_written_through_one_function() -> None:
    """No command module writes to stdout or stderr but through ``_output``."""
    folder = Path(__file__).resolve().parents[1] / "src" / "glance_locations" / "cli"
    for module in folder.glob("*.py"):
        if module.name in {"_output.py", "_progress.py", "__init__.py"}:
            continue
        source = module.read_text()
        for raw in ("sys.stdout.write", "sys.stderr.write", "print("):
            assert raw not in source, f"{module.name} writes with {raw}"


@pytest.mark.parametrize("command", ["parse", "specs", "render"])
def test_a_backend_name_that_is_a_uri_with_a_password_is_refused_unquoted(command: str) -> None:
    backend = "s3://AKIA:Zz9S3CR3Tq@s3.example.com/bucket/key"
    args = ["--store", "cinder", "{}"] if command == "render" else [f"cinder://{VOLUME}"]
    result = run(command, *args, "--backend", backend)
    assert result.status == 2
    assert "Zz9S3CR3Tq" not in result.stdout + result.stderr
    assert result.stderr == (
        "glance-locations: error: --backend: not a backend name (Glance's enabled_backends ="
        " NAME:TYPE, ... names hold no ':', ',', white space or control character)\n"
    )


def test_the_command_line_fuzz_script_runs_clean() -> None:
    """``fuzz/fuzz_cli.py`` on a few hundred inputs: it runs, and finds nothing."""
    script = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_cli.py"
    output = run_script(script, "--count", "300", "--seed", "1")
    assert output.splitlines()[-1].startswith("fuzz_cli: 300 inputs tried (seed 1) in ")
    assert output.splitlines()[-1].endswith(": 0 failures")


def test_ids_and_json_keys_holding_a_password_are_redacted() -> None:
    """Found by fuzz/fuzz_cli.py: an id column or a JSON key may hold a URI with a
    password; the problem line names the record without it."""
    secret_uri = "http://user:Zz9S3CR3Tq@example.com/x?token=Zz9S3CR3Tq"
    csv_text = f"id,value\n{secret_uri},rbd://a/b\n".encode()
    for extra in ((), ("--json",)):
        result = run("check", "--input", "csv", *extra, "-", stdin=csv_text)
        assert result.status == 1
        assert "Zz9S3CR3Tq" not in result.stdout + result.stderr
        assert "http://***@example.com/x?token=***" in result.stdout
    document = json.dumps({secret_uri: {"url": "rbd://a/b"}}).encode()
    for extra in ((), ("--json",)):
        result = run("check", "--input", "json", *extra, "-", stdin=document)
        assert result.status == 1
        assert "Zz9S3CR3Tq" not in result.stdout + result.stderr

"""The command never prints a secret: redact, check's non-URI lines, argument errors."""

from __future__ import annotations

import subprocess

import pytest

from .test_cli import COMMAND, ENV, EXAMPLES, SECRET, UUID, run


def run_bytes(*args: str, stdin: bytes) -> tuple[int, bytes, bytes]:
    done = subprocess.run(  # noqa: S603 (our own command, arguments from the tests)
        [*COMMAND, *args], input=stdin, capture_output=True, env=ENV, timeout=300, check=False
    )
    return done.returncode, done.stdout, done.stderr


# --- redact (issue 12, item 4) -------------------------------------------------------

REDACT_CASES = [
    pytest.param(
        f"https://u:A@h/a,https://u:{SECRET}@h/b\n", "https://***@h/b\n", id="comma-list"
    ),
    pytest.param(
        f"https://u:A@h/a;https://u:{SECRET}@h/b\n", "https://***@h/b\n", id="semicolon-list"
    ),
    pytest.param(
        f"x https://u:{SECRET}'tail@h/x y https://u:{SECRET}\"tail@h/x\n",
        "x https://***@h/x y https://***@h/x\n",
        id="quotes-in-password",
    ),
    pytest.param(
        f"<https://u:{SECRET}<tail@h/x> `https://u:{SECRET}`tail@h/x`\n",
        "<https://***@h/x> `https://***@h/x`\n",
        id="angle-and-backtick-in-password",
    ),
    pytest.param(
        f"ftp://u:{SECRET}@h/x postgresql://glance:{SECRET}@db/glance "
        f"mysql+pymysql://glance:{SECRET}@db/glance amqp://guest:{SECRET}@mq:5672//\n",
        "ftp://***@h/x postgresql://***@db/glance mysql+pymysql://***@db/glance "
        "amqp://***@mq:5672//\n",
        id="any-scheme",
    ),
    pytest.param(
        f'{{"uri": "swift+https:\\/\\/u:{SECRET}@h\\/v1\\/c\\/o"}}\n',
        '{"uri": "swift+https:\\/\\/***@h\\/v1\\/c\\/o"}\n',
        id="json-escaped",
    ),
    pytest.param(
        f"next=https%3A%2F%2Fu%3A{SECRET}%40h%2Fx&a=1\n",
        "next=https%3A%2F%2F***%40h%2Fx&a=1\n",
        id="percent-encoded",
    ),
    pytest.param(
        f"GET https://h/b/o?X-Amz-Credential={SECRET}&X-Amz-Signature={SECRET}&v=1 200\n",
        "GET https://h/b/o?X-Amz-Credential=***&X-Amz-Signature=***&v=1 200\n",
        id="query-credentials",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REDACT_CASES)
def test_redact_masks(text: str, expected: str) -> None:
    result = run("redact", stdin=text.encode())
    assert (result.status, result.stderr, result.stdout) == (0, "", expected)


def test_redact_passes_bytes_that_are_not_utf8_through() -> None:
    stdin = b"https://u:p@h/x\nbad \xff line https://u:p\xe9@h/x\nlatin-1 \xe9t\xe9 end"
    status, stdout, stderr = run_bytes("redact", stdin=stdin)
    assert (status, stderr) == (0, b"")
    assert stdout == b"https://***@h/x\nbad \xff line https://***@h/x\nlatin-1 \xe9t\xe9 end"


# --- check: lines that are not URIs (item 5) -----------------------------------------


def test_check_does_not_show_lines_that_are_not_uris() -> None:
    result = run("check", str(EXAMPLES / "glance-swift.conf"))
    assert result.status == 1
    assert "Sw1ftK3y" not in result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if ": invalid " in line]
    assert problems
    for line in problems:
        assert line.endswith("(unknown): not a store URI: no 'scheme://' prefix (line not shown)")


def test_check_json_does_not_show_lines_that_are_not_uris() -> None:
    stdin = b"swift_store_key = Sw1ftK3y-example\nkey: Sw1ftK3y-example\n"
    result = run("check", "--json", stdin=stdin)
    *problems, _ = result.json_lines
    assert "Sw1ftK3y" not in result.stdout
    assert problems == [
        {
            "type": "problem",
            "file": "<stdin>",
            "line": line,
            "store": "unknown",
            "status": "invalid",
            "reasons": ["not a store URI: no 'scheme://' prefix (line not shown)"],
            "uri": None,
        }
        for line in (1, 2)
    ]


def test_check_still_shows_uris_of_unknown_schemes_masked() -> None:
    result = run("check", stdin=f"ftp://u:{SECRET}@h/x?token={SECRET}\n".encode())
    assert result.stdout.splitlines()[0] == (
        "<stdin>:1: invalid (unknown): Unknown scheme 'ftp' found in URI <ftp://***@h/x?token=***>"
    )


# --- arguments in messages (item 6) --------------------------------------------------

ARGUMENT_CASES = [
    pytest.param(
        ("check", f"https://u:{SECRET}@h/x"),
        "glance-locations: error: cannot read 'https://***@h/x': No such file or directory",
        id="check-cannot-read",
    ),
    pytest.param(
        ("redact", f"u:{SECRET}@h"),
        "glance-locations: error: cannot read 'u:***@h': No such file or directory",
        id="redact-cannot-read-userinfo",
    ),
    pytest.param(
        ("render", "--store", "rbd", "{}", f"https://u:{SECRET}@h/x"),  # specs takes many
        "glance-locations: error: unrecognized arguments: https://***@h/x",
        id="unrecognized-argument",
    ),
    pytest.param(
        ("render", "--store", "swift", "{}", f'{{"key": "{SECRET}"}}'),
        'glance-locations: error: unrecognized arguments: {"key":***',
        id="unrecognized-specs",
    ),
    pytest.param(
        (f"https://u:{SECRET}@h/x",),
        "glance-locations: error: argument COMMAND: invalid choice: 'https://***@h/x'",
        id="invalid-command",
    ),
    pytest.param(
        ("check", "--allow-scheme", f"https://u:{SECRET}@h/x"),
        "glance-locations: error: --allow-scheme: unknown scheme 'https://***@h/x'",
        id="allow-scheme",
    ),
    pytest.param(
        ("check", "--file-root", f"https://u:{SECRET}@h/x"),
        "glance-locations: error: policy: file_roots: 'https://***@h/x'",
        id="file-root",
    ),
]


@pytest.mark.parametrize(("args", "start"), ARGUMENT_CASES)
def test_argument_errors_are_masked(args: tuple[str, ...], start: str) -> None:
    status, stdout, stderr = run_bytes(*args, stdin=b"")
    assert status == 2
    assert SECRET.encode() not in stdout + stderr
    last = stderr.decode().splitlines()[-1]
    assert last.startswith(start), last


def test_swift_config_path_is_masked() -> None:
    result = run("check", "--swift-config", f"https://u:{SECRET}@h/{UUID}", stdin=b"")
    assert result.status == 2
    assert SECRET not in result.stderr
    assert "'https://***@h/" in result.stderr


def test_check_does_not_show_an_over_long_line_that_is_not_a_uri() -> None:
    result = run("check", stdin=f"swift_store_key = {SECRET}{'a' * 300_000}\n".encode())
    assert result.status == 1
    assert SECRET not in result.stdout
    assert result.stdout.splitlines()[0].endswith("(line skipped unread)")

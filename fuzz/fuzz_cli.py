"""A bounded random run of every command of ``glance-locations``, arguments and inputs.

Run: ``python fuzz/fuzz_cli.py [--count N] [--seed S]`` (default 20,000 inputs, seed 26).
Each input is one command line (a command, a random choice of its options with values
good, bad and hostile, random junk arguments) and a standard input (URIs, CSV, JSON, JSON
lines, binary, huge integers, control and bidirectional characters, lone surrogates),
run in this process through ``main`` with standard output that may be closed early or
full. Every ``db`` command runs on a SQLite copy of a Glance database holding hostile
rows. A failure is any of:

- an exception out of ``main`` (``SystemExit`` of argparse excepted), a traceback on
  stderr, an exit status other than 0, 1 or 2;
- a line of stdout (but ``redact``'s, a filter that copies bytes into a pipe) or of
  stderr that is not printable: a control or bidirectional character reached the
  terminal raw;
- the secret marker on stdout or stderr without ``--show-secrets``.

It prints the number of inputs tried and of failures (the first few in full) and exits
1 when there was one.
"""

# ruff: noqa: S311 (random inputs for a test, not for security)
from __future__ import annotations

import argparse
import contextlib
import errno
import io
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from glance_locations.cli import main

SECRET = "Zz9S3CR3Tq"  # noqa: S105 (the marker the run looks for in the output)
VOLUME = "7a2b0d1e-8d5c-4f1a-9a43-5b2e0c7d9f11"
FSID = "0b9e5c4e-3a1d-4f0e-9d6c-2b7a8e1f4c3d"
HOSTILE = [
    "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J", "\x07", "\r", "\b", "\x7f", "\x00", "\x9b",
    "\u202e", "\u2066", "\u200f", "\u061c", "\u2028", "\ufeff", "\udc80", "\U000e0001",
]  # fmt: skip
URIS = [
    f"rbd://{FSID}/images/img/snap",
    "rbd://images/img",
    f"cinder://{VOLUME}",
    f"cinder://fast/{VOLUME}",
    "file:///var/lib/glance/images/x",
    f"http://user:{SECRET}@example.com:8080/x?token={SECRET}",
    "https://example.org/y?X-Amz-Signature=abc",
    f"swift://acct%3Auser:{SECRET}@keystone.example.com/v3/glance/obj",
    "swift+config://ref1/glance/obj",
    f"s3://AKIA:{SECRET}@s3.example.com/bucket/key",
    "vsphere://vc.example.com/folder/images/x?dcPath=dc&dsName=ds",
    "not a uri",
    "",
]


def _huge() -> str:
    return "9" * random.choice([4301, 5000, 20000])


def _token() -> str:
    """One value: good, bad or hostile."""
    kind = random.random()
    if kind < 0.35:
        return random.choice(URIS)
    if kind < 0.5:
        return random.choice(URIS) + random.choice(HOSTILE)
    if kind < 0.6:
        return _huge()
    if kind < 0.7:
        return "".join(random.choice(HOSTILE) for _ in range(random.randint(1, 4)))
    if kind < 0.8:
        return "".join(chr(random.randint(0, 0x2FFF)) for _ in range(random.randint(0, 12)))
    return random.choice(["-", "", "=", "a=b", "x" * 70000, "@", "%", "--", "'", "{}"])


def _stdin() -> bytes:
    form = random.random()
    if form < 0.25:
        text = "\n".join(_token() for _ in range(random.randint(0, 8)))
    elif form < 0.45:
        rows = [",".join(_token().replace(",", " ") for _ in range(2)) for _ in range(5)]
        header = random.choice(["id,value", "value", f"id,{_token()}", "\x00\x7f,\x1b"])
        text = "\n".join([header, *rows])
    elif form < 0.65:
        values = [random.choice([_token(), "HUGE", 1]) for _ in range(random.randint(0, 3))]
        doc: object = {"id": _token(), "locations": [{"url": v} for v in values]}
        if random.random() < 0.3:
            doc = {"id": "x", "name": "no locations"}
        text = json.dumps(doc).replace('"HUGE"', _huge())
        if random.random() < 0.5:
            text = f"{text}\n{_token()}"
    elif form < 0.75:
        specs = {"scheme": random.choice(["rbd", "vsphere", "http", "cinder"]), "x": _token()}
        specs.update({k: _token() for k in random.sample(["fsid", "pool", "volume_id",
                      "server_host", "datastore_name", "datacenter_path", "image_id",
                      "image_dir", "netloc", "path"], 3)})  # fmt: skip
        text = json.dumps(specs)
        if random.random() < 0.2:
            text = text.replace('"x"', f'"n": {_huge()}, "x"')
    else:
        return bytes(random.randint(0, 255) for _ in range(random.randint(0, 300)))
    return text.encode("utf-8", "surrogatepass")


def _journal(folder: Path) -> str:
    choice = random.random()
    if choice < 0.4:
        return str(folder / f"j-{random.randint(0, 10**9)}.jsonl")
    if choice < 0.55:
        existing = folder / "existing.jsonl"
        existing.write_text(random.choice(["", "{}\n", "not json\n", '{"id": 1}\n']))
        return str(existing)
    if choice < 0.65:
        return str(folder / "no-such-dir" / "j.jsonl")
    return _token()


COMMANDS = ("parse", "check", "redact", "specs", "render", "audit", "rewrite", "undo")


def _command(db_url: str, folder: Path) -> list[str]:
    """A random command line."""
    command = random.choice(COMMANDS)
    args: list[str]
    if command in {"parse", "specs"}:
        args = [command, *[_token() for _ in range(random.randint(0, 3))]]
        options = ["--show-secrets", "--backend", "--swift-config"]
    elif command == "check":
        args = [
            "check",
            *random.sample(["-", os.devnull, str(folder), _token()], random.randint(0, 2)),
        ]
        options = ["--input", "--column", "--id-column", "--json", "-q", "--allow-scheme",
                   "--file-root", "--no-credentials", "--no-private-hosts", "--require-tls",
                   "--swift-config", "--no-progress"]  # fmt: skip
    elif command == "redact":
        args = ["redact", *random.sample(["-", _token()], random.randint(0, 1))]
        options = []
    elif command == "render":
        args = ["render", *random.sample(["-", _token()], random.randint(0, 1))]
        options = ["--store", "--store", "--backend", "--show-secrets", "--swift-config"]
    else:
        url = random.choice([db_url] * 30 + [_token(), "sqlite:///nope.db",
                            f"postgresql+psycopg://glance:Qx7@{SECRET}@127.0.0.1:1/glance",
                            f"mysql+pymysql://glance:{SECRET}:x@127.0.0.1:1/glance"])  # fmt: skip
        args = ["db", command, url]
        options = {
            "audit": ["--json", "--include-deleted", "--no-credentials", "--allow-scheme",
                      "--swift-config", "--lock-timeout"],
            "rewrite": ["--rbd-fsid", "--rbd-pool", "--host", "--strip-credentials",
                        "--swift-to-config", "--cinder-backend", "--apply", "--journal",
                        "--json", "--swift-config", "--lock-timeout"],
            "undo": ["--journal", "--journal", "--lock-timeout"],
        }[command]  # fmt: skip
        if command == "rewrite" and random.random() < 0.6:
            args += random.choice(
                [["--cinder-backend", "fast"], ["--rbd-fsid", f"{FSID}={VOLUME}"]]
            )
    for option in random.sample(options, random.randint(0, min(4, len(options)))):
        args.append(option)
        args.extend(_value(option, folder))
    if random.random() < 0.1:
        args.insert(random.randint(0, len(args)), _token())
    return args


def _value(option: str, folder: Path) -> list[str]:
    flags = {"--show-secrets", "--json", "-q", "--no-credentials", "--no-private-hosts",
             "--require-tls", "--no-progress", "--include-deleted", "--apply",
             "--swift-to-config"}  # fmt: skip
    if option in flags:
        return []
    good = {
        "--input": random.choice(["lines", "csv", "tsv", "json"]),
        "--store": random.choice(["rbd", "vmware", "cinder", "http", "swift"]),
        "--rbd-fsid": f"{FSID}={random.choice([FSID[::-1], 'not/a uuid', _token()])}",
        "--rbd-pool": f"images={random.choice(['fast', 'a/b', _token()])}",
        "--host": f"example.com={random.choice(['new.example.com', 'not a host', _token()])}",
        "--strip-credentials": random.choice(["s3", "http", "swift"]),
        "--cinder-backend": random.choice(["fast", _token()]),
        "--journal": _journal(folder),
        "--swift-config": random.choice([str(folder / "swift.conf"), os.devnull, _token()]),
        "--lock-timeout": random.choice(["0.5", "0", "-1", "nan", "inf", _huge()]),
        "--allow-scheme": random.choice(["rbd", "nope", _token()]),
    }
    return [good.get(option, _token()) if random.random() < 0.7 else _token()]


class _Pipe(io.RawIOBase):
    """Standard output that takes ``limit`` bytes, then fails as a closed pipe or a full disk."""

    def __init__(self, limit: int | None, error: int) -> None:
        self.taken = bytearray()
        self.limit = limit
        self.error = error

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        chunk = bytes(data)  # type: ignore[call-overload]
        if self.limit is not None and len(self.taken) + len(chunk) > self.limit:
            raise (
                OSError(self.error, os.strerror(self.error))
                if self.error != errno.EPIPE
                else BrokenPipeError(self.error, "Broken pipe")
            )
        self.taken += chunk
        return len(chunk)


def _run(args: list[str], data: bytes) -> tuple[int | None, str, str, BaseException | None]:
    limit = random.choice([None, None, None, 0, 10, 200])
    out = _Pipe(limit, random.choice([errno.EPIPE, errno.ENOSPC]))
    err = _Pipe(None, 0)
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(out), encoding="utf-8", write_through=False)
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(err), encoding="utf-8", write_through=True)
    status: int | None = None
    escaped: BaseException | None = None
    try:
        status = main(args)
    except SystemExit as exc:  # argparse: usage errors and --help
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:
        escaped = exc
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdin, sys.stdout, sys.stderr = saved
    return (
        status,
        out.taken.decode("utf-8", "replace"),
        err.taken.decode("utf-8", "replace"),
        escaped,
    )


def _problems(
    args: list[str], status: int | None, stdout: str, stderr: str, escaped: BaseException | None
) -> list[str]:
    found: list[str] = []
    if escaped is not None:
        found.append(f"exception out of main: {type(escaped).__name__}")
    if status not in (0, 1, 2):
        found.append(f"exit status {status!r}")
    if "Traceback" in stderr or "Exception ignored" in stderr:
        found.append("a traceback on stderr")
    copied = args[:1] == ["redact"]
    for name, text in (("stdout", "" if copied else stdout), ("stderr", stderr)):
        for line in text.split("\n"):
            if not line.isprintable() and "\ufffd" not in line:
                found.append(f"{name} line not terminal-safe: {line[:120]!r}")
                break
    if "--show-secrets" not in args and SECRET in stdout + stderr and not copied:
        found.append("the secret marker was printed")
    return found


def _database(folder: Path) -> Path:
    path = folder / "glance.db"
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE images (id VARCHAR(36) PRIMARY KEY, name VARCHAR(255), size INTEGER,
          status VARCHAR(30) NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME,
          deleted_at DATETIME, deleted BOOLEAN NOT NULL, disk_format VARCHAR(20),
          container_format VARCHAR(20), checksum VARCHAR(32), owner VARCHAR(255),
          min_disk INTEGER NOT NULL, min_ram INTEGER NOT NULL, protected BOOLEAN NOT NULL
          DEFAULT 0, virtual_size INTEGER, visibility VARCHAR(9) NOT NULL DEFAULT 'shared',
          os_hidden BOOLEAN NOT NULL DEFAULT 0, os_hash_algo VARCHAR(64),
          os_hash_value VARCHAR(128));
        CREATE TABLE image_locations (id INTEGER PRIMARY KEY, image_id VARCHAR(36) NOT NULL
          REFERENCES images (id), value TEXT NOT NULL, created_at DATETIME NOT NULL,
          updated_at DATETIME, deleted_at DATETIME, deleted BOOLEAN NOT NULL, meta_data TEXT,
          status VARCHAR(30) NOT NULL DEFAULT 'active');
        """
    )
    values: list[object] = [*URIS, *[u + h for u in URIS[:5] for h in HOSTILE[:6]],
                            b"cinder://\x00", b"rbd://\xff\xfe", _huge()]  # fmt: skip
    metas: list[object] = ["{}", '{"store": "ceph"}', "[1]", "not json", None,
                           '{"store": "\\u001b]52;c;x\\u0007"}', b"\xff"]  # fmt: skip
    for n, value in enumerate(values):
        image = f"img-{n}{random.choice(['', HOSTILE[0], HOSTILE[8]])}"
        connection.execute(
            "INSERT INTO images (id, status, created_at, deleted, min_disk, min_ram)"
            " VALUES (?, 'active', '2024-05-01 12:00:00', ?, 0, 0)",
            (image, n % 11 == 0),
        )
        connection.execute(
            "INSERT INTO image_locations (image_id, value, created_at, deleted, meta_data)"
            " VALUES (?, ?, '2024-05-01 12:00:00', ?, ?)",
            (image, value, n % 7 == 0, metas[n % len(metas)]),
        )
    connection.commit()
    connection.close()
    return path


def main_fuzz(count: int, seed: int) -> int:
    random.seed(seed)
    with tempfile.TemporaryDirectory(prefix="glance-locations-fuzz-") as tmp:
        folder = Path(tmp)
        (folder / "swift.conf").write_text(
            "[ref1]\nauth_address = https://keystone.example.com/v3\n"
            f"user = acct:user\nkey = {SECRET}\n"
        )
        pristine = _database(folder)
        working = folder / "work.db"
        failures: list[tuple[list[str], list[str]]] = []
        tally: dict[str, int] = {}
        start = time.monotonic()
        cwd = os.getcwd()
        os.chdir(folder)  # default journals land here
        try:
            for n in range(count):
                if n % 50 == 0:
                    shutil.copyfile(pristine, working)
                args = _command(f"sqlite:///{working}", folder)
                status, stdout, stderr, escaped = _run(args, _stdin())
                problems = _problems(args, status, stdout, stderr, escaped)
                name = " ".join(args[:2]) if args[:1] == ["db"] else args[0]
                name = name if name.replace("db ", "") in COMMANDS else "(junk first)"
                tally[f"{name} -> {status}"] = tally.get(f"{name} -> {status}", 0) + 1
                if problems:
                    failures.append((args, problems))
        finally:
            os.chdir(cwd)
        elapsed = time.monotonic() - start
    print(", ".join(f"{key}: {value}" for key, value in sorted(tally.items())))
    for args, problems in failures[:10]:
        print(f"FAILURE {[a[:80] for a in args]!r}: {problems}")
    tried = f"{count} inputs tried (seed {seed}) in {elapsed:.0f} s"
    print(f"fuzz_cli: {tried}: {len(failures)} failures")
    return 1 if failures else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="A bounded random run of every command.")
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=26)
    return parser.parse_args()


if __name__ == "__main__":
    options = _arguments()
    run: Callable[[int, int], int] = main_fuzz
    sys.exit(run(options.count, options.seed))

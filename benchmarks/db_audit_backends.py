"""Time ``db audit --glance-config`` against the same audit without it (SQLite).

    python benchmarks/db_audit_backends.py [--rows N ...] [--keep DIR]

Builds (with benchmarks/db_audit.py's ``build``) a SQLite Glance database of N locations
in the store mix of benchmarks/bench.py, but written as a multi-store Glance writes them,
with the glance-api.conf (and ceph.conf) of that deployment: rbd on one cluster (one row
in a hundred on a cluster no backend is for), swift with credentials, file, http, s3
without keys (one row in ten still with its old keys), cinder ``cinder://NAME/id``,
vSphere (whose Glance prefix matches none of its rows); one row in twenty without
``meta_data.store``. Then it runs, each in a fresh interpreter under ``/usr/bin/time -v``,

- ``python -m glance_locations db audit sqlite:///FILE --json`` and
- the same with ``--glance-config FILE``,

and prints wall time, CPU time and peak RSS of both, the findings the second reported,
and the ratio; results go to benchmarks/results/db_audit_backends.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from db_audit import ROOT, build, timed

RESULTS = ROOT / "benchmarks" / "results" / "db_audit_backends.json"
FSID = "6f1c8d2e-5b4a-4c3d-9e8f-0a1b2c3d4e5f"
FOREIGN = "0d9c8b7a-6f5e-4d3c-8b2a-190817263544"

GLANCE_API_CONF = """\
[DEFAULT]
enabled_backends = ceph:rbd, swift:swift, file:file, web:http, s3:s3, cinder:cinder, vmware:vmware

[glance_store]
default_backend = ceph

[ceph]
rbd_store_pool = images
rbd_store_ceph_conf = ceph.conf

[swift]
swift_store_auth_address = https://keystone.example.com/v3
swift_store_user = acct:user
swift_store_key = key
swift_store_container = glance

[file]
filesystem_store_datadir = /var/lib/glance/images

[s3]
s3_store_host = https://s3.example.com
s3_store_access_key = ak
s3_store_secret_key = sk-new
s3_store_bucket = bucket

[vmware]
vmware_server_host = vc.example.com
vmware_server_username = administrator
vmware_server_password = pw
vmware_datastores = dc1:ds1
"""


def multistore_uri(rng: random.Random, n: int) -> tuple[str, str | None]:
    """A location of row ``n`` and its ``meta_data.store`` (``None``: not recorded)."""
    roll = rng.random()
    uid = uuid.UUID(int=rng.getrandbits(128), version=4)
    value: str
    store: str
    if roll < 0.35:
        value, store = f"rbd://{FOREIGN if n % 100 == 7 else FSID}/images/{uid}/snap", "ceph"
    elif roll < 0.60:
        value, store = (
            f"swift+https://acct%3Auser:key@keystone.example.com/v3/glance/{uid}",
            "swift",
        )
    elif roll < 0.78:
        value, store = f"file:///var/lib/glance/images/{uid}", "file"
    elif roll < 0.91:
        value, store = f"https://images{n % 11}.example.com/pub/{uid}.qcow2", "web"
    elif roll < 0.95:
        keys = "ak:sk-old@" if n % 10 == 3 else ""
        value, store = f"s3+https://{keys}s3.example.com/bucket/{uid}", "s3"
    elif roll < 0.98:
        value, store = f"cinder://cinder/{uid}", "cinder"
    else:
        value = f"vsphere://vc.example.com/folder/openstack_glance/{uid}?dcPath=dc1&dsName=ds1"
        store = "vmware"
    return value, (None if n % 20 == 11 else store)


def findings(command: list[str]) -> dict[str, object]:
    done = subprocess.run(  # noqa: S603 (our interpreter and module)
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    last = done.stdout.splitlines()[-1]
    summary: dict[str, object] = json.loads(last)["summary"]
    return {"rows": summary["rows"], "findings": summary["findings"]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Time db audit --glance-config against the same audit without it."
    )
    parser.add_argument("--rows", type=int, action="append", help="default: 1000000")
    parser.add_argument("--keep", type=Path, help="build the databases in DIR and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="glance-locations-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ceph.conf").write_text(f"[global]\nfsid = {FSID}\n")
    conf = folder / "glance-api.conf"
    conf.write_text(GLANCE_API_CONF)
    results: list[dict[str, object]] = []
    print(f"load average before: {os.getloadavg()[0]:.2f} (over {os.cpu_count()} cores)")
    for rows in args.rows or [1_000_000]:
        path = folder / f"glance-multistore-{rows}.db"
        if not path.exists():
            build(path, rows, uri=multistore_uri)
        audit = [sys.executable, "-m", "glance_locations", "db", "audit", f"sqlite:///{path}"]
        plain = timed([*audit, "--json"])
        backends = timed([*audit, "--json", "--glance-config", str(conf)])
        found = findings([*audit, "--json", "--glance-config", str(conf)])
        ratio = backends["wall_s"] / plain["wall_s"]
        results.append(
            {"rows": rows, "audit": plain, "with_glance_config": backends, "ratio": ratio, **found}
        )
        for name, timing in (("audit", plain), ("--glance-config", backends)):
            print(
                f"{rows:>9} rows  {name:<16} {timing['wall_s']:>7.2f} s wall  "
                f"{timing['cpu_s']:>7.2f} s cpu  {timing['peak_rss_mb']:>5.0f} MB peak RSS"
            )
        print(f"{'':>9}       ratio {ratio:.2f}; findings {json.dumps(found['findings'])}")
        if args.keep is None:
            path.unlink()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps({"python": sys.version.split()[0], "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()

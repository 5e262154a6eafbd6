"""The fsid of a Ceph cluster, from the ``[global]`` section of its ceph.conf.

glance_store's rbd driver asks the cluster itself (``rados.Rados.get_fsid()`` after
connecting with ``rbd_store_ceph_conf``; ``_drivers/rbd.py`` ``_set_url_prefix``). A
configuration file holds the same fsid in ``[global] fsid`` when the cluster was deployed
with one (cephadm and ceph-ansible write it); a file without it leaves the fsid unknown.

ceph.conf syntax (Ceph's ``ConfUtils``): ``key = value`` lines, ``#`` and ``;`` comments,
also at the end of a line; a key's spaces, ``_`` and ``-`` are interchangeable.
"""

from __future__ import annotations

import os
import re
import uuid

from glance_locations.backends._ini import shown

__all__ = ["DEFAULT_CEPH_CONF", "fsid_of"]

#: Where librados looks first when no configuration file is named.
DEFAULT_CEPH_CONF = "/etc/ceph/ceph.conf"

_SECTION = re.compile(r"\[\s*([^\]]*?)\s*\]")
_COMMENT = re.compile(r"\s[#;].*$")


def fsid_of(path: str) -> tuple[str | None, str]:
    """The ``[global] fsid`` of the ceph.conf at ``path``: ``(fsid, path)`` when found,
    ``(None, why)`` when the file has none.

    :raises OSError: the file cannot be read.
    :raises ValueError: the file is not UTF-8, or its fsid is not a UUID (the message
        names the file, never its text).
    """
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"ceph.conf {shown(path)} is not valid UTF-8") from None
    section = ""
    fsid: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        header = _SECTION.fullmatch(_COMMENT.sub("", line))
        if header is not None:
            section = header.group(1).lower()
            continue
        key, equal, value = line.partition("=")
        if equal and section == "global" and re.sub(r"[ _-]+", "", key.lower()) == "fsid":
            fsid = _COMMENT.sub("", value).strip().strip("\"'")
    if fsid is None:
        return None, f"{shown(path)} has no [global] fsid"
    try:
        uuid.UUID(fsid)
    except ValueError:
        raise ValueError(f"ceph.conf {shown(path)}: [global] fsid is not a UUID") from None
    return fsid.lower(), path


def ceph_conf_path(option: str, *, base: str) -> str:
    """The ceph.conf that ``rbd_store_ceph_conf`` names (relative to ``base``), or
    librados' first default when it is empty."""
    if not option:
        return DEFAULT_CEPH_CONF
    return option if os.path.isabs(option) else os.path.join(base, option)

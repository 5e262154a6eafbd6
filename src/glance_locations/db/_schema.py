"""Glance's ``images`` and ``image_locations`` tables, as Glance 33 creates them.

Declared here to read and update them with SQLAlchemy Core; this project never creates,
alters or migrates Glance's schema (the tests create these tables in their own throwaway
databases, and ``tests/db/glance_schema_check.py`` compares them with the tables that
``glance-manage db sync`` of Glance 33.0.0 makes). Indexes are left out: they change how
fast Glance finds rows, not what a row holds.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["IMAGE_VISIBILITIES", "images", "locations", "metadata"]

metadata = sa.MetaData()

#: The values of ``images.visibility`` (an ``image_visibility`` enum type on PostgreSQL).
IMAGE_VISIBILITIES = ("private", "public", "shared", "community")

#: Glance stores sizes as BIGINT, except on SQLite where INTEGER is already 64 bits.
_SIZE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

images = sa.Table(
    "images",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255)),
    sa.Column("size", _SIZE),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime()),
    sa.Column("deleted_at", sa.DateTime()),
    sa.Column("deleted", sa.Boolean(), nullable=False),
    sa.Column("disk_format", sa.String(20)),
    sa.Column("container_format", sa.String(20)),
    sa.Column("checksum", sa.String(32)),
    sa.Column("owner", sa.String(255)),
    sa.Column("min_disk", sa.Integer(), nullable=False),
    sa.Column("min_ram", sa.Integer(), nullable=False),
    sa.Column("protected", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("virtual_size", _SIZE),
    sa.Column(
        "visibility",
        sa.Enum(*IMAGE_VISIBILITIES, name="image_visibility"),
        nullable=False,
        server_default="shared",
    ),
    sa.Column("os_hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("os_hash_algo", sa.String(64)),
    sa.Column("os_hash_value", sa.String(128)),
)

#: ``image_locations``: one row per location of an image. ``value`` is the store URI
#: (TEXT: 65,535 bytes on MySQL), ``meta_data`` a JSON object as text (Glance's
#: ``JSONEncodedDict``; NULL is read as ``{}``), ``status`` ``active`` or ``deleted``.
locations = sa.Table(
    "image_locations",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("image_id", sa.String(36), sa.ForeignKey("images.id"), nullable=False),
    sa.Column("value", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime()),
    sa.Column("deleted_at", sa.DateTime()),
    sa.Column("deleted", sa.Boolean(), nullable=False),
    sa.Column("meta_data", sa.Text()),
    sa.Column("status", sa.String(30), nullable=False, server_default="active"),
)

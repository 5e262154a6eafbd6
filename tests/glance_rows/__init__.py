"""Rows as Glance 33.0.0's own code writes them (needs Glance: ``nox -s glance_schema``)."""

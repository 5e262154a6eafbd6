"""Differential conformance suite: glance_locations against glance_store.

Every URI of a seeded corpus (:mod:`.corpus`) is parsed by both libraries, and every
store_specs dict of a second corpus goes through our ``from_specs()`` and glance_store's
``process_specs()``. Where both accept, every mapped field and ``get_uri()`` must be equal
(:mod:`.stores` holds the field mapping); where they differ, the case must match a named
rule of :mod:`.divergences`, each documented in ``docs/divergences.md``. Only
:mod:`.reference` imports glance_store: the rest runs without it, so the plain test
session can check the rule list against the document.
"""

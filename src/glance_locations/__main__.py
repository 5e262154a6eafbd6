"""``python -m glance_locations``: the ``glance-locations`` command."""

from __future__ import annotations

import sys

from glance_locations.cli import main

if __name__ == "__main__":
    sys.exit(main())

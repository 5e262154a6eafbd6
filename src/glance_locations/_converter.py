"""The package's one cattrs converter, built once and shared.

Private: nothing here is registered on cattrs' global converter, so users' converters
are left alone.
"""

from __future__ import annotations

import cattrs

converter = cattrs.Converter(forbid_extra_keys=True)

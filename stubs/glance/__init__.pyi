# Stubs for the part of Glance that tests/glance_rows runs: its parallel import task.

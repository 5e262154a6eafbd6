# Stubs for the part of glance_store (the reference implementation) that the conformance
# suite touches: the driver StoreLocation classes of tests/conformance/reference.py.

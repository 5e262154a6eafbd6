# The part of oslo.config that tests/conformance/reference.py touches. oslo.config ships
# its own annotations, but the typecheck session does not install it.

"""cpjit: a copy-and-patch JIT compiler for CPython 3.11 bytecode."""

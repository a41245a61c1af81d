"""The in-program side of the benchmark protocol. Benchmark programs import
`benchtimer` from this directory (the harness puts it on PYTHONPATH); the
harness imports it as jit.bench.timer.benchtimer for its constants."""

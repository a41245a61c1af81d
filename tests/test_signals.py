"""Where a program's signal handlers run in Tier 1 (interpreter/program_signals.py):
programs whose outcome depends on it, compared with CPython under `--no-jit`.

`with_lock_stress.py` sends 400 alarms into a `with lock:` loop; before the
handlers were deferred to the VM's eval-breaker points about 1 alarm in 20
raised between the block's body and its __exit__, so the lock was left held
in nearly every run. (The corpus runs signals_*.py in every mode.)
"""
from __future__ import annotations

from pathlib import Path

from differential import assert_same, run_pair

PROGRAMS = Path(__file__).resolve().parent / "signal_programs"


def test_with_lock_stress_in_tier1() -> None:
    expected, actual = run_pair(["--no-jit"], ["with_lock_stress.py"], PROGRAMS)
    assert_same(expected, actual, "with_lock_stress.py [--no-jit]")

"""How soon Ctrl-C stops a loop running as native code (prints figures, asserts none).

  python -m jit.bench.sigint [--reps N]

Starts `python -m jit` on a program whose hot loop never ends, waits until
the loop has run natively for a while, sends SIGINT, and measures the time
until the process has died of it (KeyboardInterrupt). Issue target: 100 ms.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

SPIN = """
def spin():
    total = i = 0
    while True:
        total = (total + i) % 1000003
        i += 1
        if i == 300000:
            print("hot", flush=True)
spin()
"""


def one_latency(script: str) -> float:
    process = subprocess.Popen([sys.executable, "-m", "jit", script], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    try:
        if process.stdout.readline() != b"hot\n":
            raise SystemExit("the spinning program did not start")
        time.sleep(0.1)
        sent = time.perf_counter()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        latency = time.perf_counter() - sent
    finally:
        process.kill()
    if process.returncode != -signal.SIGINT:
        raise SystemExit(f"expected death by SIGINT, got exit status {process.returncode}")
    return latency


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=7)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        script = os.path.join(directory, "spin.py")
        with open(script, "w") as file:
            file.write(SPIN)
        latencies = [one_latency(script) for _ in range(options.reps)]
    print(__doc__.split("\n\n")[0])
    print(f"SIGINT to exit, {options.reps} runs: median {statistics.median(latencies) * 1e3:.1f} ms, "
          f"max {max(latencies) * 1e3:.1f} ms (target 100 ms)")


if __name__ == "__main__":
    main()

"""How soon Ctrl-C stops a program (prints figures, asserts none).

  python -m jit.bench.sigint [--reps N]

Starts `python -m jit` on a program that never ends, waits until it has
printed "hot" and run on for 0.1 s, sends SIGINT, and measures the time until
the process has died of it (KeyboardInterrupt, Python's default handler).
Three cases: a loop running as native code; the same loop in Tier 1
(`--no-jit`), where the handler waits for the VM's next eval-breaker point;
and a loop blocked in `time.sleep(10)`, where it must run inside the sleep.
Issue target: 100 ms.
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

SLEEP = """
import time
for i in range(1000):
    if i == 20:
        print("hot", flush=True)
    time.sleep(0 if i < 20 else 10)
"""

CASES = {  # name: (program, arguments before the script)
    "native loop": (SPIN, []),
    "Tier 1 loop": (SPIN, ["--no-jit"]),
    "blocked in time.sleep": (SLEEP, []),
}


def one_latency(script: str, arguments: list[str]) -> float:
    process = subprocess.Popen([sys.executable, "-m", "jit", *arguments, script],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        if process.stdout.readline() != b"hot\n":
            raise SystemExit("the program did not start")
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
    print(__doc__.split("\n\n")[0])
    with tempfile.TemporaryDirectory() as directory:
        for name, (program, arguments) in CASES.items():
            script = os.path.join(directory, "program.py")
            with open(script, "w") as file:
                file.write(program)
            latencies = [one_latency(script, arguments) for _ in range(options.reps)]
            print(f"{name}: SIGINT to exit, {options.reps} runs: median "
                  f"{statistics.median(latencies) * 1e3:.1f} ms, "
                  f"max {max(latencies) * 1e3:.1f} ms (target 100 ms)")


if __name__ == "__main__":
    main()

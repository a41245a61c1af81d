"""--perf-map: name JIT code for Linux `perf`.

perf reads /tmp/perf-PID.map (one `START SIZE NAME` line per symbol, hex
addresses) to name samples in code no ELF file describes.  Each compiled
trace adds a line per stencil instance, named after the trace and the uop
(`cpjit place:52 CALL_NATIVE`), so `perf report` shows which uops of which
traces the time goes to.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import os
from typing import TextIO

from jit.backend.executor import NativeCode


class PerfMap:
    def __init__(self, directory: str = "/tmp") -> None:
        self.path = os.path.join(directory, f"perf-{os.getpid()}.map")
        self._file: TextIO | None = None

    def trace(self, label: str, native: NativeCode) -> None:
        """Name the code of one compiled trace (root, function or side)."""
        if self._file is None:
            self._file = open(self.path, "a", buffering=1)
        code = native.code
        addresses, instances = code.addresses, native.instances
        start, end = code.region.address, code.region.address + code.code_size
        if len(addresses) != len(instances) or list(addresses) != sorted(addresses):
            # (the LLVM backend: one body for the whole trace)
            self._file.write(f"{start:x} {end - start:x} cpjit {label}\n")
            return
        for address, following, instance in zip(addresses, [*addresses[1:], end], instances):
            if following > address:
                self._file.write(f"{address:x} {following - address:x} cpjit {label} "
                                 f"{instance.stencil}\n")

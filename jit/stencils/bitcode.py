"""The stencils as LLVM bitcode, for the LLVM comparison backend.

The stencil build compiles every translation unit twice with the same flags:
to an object (the stencil) and, with `-emit-llvm`, to bitcode.  The bitcode
of all stencils is saved next to the library, under the library's digest, so
a bundle that does not match the library it sits beside is never used.
Bitcode rather than textual IR: LLVM reads bitcode written by older versions.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import binascii  # base64 itself: its module costs ~1.4 ms of start-up
import json
from dataclasses import dataclass
from pathlib import Path

from jit.paths import bitcode_path  # noqa: F401 (where bundles live; kept in paths for start-up)
from jit.stencils.model import StencilError


@dataclass(frozen=True)
class BitcodeBundle:
    digest: str    # the digest of the library built with it
    compiler: str  # the clang version line that wrote it
    modules: dict[str, bytes]  # stencil name -> bitcode

    def save(self, path: Path) -> None:
        payload = {
            "generated_by": "build_stencils.py — do not edit",
            "digest": self.digest,
            "compiler": self.compiler,
            "bitcode": {name: binascii.b2a_base64(data, newline=False).decode()
                        for name, data in sorted(self.modules.items())},
        }
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(payload, indent=1))
        temporary.replace(path)  # readers never see a half-written bundle

    @classmethod
    def load(cls, path: Path) -> BitcodeBundle:
        try:
            payload = json.loads(path.read_text())
            modules = {name: binascii.a2b_base64(text) for name, text in payload["bitcode"].items()}
            return cls(payload["digest"], payload["compiler"], modules)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise StencilError(f"{path}: unreadable stencil bitcode ({error})") from error

#!/usr/bin/env python3
"""Build cpjit's stencil library: stencils/*.c --clang--> .o --pyelftools--> library.

  python build_stencils.py          build when missing or stale, recompiling only the
                                    stencils whose inputs changed (--force: always,
                                    and every stencil)
  python build_stencils.py --check  exit 1 if the library is missing or stale
"""
from __future__ import annotations

import argparse
import sys

from jit.stencils.clang import find_clang
from jit.stencils.library import LIBRARY_PATH, OBJECT_CACHE, build, input_digest, staleness
from jit.stencils.model import StencilError, StencilLibrary


def check() -> int:
    reason = staleness()
    if reason is None:
        recorded = StencilLibrary.load(LIBRARY_PATH).compiler
        current = find_clang().version_line
        if input_digest(current) != input_digest(recorded):
            reason = f"built with {recorded}, but the compiler now is {current}"
    if reason:
        print(f"stencil library is out of date: {reason}", file=sys.stderr)
        return 1
    print(f"stencil library is current: {LIBRARY_PATH}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="exit non-zero when the library is missing or stale; build nothing")
    mode.add_argument("--force", action="store_true",
                      help="rebuild even when current, compiling every stencil afresh")
    options = parser.parse_args(argv)
    try:
        if options.check:
            return check()
        reason = "--force" if options.force else staleness()
        if reason is None:
            print(f"stencil library is current: {LIBRARY_PATH}")
            return 0
        print(f"building stencils ({reason})", file=sys.stderr)
        build(object_cache=None if options.force else OBJECT_CACHE)
        return 0
    except StencilError as error:
        print(f"build_stencils.py: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

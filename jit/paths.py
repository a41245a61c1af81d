"""Where the project's sources and build products live."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STENCILS_DIR = ROOT / "stencils"
UOPS_SOURCE = STENCILS_DIR / "uops.c"
ENTRY_SOURCE = STENCILS_DIR / "entry.c"
EVAL_HOOK_SOURCE = STENCILS_DIR / "eval_hook.c"
GC_SHELTER_SOURCE = STENCILS_DIR / "gc_shelter.c"
# The stencil library is a build product: $CPJIT_BUILD_DIR or build/ in the checkout.
BUILD_DIR = Path(os.environ.get("CPJIT_BUILD_DIR") or ROOT / "build")


def bitcode_path(library_path: Path) -> Path:
    """Where the bitcode bundle (jit/stencils/bitcode.py) of the stencil
    library at `library_path` lives.  Here, not there: start-up checks the
    bundle exists without importing the module that reads it."""
    return library_path.parent / "bitcode.json"


# The file name of code cpjit compiles from source it generates (the
# emitters) starts with this: the frame-evaluation hook never marks it.
GENERATED_CODE_PREFIX = "<cpjit "

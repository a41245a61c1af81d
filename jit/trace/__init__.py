"""Tier 2: hot loops recorded out of Tier 1 into traces of uops.

Importing the package provides the runtime symbols the stencils refer to.
"""
import sys

from interpreter.frame import NULL
from interpreter.program_signals import pending
from jit.backend.symbols import provide
from jit.trace.calls import DEOPT, call_native, call_vm, native_exited, native_raised

# What stencils call cpjit_NULL, cpjit_call_vm, cpjit_DEOPT, ...
provide("cpjit_NULL", NULL)
provide("cpjit_call_vm", call_vm)
provide("cpjit_DEOPT", DEOPT)
provide("cpjit_call_native", call_native)
provide("cpjit_native_exited", native_exited)
provide("cpjit_native_raised", native_raised)
provide("cpjit_pending", pending)
# stencils/helpers.h's spare lists for slices: four slots
provide("cpjit_spare_slice_lists", [None] * 4)

# (native code calls them: jit/hook.py's settle says why)
if "jit.hook" in sys.modules:
    sys.modules["jit.hook"].settle(call_vm, call_native, native_exited, native_raised)

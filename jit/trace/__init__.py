"""Tier 2: hot loops recorded out of Tier 1 into traces of uops.

Importing the package provides the runtime symbols the stencils refer to.
"""
from interpreter.frame import NULL
from jit.backend.symbols import provide
from jit.trace.calls import DEOPT, call_vm

# What stencils call cpjit_NULL, cpjit_call_vm and cpjit_DEOPT.
provide("cpjit_NULL", NULL)
provide("cpjit_call_vm", call_vm)
provide("cpjit_DEOPT", DEOPT)

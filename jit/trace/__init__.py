"""Tier 2: hot loops recorded out of Tier 1 into traces of uops.

Importing the package provides the runtime symbols the stencils refer to.
"""
from interpreter.frame import NULL
from jit.backend.symbols import provide

# Stencils see the VM's NULL sentinel as `cpjit_NULL`.
provide("cpjit_NULL", NULL)

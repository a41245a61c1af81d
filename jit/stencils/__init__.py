"""Stencils: uop templates compiled by clang into relocatable machine code.

model.py      Hole, Stencil and StencilLibrary (what the emitter consumes)
clang.py      finds clang >= 19 and compiles one translation unit
templates.py  turns each uop definition into a C translation unit
elf.py        reads a compiled object into a Stencil (code, data, holes)
library.py    builds, checks, saves and loads the stencil library
cache.py      the generated cache files' format (checked, atomic) and keys
"""

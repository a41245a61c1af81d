"""The LLVM comparison backend: the same traces, compiled by LLVM.

The stencil build also writes every uop's template as LLVM bitcode, from the
same generated C sources and flags (jit/stencils/bitcode.py).  Per trace, the
backend builds one LLVM module from the plan copy-and-patch gets: one
function per planned instance, holes made constants and continuations made
direct calls between those functions; llvmlite optimizes it (-O0 or -O2) and
emits an object, which the stencil reader and the copy-and-patch emitter load
into W^X memory like a single big stencil.

templates.py  bitcode -> per-uop IR text with its holes located (once per process)
compiler.py   instances -> module -> optimized object -> EmittedCode
"""

"""Machine-code backends: copy-and-patch, and LLVM for comparison (backends.py)."""

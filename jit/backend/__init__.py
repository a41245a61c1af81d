"""Machine-code backends: copy-and-patch (and, later, LLVM for comparison)."""

"""The few C functions the backend calls directly, through cffi's ABI mode."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import cffi

ffi = cffi.FFI()
ffi.cdef("""
    void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset);
    int mprotect(void *addr, size_t len, int prot);
    int munmap(void *addr, size_t length);
    void *dlsym(void *handle, const char *symbol);
    char *strerror(int errnum);

    /* stencils/helpers.h's GlobalCache */
    typedef struct {
        void *name;
        void *globals;
        void *builtins;
        void *value;
        uint64_t globals_version;
        uint64_t builtins_version;
    } GlobalCache;

    typedef struct {
        const char *ml_name;
        void *ml_meth;
        int ml_flags;
        const char *ml_doc;
    } PyMethodDef;
""")
# The running process (python and libpython) with libc: dlsym(NULL, ...) sees every C-API symbol.
libc = ffi.dlopen(None)


def os_error(what: str) -> OSError:
    """An OSError for the last failed libc call, with errno's text."""
    errno = ffi.errno
    return OSError(errno, f"{what}: {ffi.string(libc.strerror(errno)).decode()}")

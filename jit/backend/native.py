"""The few C functions the backend calls directly, through cffi's ABI mode.

Parsing the declarations (pycparser) costs tens of milliseconds at every
start.  cffi's out-of-line ABI mode parses once and emits a Python module
holding the parsed types; it is cached in the build directory, named by a
digest of the declarations, and later processes load it instead.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import importlib.util

from jit.paths import BUILD_DIR
from jit.stencils import cache

DECLARATIONS = """
    void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset);
    int mprotect(void *addr, size_t len, int prot);
    int munmap(void *addr, size_t length);
    void *dlsym(void *handle, const char *symbol);
    char *strerror(int errnum);
    unsigned long pthread_self(void);
    int pthread_getattr_np(unsigned long thread, void *attr);
    int pthread_attr_getstack(const void *attr, void **stackaddr, size_t *stacksize);
    int pthread_attr_destroy(void *attr);
    struct rlimit { unsigned long rlim_cur; unsigned long rlim_max; };
    int getrlimit(int resource, struct rlimit *rlim);
    unsigned long getauxval(unsigned long type);
    size_t strlen(const char *s);

    /* stencils/helpers.h's GlobalCache */
    typedef struct {
        void *name;
        void *globals;
        void *builtins;
        void *value;
        uint64_t globals_version;
        uint64_t builtins_version;
    } GlobalCache;

    /* stencils/jit.h's records for native calls */
    typedef struct {
        int64_t count;
        int64_t *links;
        int64_t *uncounted;
        int64_t *counter;
    } JITExits;

    typedef struct {
        void *executor;
        void *trace;
        JITExits *exits;
        int64_t inline_depth;
        int64_t runs;
        int64_t argcount;
        int64_t star;
        int64_t nlocalsplus;
        int64_t size;
        int64_t spare_count;
        void *spare[4];
    } JITEntry;

    typedef struct {
        const char *ml_name;
        void *ml_meth;
        int ml_flags;
        const char *ml_doc;
    } PyMethodDef;
"""


def _load_ffi():
    name = "cpjit_ffi_" + cache.key(DECLARATIONS.encode())[:16]
    path = BUILD_DIR / "ffi" / f"{name}.py"
    if not path.exists():
        import contextlib
        import io
        import cffi
        builder = cffi.FFI()
        builder.cdef(DECLARATIONS)
        builder.set_source(name, None)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            # cffi reports "generating ..." on stdout, which is the program's.
            with contextlib.redirect_stdout(io.StringIO()):
                builder.emit_python_code(str(temporary))
            temporary.replace(path)
        except OSError:  # a read-only checkout: parse in every process instead
            return builder
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ffi


ffi = _load_ffi()
# The running process (python and libpython) with libc: dlsym(NULL, ...) sees every C-API symbol.
libc = ffi.dlopen(None)


def os_error(what: str) -> OSError:
    """An OSError for the last failed libc call, with errno's text."""
    errno = ffi.errno
    return OSError(errno, f"{what}: {ffi.string(libc.strerror(errno)).decode()}")

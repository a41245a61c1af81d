"""Running code in the VM: code objects, functions, and programs as __main__
(what `python script.py`, `python -m module` and `python -c code` do)."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import builtins as _builtins_module
import os
import runpy
import sys
import types
from importlib.machinery import BuiltinImporter, SourceFileLoader
from types import CodeType
from typing import Any, Callable

from . import program_signals
from .ceval import run_frame
from .decode import decode, runs_in_vm
from .frame import new_frame
from .function import bind
from .state import get_thread_state
from .traceback import prepend_native_entry


def builtins_of(globals: dict) -> dict:
    """_PyEval_BuiltinsFromGlobals: the builtins a frame with `globals` uses."""
    b = globals.get("__builtins__", _builtins_module)
    if isinstance(b, types.ModuleType):
        return b.__dict__
    return b


def run_code(code: CodeType, globals: dict | None = None, locals: Any = None) -> Any:
    """Run a module-level (or class-body-like) code object in the VM, like
    `exec(code, globals, locals)`, and return its value."""
    if globals is None:
        globals = {}
    if "__builtins__" not in globals:
        globals["__builtins__"] = _builtins_module
    if locals is None:
        locals = globals
    if code.co_freevars:
        raise TypeError("code object passed to run_code() may not contain free variables")
    dec = decode(code)
    frame = new_frame(dec, globals, builtins_of(globals), locals, list(dec.pad), None, None)
    return run_frame(frame)


def call(func: Callable, /, *args: Any, **kwargs: Any) -> Any:
    """Call `func`: a plain Python function (or a bound method of one) runs in
    the VM; anything else, generator functions included, runs natively."""
    target, self_args = func, []
    if isinstance(func, types.MethodType):
        target, self_args = func.__func__, [func.__self__]
    if type(target) is not types.FunctionType or not runs_in_vm(target.__code__):
        return func(*args, **kwargs)
    dec = decode(target.__code__)
    lp = bind(target, dec, self_args + list(args), kwargs)
    frame = new_frame(dec, target.__globals__, target.__builtins__, None, lp, target, None)
    return run_frame(frame)


def call_bound(func: types.FunctionType, locals: Any, parameters: list) -> Any:
    """Run `func`'s code in the VM from its first instruction on parameters
    someone else already bound (in localsplus order: positional, keyword-only,
    *args, **kwargs), as CPython hands them to the frame-evaluation hook.
    `parameters` becomes the frame's localsplus; `locals` is the mapping of a
    module or class-body frame, else None."""
    dec = decode(func.__code__)
    parameters += dec.pad
    frame = new_frame(dec, func.__globals__, func.__builtins__, locals, parameters, func, None)
    return run_frame(frame)


def _fresh_main(extra: dict) -> dict:
    """A new __main__ module laid out like CPython's (pylifecycle.c)."""
    main = types.ModuleType("__main__")
    ns = main.__dict__
    ns["__annotations__"] = {}
    ns["__builtins__"] = _builtins_module
    ns.update(extra)
    sys.modules["__main__"] = main
    return ns


def _run_main(code: CodeType, ns: dict, base_depth: int) -> Any:
    # CPython has `base_depth` frames below the module frame (runpy's two for
    # -m); RecursionError must come at the same depth.
    get_thread_state().depth = base_depth
    program_signals.install()
    return run_code(code, ns)


def script_path(path: str) -> str:
    """The absolute script path CPython runs, shows in tracebacks and gives
    __file__ (_Py_abspath): joined to the cwd but not normalised, so
    `./prog.py` stays `/cwd/./prog.py`."""
    if path in ("", "."):
        return os.getcwd()
    return os.path.join(os.getcwd(), path)


def _run_source(source: bytes | str, filename: str, argv: list[str], path0: str,
                main_vars: dict) -> Any:
    """Run a program's source as __main__ (with `main_vars` added to it)."""
    sys.argv[:] = argv
    sys.path[0] = path0
    code = compile(source, filename, "exec", dont_inherit=True)
    return _run_main(code, _fresh_main(main_vars), 0)


def run_file(path: str, argv: list[str]) -> Any:
    """`python path argv[1:]`: sys.argv = argv (argv[0] is `path` as given).
    `path` may also be a directory or zip file with a __main__.py, or '-' for
    a program read from stdin."""
    if path == "-":
        # _PyRun_SimpleFileObject with "<stdin>": __file__ is set, but
        # __loader__ is left as __main__'s default.
        return _run_source(sys.stdin.buffer.read(), "<stdin>", argv, "",
                           {"__file__": "<stdin>", "__cached__": None,
                            "__loader__": BuiltinImporter})
    abspath = script_path(path)
    if _importer(abspath) is not None:
        # What pymain_run_python does for a path an import hook accepts: the
        # path goes first on sys.path and its __main__ module runs like
        # runpy._run_module_as_main("__main__", alter_argv=False).
        sys.argv[:] = argv
        sys.path[0] = abspath
        return _run_module_as_main(lambda: runpy._get_main_module_details(runpy._Error),
                                   False)
    with open(abspath, "rb") as f:
        source = f.read()
    return _run_source(source, abspath, argv, os.path.dirname(os.path.realpath(abspath)),
                       {"__file__": abspath, "__cached__": None,
                        "__loader__": SourceFileLoader("__main__", abspath)})


def _importer(path: str) -> object | None:
    """The import hook that accepts `path` (a directory, a zip file), or
    None: what CPython's PyImport_GetImporter finds, as pkgutil.get_importer
    does (whose import costs every start-up ~0.3 ms)."""
    try:
        return sys.path_importer_cache[path]
    except KeyError:
        pass
    for hook in sys.path_hooks:
        try:
            importer = hook(path)
        except ImportError:
            continue
        sys.path_importer_cache.setdefault(path, importer)
        return importer
    return None


def run_command(source: str, argv: list[str]) -> Any:
    """`python -c source argv[1:]` (argv[0] is '-c')."""
    return _run_source(source, "<string>", argv, "", {"__loader__": BuiltinImporter})


def _call_offset(code: CodeType, callee: str) -> int:
    """Offset (code units) of the CALL that calls global `callee` in `code`."""
    import dis  # (not at start-up: ~0.6 ms, and only uncaught exceptions get here)
    seen = False
    for ins in dis.get_instructions(code):
        if ins.opname == "LOAD_GLOBAL" and ins.argval == callee:
            seen = True
        elif seen and ins.opname == "CALL":
            return ins.offset // 2
    raise LookupError(callee)


# The frames `python -m` has below the module's: tracebacks show them.
_RUNPY_FRAMES = ((runpy._run_module_as_main.__code__, "_run_code"),
                 (runpy._run_code.__code__, "exec"))


def run_module(name: str, argv: list[str]) -> Any:
    """`python -m name argv[1:]` (argv[0] is '-m' until the module is found);
    errors finding the module exit like runpy's."""
    sys.argv[:] = argv
    sys.path[0] = os.getcwd()
    return _run_module_as_main(lambda: runpy._get_module_details(name, runpy._Error), True)


def _run_module_as_main(find: Callable[[], tuple], alter_argv: bool) -> Any:
    """runpy._run_module_as_main with the module's code run in the VM:
    `find` returns its (name, spec, code) or raises runpy._Error."""
    try:
        mod_name, spec, code = find()
    except runpy._Error as exc:
        sys.exit(f"{sys.executable}: {exc}")
    if alter_argv:
        sys.argv[0] = spec.origin
    ns = _fresh_main({})
    ns.update(__name__="__main__", __file__=spec.origin,
              __cached__=spec.cached, __doc__=None, __loader__=spec.loader,
              __package__=spec.parent, __spec__=spec)
    try:
        return _run_main(code, ns, len(_RUNPY_FRAMES))
    except BaseException as exc:
        for runpy_code, callee in reversed(_RUNPY_FRAMES):
            prepend_native_entry(exc, runpy_code, runpy.__dict__,
                                 _call_offset(runpy_code, callee))
        raise

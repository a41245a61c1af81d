"""Differential tests of the Tier 1 VM: each snippet runs under CPython
(`exec`) and in the VM (`interpreter.run_code`); printed output, the
namespace's `result`, and the escaping exception must be identical."""
from __future__ import annotations

import contextlib
import io
import textwrap

import pytest

import interpreter


def _run(src: str, vm: bool):
    code = compile(textwrap.dedent(src), "<snippet>", "exec")
    out = io.StringIO()
    ns = {"__name__": "__main__"}
    error = None
    with contextlib.redirect_stdout(out):
        try:
            if vm:
                interpreter.run_code(code, ns)
            else:
                exec(code, ns)
        except BaseException as e:  # noqa: BLE001 -- compared, not swallowed
            error = (type(e), str(e))
    return out.getvalue(), repr(ns.get("result")), error


SNIPPETS = {
    "arith": "result = [7 // 2, -7 % 3, 2 ** 10, 1 / 4, ~5, 3 & 5 | 8 ^ 1, 1 << 40 >> 3]",
    "augassign": """
        x = 3; x += 2; x *= 4; x -= 1; x //= 2; x **= 2; x %= 50
        l = [1]; l += [2]; result = (x, l)""",
    "compare_chain": "result = [1 < 2 < 3, 3 > 2 > 2, 'a' in 'abc', 1 not in [], None is None]",
    "containers": """
        t = (1, *range(3), 4); l = [*t, *'ab']; s = {*l}; d = {'a': 1, **{'b': 2}, 'c': 3}
        result = (t, l, sorted(map(str, s)), d, {k: v for k, v in d.items() if v > 1})""",
    "unpack": """
        a, (b, c), *d = 1, (2, 3), 4, 5
        *e, f = 'xyz'
        result = (a, b, c, d, e, f)""",
    "unpack_errors": """
        out = []
        for src in ([1], [1, 2, 3], 5):
            try:
                a, b = src
            except (ValueError, TypeError) as e:
                out.append(str(e))
        try:
            a, *b, c = [1]
        except ValueError as e:
            out.append(str(e))
        result = out""",
    "slices": "l = list(range(10)); l[2:4] = 'ab'; del l[::3]; result = (l, l[::-1], l[1:-1:2])",
    "closures_nonlocal": """
        def counter():
            n = 0
            def inc(k=1):
                nonlocal n
                n += k
                return n
            return inc
        c = counter(); c(); c(5)
        result = c()""",
    "defaults_kwonly_annotations": """
        def f(a, b: int = 2, *args, c, d=4, **kw) -> str:
            return (a, b, args, c, d, kw)
        result = (f(1, c=3), f(1, 2, 3, c=4, z=5), f.__annotations__, f.__kwdefaults__)""",
    "call_errors": """
        def f(a, b, /, c, *, d): pass
        out = []
        for args, kwargs in [((), {}), ((1, 2, 3), {}), ((1,), {'b': 2, 'c': 3, 'd': 4}),
                             ((1, 2, 3, 4), {'d': 5}), ((1, 2, 3), {'d': 4, 'e': 5})]:
            try:
                f(*args, **kwargs)
            except TypeError as e:
                out.append(str(e))
        result = out""",
    "star_call_errors": """
        def f(*a, **k): return a, k
        out = [f(*'ab', **{'x': 1})]
        for bad in ("f(*1)", "f(**1)", "f(x=1, **{'x': 2})"):
            try:
                eval(bad)
            except TypeError as e:
                out.append(str(e))
        result = out""",
    "class_super_classcell": """
        class A:
            def hello(self): return "A"
        class B(A):
            def hello(self): return "B" + super().hello()
            def cls(self): return __class__.__name__
        class C(B):
            def hello(self): return "C" + super().hello()
        result = (C().hello(), C().cls(), C.__mro__[1].__name__, C.__qualname__)""",
    "metaclass_prepare": """
        class Meta(type):
            @classmethod
            def __prepare__(m, name, bases, **kw):
                return {'seen': kw}
            def __new__(m, name, bases, ns, **kw):
                return super().__new__(m, name, bases, ns)
        class X(metaclass=Meta, flag=1):
            y = seen
        result = X.y""",
    "locals_globals_eval_exec": """
        g = 1
        def f(a):
            b = a + 1
            exec("c = 5")
            return sorted(locals()), eval("a + b"), 'g' in globals(), sorted(vars())
        result = (f(1), eval("g + 1"))""",
    "exceptions_flow": """
        out = []
        def f(i):
            try:
                if i == 0: raise KeyError('k')
                if i == 1: return 'ret'
                if i == 2: 1 / 0
            except KeyError as e:
                out.append(('key', str(e)))
                return 'handled'
            except ZeroDivisionError:
                out.append('zde')
                raise ValueError('v')
            else:
                out.append('else')
            finally:
                out.append(('finally', i))
        for i in range(4):
            try:
                out.append(f(i))
            except ValueError as e:
                out.append(('outer', str(e), type(e.__context__).__name__))
        result = out""",
    "exception_context_cause": """
        try:
            try:
                raise KeyError(1)
            except KeyError as e:
                raise ValueError(2) from e
        except ValueError as e:
            result = (repr(e.__cause__), repr(e.__context__), e.__suppress_context__)""",
    "exc_info_in_handler": """
        import sys
        try:
            raise TypeError('t')
        except TypeError:
            inside = sys.exc_info()[0].__name__
        result = (inside, sys.exc_info())""",
    "with_statement": """
        log = []
        class CM:
            def __init__(self, swallow): self.swallow = swallow
            def __enter__(self): log.append('enter'); return self
            def __exit__(self, t, v, tb):
                log.append(('exit', t and t.__name__, tb is not None)); return self.swallow
        with CM(True): raise KeyError
        try:
            with CM(False): raise KeyError
        except KeyError:
            log.append('propagated')
        try:
            with 5: pass
        except TypeError as e:
            log.append(str(e))
        result = log""",
    "except_star": """
        out = []
        try:
            raise ExceptionGroup('g', [ValueError(1), TypeError(2), ValueError(3)])
        except* ValueError as eg:
            out.append(('v', [str(e) for e in eg.exceptions]))
        except* TypeError as eg:
            out.append(('t', [str(e) for e in eg.exceptions]))
        try:
            try:
                raise ExceptionGroup('g', [ValueError(1), KeyError(2)])
            except* ValueError:
                pass
        except* KeyError as eg:
            out.append(('k', repr(eg)))
        result = out""",
    "match": """
        class P:
            __match_args__ = ('x', 'y')
            def __init__(self, x, y): self.x, self.y = x, y
        def m(v):
            match v:
                case P(0, y): return ('p0', y)
                case P(x=x, y=0): return ('px', x)
                case [1, *rest]: return ('seq', rest)
                case {'a': a, **kw}: return ('map', a, kw)
                case int() | float() as n if n > 10: return ('big', n)
                case str(s): return ('str', s)
                case _: return 'other'
        result = [m(v) for v in (P(0, 5), P(3, 0), [1, 2, 3], {'a': 1, 'b': 2}, 11, 'q', 2)]""",
    "match_errors": """
        out = []
        for pat in ("case int(1, 2): pass", "case P(1): pass"):
            src = "class P: pass\\nmatch 5:\\n    " + pat
            try:
                exec(src)
            except TypeError as e:
                out.append(str(e))
        result = out""",
    "fstrings": "x = 3.14159; result = f'{x:.2f}|{x!r:>10}|{\"s\"!a}|{x=}|{42:#x}'",
    "imports": """
        import os.path as p
        from collections import OrderedDict, namedtuple as nt
        from math import *
        result = (p.join('a', 'b'), OrderedDict.__name__, nt('T', 'a')(1), floor(2.5))""",
    "import_errors": """
        out = []
        try:
            from os import nothing_here
        except ImportError as e:
            out.append((str(e), e.name))
        try:
            import no_such_module_xyz
        except ImportError as e:
            out.append((str(e), e.name))
        result = out""",
    "name_errors": """
        out = []
        def f():
            print(x)
            x = 1
        def g():
            def h(): return y
            h()
            y = 2
        for fn in (f, g, lambda: undefined_name):
            try:
                fn()
            except NameError as e:
                out.append((type(e).__name__, str(e)))
        result = out""",
    "global_del": """
        G = 1
        def f():
            global G
            G += 1
            del G
        f()
        result = 'G' in globals()""",
    "generators_run_natively": """
        def gen(n):
            for i in range(n):
                yield i * i
        result = (list(gen(4)), sum(x for x in range(5)), [*gen(2)])""",
    "comprehension_scopes": "result = [[(i, j) for j in range(i)] for i in range(3)]",
    "assert": """
        try:
            assert 1 == 2, 'nope'
        except AssertionError as e:
            result = str(e)""",
    "recursion": """
        def fact(n): return 1 if n <= 1 else n * fact(n - 1)
        result = fact(300) % 1000003""",
    "recursion_error": """
        def r(n): return r(n + 1)
        try:
            r(0)
        except RecursionError as e:
            result = str(e)""",
    "keyword_call_and_method": """
        class K:
            def m(self, a, *, b=2): return a + b
        k = K()
        result = (k.m(1), k.m(1, b=5), K.m(k, a=3), getattr(k, 'm')(4))""",
    "lambda_sorted_key_natively": "result = sorted(['bb', 'a', 'ccc'], key=lambda s: -len(s))",
    "bool_short_circuit": "result = [0 or 'x', 1 and 0, None or [] or 'z', 2 and 3]",
    "setup_annotations": "a: int = 1\nb: str\nresult = __annotations__",
    "dataclass": """
        from dataclasses import dataclass, field
        @dataclass(order=True)
        class D:
            x: int
            y: list = field(default_factory=list)
        result = (D(1), D(1) < D(2), D.__module__)""",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_vm_matches_cpython(name):
    src = SNIPPETS[name]
    assert _run(src, vm=True) == _run(src, vm=False)


def test_finalizer_timing_matches():
    src = """
        class O:
            def __init__(self, n): self.n = n
            def __del__(self): print('del', self.n)
        def f():
            a = O(1)
            print('in f')
        f()
        print('after f')
        O(2)
        print('after temp')
        def g(o): return None
        g(O(3))
        print('after call')
        x = O(4); x = None
        print('end')
    """
    assert _run(src, vm=True) == _run(src, vm=False)


def test_call_runs_function_in_vm_and_frames_chain():
    seen = []

    def probe():
        frame = interpreter.get_thread_state().frame
        seen.append((frame.code.co_name, frame.previous.code.co_name))
        return len(frame.localsplus) == frame.decoded.size

    ns: dict = {"probe": probe}
    interpreter.run_code(compile("def inner():\n    return probe()\ndef outer():\n    return inner()\n",
                                 "<t>", "exec"), ns)
    assert interpreter.call(ns["outer"]) is True
    assert seen == [("inner", "outer")]


def test_frame_contract_unbound_sentinel_and_fixed_size():
    captured = {}

    def probe():
        f = interpreter.get_thread_state().frame
        captured["lp"] = list(f.localsplus[:f.decoded.nlocalsplus])
        captured["size"] = len(f.localsplus)
        captured["expected"] = f.decoded.nlocalsplus + f.code.co_stacksize

    ns: dict = {"probe": probe}
    interpreter.run_code(compile("def f(a):\n    probe()\n    b = 1\n    return b\n", "<t>", "exec"), ns)
    interpreter.call(ns["f"], 7)
    assert captured["lp"] == [7, interpreter.UNBOUND]
    assert captured["size"] == captured["expected"]


def test_exception_traceback_names_user_frames_only():
    ns: dict = {}
    interpreter.run_code(compile("def f():\n    return 1 / 0\n", "/tmp/user_file.py", "exec"), ns)
    with pytest.raises(ZeroDivisionError) as info:
        interpreter.call(ns["f"])
    tb = interpreter.strip_internal(info.value.__traceback__)
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno, tb.tb_frame.f_code.co_name))
        tb = tb.tb_next
    # the test's own frame, then the user's -- none of the VM's
    assert frames[-1] == ("/tmp/user_file.py", 2, "f")
    assert not any("/interpreter/" in filename for filename, _, _ in frames)

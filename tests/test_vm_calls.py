"""Differential tests of the VM's call fast paths (the CALL site cache and
leaf callees run inside CALL): each program runs as a process under
`python` and `python -m jit --no-jit`; stdout, stderr (tracebacks included)
and the exit code must be identical."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PROGRAMS = {
    "site_cache_rebinding": """
        def a(x, y): return x + y
        def b(x, y): return x * y
        def c(x, y=10): return x - y
        def run():
            out = []
            global f
            for g in (a, a, b, b, a, c, c):
                f = g
                out.append(f(3, 4))
            return out
        f = a
        print(run())
        a.__code__ = b.__code__
        f = a
        print(run())
        c.__defaults__ = (100,)
        print([c(1), c(1, 2)])
    """,
    "site_cache_methods": """
        class A:
            def m(self, k): return ("A", k)
        class B(A):
            def m(self, k): return ("B", k)
        def free(k): return ("free", k)
        objs = [A(), B(), A()]
        objs[2].m = free
        out = []
        for i in range(6):
            for o in objs:
                out.append(o.m(i))
        A.m = lambda self, k: ("new A", k)
        out.append(objs[0].m(9))
        print(out)
        try:
            objs[0].m()
        except TypeError as e:
            print(e)
    """,
    "site_cache_lifetime": """
        class Noisy:
            def __del__(self): print("del")
        def make():
            o = Noisy()
            def g(k): return o, k
            return g
        def call(fn): return fn(1)
        g = make()
        call(g)
        call(g)
        del g
        print("after del")
    """,
    "argument_errors_after_caching": """
        def f(a, b): return a + b
        calls = [(1, 2), (3, 4), (5,), (1, 2, 3)]
        for args in calls:
            try:
                print(f(*args) if len(args) != 2 else f(args[0], args[1]))
            except TypeError as e:
                print("TypeError", e)
        def g(a, b): return a
        for n in range(3):
            try:
                print(g(n) if n == 2 else g(n, n))
            except TypeError as e:
                print("TypeError", e)
    """,
    "leaf_raises_caught": """
        import traceback
        def div(a, b): return a / b
        def attr(o): return o.missing
        for fn, args in ((div, (1, 0)), (attr, (1,)), (div, (4, 2))):
            try:
                print(fn(*args), fn(args[0], *args[1:]))
            except Exception:
                traceback.print_exc(file=__import__("sys").stdout)
    """,
    "leaf_raises_uncaught": """
        def div(a, b):
            x = a + 1
            return x / b
        def outer(n):
            return div(n, n - 3)
        for i in range(5):
            print(outer(i))
    """,
    "leaf_recursion_limit": """
        import sys
        def leaf(n): return n
        def down(n):
            if n == 0:
                return leaf(n)
            return down(n - 1) + 1
        sys.setrecursionlimit(60)
        out = []
        for n in range(40, 70):
            try:
                out.append(down(n))
            except RecursionError as e:
                out.append(str(e))
        print(out)
    """,
    "leaf_argument_lifetime": """
        class Noisy:
            def __init__(self, name): self.name = name
            def __del__(self): print("del", self.name)
        def leaf(o, k): return k
        def nonleaf(o, k): return leaf(o, k)
        for i in range(3):
            print("got", leaf(Noisy(f"leaf{i}"), i))
            print("got", nonleaf(Noisy(f"nonleaf{i}"), i))
        print("end")
    """,
    "not_leaves": """
        import sys
        def bare_raise():
            raise
        def looping(n):
            t = 0
            while n:
                t += n
                n -= 1
            return t
        def handler(x):
            try:
                return 1 / x
            except ZeroDivisionError:
                return "inf"
        try:
            raise KeyError("k")
        except KeyError:
            try:
                bare_raise()
            except KeyError as e:
                print("reraised", repr(e))
        print(looping(100), handler(0), handler(4))
        bare_raise()
    """,
}


def _run(argv: list[str], path: Path) -> tuple[str, str, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED="0")
    proc = subprocess.run(argv + [str(path)], capture_output=True, text=True,
                          cwd=path.parent, env=env, timeout=120)
    return proc.stdout, proc.stderr, proc.returncode


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(PROGRAMS[name]))
    expected = _run([sys.executable], path)
    actual = _run([sys.executable, "-m", "jit", "--no-jit"], path)
    assert actual == expected

"""Per-opcode differential tests, in-process.

Each snippet is compiled once, run with CPython's `exec` and with the Tier 1
VM's public API (`interpreter.run_code(code, globals)`), and the outcomes are
compared: captured stdout, every global afterwards (by repr), and the
exception that escaped (type, message, cause/context chain).  Snippets are
written so that the interesting result is either printed, stored in a global,
or is the escaping exception itself — CPython is the oracle, nothing here
hard-codes an expected value.

Families follow CPython 3.11's opcodes: BINARY_OP, COMPARE_OP, IS_OP,
CONTAINS_OP, UNARY_*, BINARY_SUBSCR/STORE_SUBSCR/DELETE_SUBSCR, slices,
LOAD_ATTR/STORE_ATTR/DELETE_ATTR, LOAD_GLOBAL/LOAD_NAME, LOAD_FAST/
UnboundLocalError, LOAD_DEREF/free variables, UNPACK_SEQUENCE/UNPACK_EX,
GET_ITER/FOR_ITER, CALL/KW_NAMES/CALL_FUNCTION_EX, BUILD_*, DICT_MERGE/
DICT_UPDATE, FORMAT_VALUE/BUILD_STRING, MATCH_*, jumps, exception-table
unwinding, with, RAISE_VARARGS/RERAISE, except*, MAKE_FUNCTION, imports,
class bodies, generators/coroutines created by VM code, and tracebacks.
"""
from __future__ import annotations

import pytest

from differential import check, known_gap, vm_available

CASES: list[tuple[str, str]] = []


def cases(family: str, *snippets: str) -> None:
    for i, s in enumerate(snippets):
        CASES.append((f"{family}-{i}", s))


# ---------------------------------------------------------------------------
# BINARY_OP: every nb_* operator, in-place forms, errors
# ---------------------------------------------------------------------------
_BIN_OPS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"]
_OPERANDS = ["7", "-3", "0", "2.5", "-0.0", "True", "(1+2j)", "'ab'", "[1, 2]", "(3,)", "{1, 2}",
             "{'k': 1}", "b'xy'", "None", "10**30", "float('inf')"]

for _op in _BIN_OPS:
    # every operand pair (but no astronomically large powers), via a function
    _ops = _OPERANDS if _op != "**" else [o for o in _OPERANDS if o != "10**30"] + ["12345"]
    cases(f"binary[{_op}]", f"""
        def f(a, b):
            return a {_op} b
        out = []
        for a in [{", ".join(_ops)}]:
            for b in [{", ".join(_ops)}]:
                try:
                    out.append(repr(f(a, b)))
                except Exception as e:
                    out.append(type(e).__name__ + ': ' + str(e))
        result = out
        """)
    cases(f"inplace[{_op}]", f"""
        def g(a, b):
            a {_op}= b
            return a
        out = []
        for a in [{", ".join(_ops)}]:
            for b in [{", ".join(_ops)}]:
                try:
                    out.append(repr(g(a, b)))
                except Exception as e:
                    out.append(type(e).__name__ + ': ' + str(e))
        result = out
        """)

cases("binary-errors",
      "1 / 0",
      "1 // 0",
      "1 % 0",
      "1.5 / 0",
      "2.0 % 0.0",
      "0 ** -1",
      "0.0 ** -1",
      "x = 'a' + 1",
      "x = 1 + 'a'",
      "x = [] + ()",
      "x = None - None",
      "x = {} | []",
      "x = 'a' * 'b'",
      "x = [1] * 2.0",
      "x = 1 << -1",
      "x = 1 >> -5",
      "x = 2 ** 10000.0",
      "x = 10 ** 400 * 1.0",
      "x = 'abc' @ 'def'",
      "x = '%d' % 'str'",
      "x = '%s %s' % (1,)",
      "x = b'a' + 'a'",
      "x = 1 << 10**20",
      "def f():\n    a = 5\n    a //= 0\nf()",
      "def f():\n    s = 'x'\n    s -= 1\nf()",
      "def f():\n    t = ()\n    t *= 'n'\nf()",
      )

cases("binary-dunders", """
    class A:
        def __add__(self, o): return ('A.add', o)
        def __radd__(self, o): return ('A.radd', o)
        def __iadd__(self, o): return ('A.iadd', o)
        def __sub__(self, o): return NotImplemented
        def __rsub__(self, o): return ('A.rsub', o)
        def __mul__(self, o): return NotImplemented
        def __matmul__(self, o): return ('A.matmul', o)
        def __rmatmul__(self, o): return ('A.rmatmul', o)
        def __pow__(self, o, mod=None): return ('A.pow', o, mod)
        def __rpow__(self, o): return ('A.rpow', o)
        def __floordiv__(self, o): return ('A.floordiv', o)
        def __rtruediv__(self, o): return ('A.rtruediv', o)
        def __lshift__(self, o): return ('A.lshift', o)
        def __and__(self, o): return ('A.and', o)
        def __ror__(self, o): return ('A.ror', o)
        def __xor__(self, o): return ('A.xor', o)
        def __mod__(self, o): return ('A.mod', o)
        def __rrshift__(self, o): return ('A.rrshift', o)
    class B(A):
        def __radd__(self, o): return ('B.radd', o)
    a = A()
    r = []
    r.append(a + 1); r.append(1 + a); r.append(1 - a)
    r.append(a @ 2); r.append(2 @ a); r.append(a ** 2); r.append(2 ** a); r.append(pow(a, 2, 5))
    r.append(a // 3); r.append(3 / a); r.append(a << 1); r.append(a & 1); r.append(1 | a)
    r.append(a ^ 0); r.append(a % 9); r.append(4 >> a)
    r.append(A() + B())
    x = a
    x += 5
    r.append(x)
    try:
        a - 1
    except TypeError as e:
        r.append(str(e))
    try:
        a * 2
    except TypeError as e:
        r.append(str(e))
    try:
        2 * a
    except TypeError as e:
        r.append(str(e))
    result = r
    """, """
    class NoI:
        def __init__(self, v): self.v = v
        def __add__(self, o): return NoI(self.v + o)
        def __repr__(self): return f'NoI({self.v})'
    class I(NoI):
        def __iadd__(self, o):
            self.v += o * 100
            return self
        def __imul__(self, o):
            return NotImplemented
        def __mul__(self, o):
            return 'mul fallback'
    a = NoI(1); b = a; a += 1
    c = I(1); d = c; c += 1
    e = I(2); e *= 3
    result = (a, b, a is b, c, d, c is d, e)
    """, """
    class Weird:
        def __add__(self, o):
            raise KeyError('from __add__')
    def f():
        return Weird() + 1
    f()
    """, """
    class Ret:
        def __radd__(self, o):
            return 'radd'
    result = [sum([Ret()]), 0 + Ret()]
    try:
        [] + Ret()
    except TypeError as e:
        result.append(str(e))
    """)

cases("binary-numeric", """
    vals = [0, 1, -1, 7, -7, 2**31, -2**31, 2**63 - 1, -2**63, 2**64, 10**40, -(10**40)]
    out = []
    for a in vals:
        for b in vals:
            row = [a + b, a - b, a * b, a & b, a | b, a ^ b]
            if b:
                row += [a // b, a % b, divmod(a, b), a / b if abs(a) < 10**300 else None]
            if 0 <= b < 70:
                row += [a << b, a >> b]
            if 0 <= b < 5:
                row.append(a ** b)
            out.append(row)
    result = out
    """, """
    fs = [0.0, -0.0, 1.5, -1.5, 1e300, -1e-300, float('inf'), float('-inf'), 3, -4, True]
    out = []
    for a in fs:
        for b in fs:
            r = []
            for op in ('+', '-', '*', '/', '//', '%', '**'):
                try:
                    r.append(repr(eval(f'a {op} b')))
                except Exception as e:
                    r.append(type(e).__name__ + ':' + str(e))
            out.append(r)
    result = out
    """, """
    def loop(n):
        total = 0
        x = 1.0
        s = ''
        for i in range(n):
            total += i * 2 - (i % 3) // 1
            total ^= i << 1
            x = x * 1.0001 + i / 7
            s += str(i % 10)
        return total, round(x, 6), s
    result = loop(300)
    """)

# ---------------------------------------------------------------------------
# COMPARE_OP (all six, chained, dunders), IS_OP, CONTAINS_OP, UNARY_*
# ---------------------------------------------------------------------------
cases("compare", """
    vals = [0, 1, -1, 2.5, float('nan'), True, 'a', 'b', '', (1,), (1, 2), [1], None, 10**30, {1}, {1, 2}, frozenset({1})]
    out = []
    for a in vals:
        for b in vals:
            r = []
            for op in ('<', '<=', '==', '!=', '>', '>='):
                try:
                    r.append(eval(f'a {op} b'))
                except TypeError as e:
                    r.append(str(e))
            out.append(r)
    result = out
    """, """
    def f(a, b, c):
        return [a < b < c, a < b > c, a == b == c, a != b != c, a <= b <= c >= a, a is b is c, a in [b] in [[c]]]
    result = [f(1, 2, 3), f(3, 2, 1), f(1, 1, 1), f(1, 1.0, True), f('a', 'b', 'c')]
    """, """
    log = []
    def v(x):
        log.append(x)
        return x
    r = v(1) < v(0) < v(2)
    r2 = v(1) < v(2) < v(3) < v(0) < v(9)
    result = (r, r2, log)
    """, """
    class C:
        def __init__(self, v): self.v = v
        def __lt__(self, o): print('lt', self.v, getattr(o, 'v', o)); return self.v < getattr(o, 'v', o)
        def __gt__(self, o): print('gt', self.v, getattr(o, 'v', o)); return NotImplemented
        def __eq__(self, o): print('eq'); return 'truthy-string'
        def __ne__(self, o): print('ne'); return 0
    a, b = C(1), C(2)
    result = [a < b, b > a, 3 > a, a == b, a != b, a == 1, 1 == a, a != 1, bool(a == b)]
    try:
        a >= b
    except TypeError as e:
        result.append(str(e))
    try:
        a > b
    except TypeError as e:
        result.append(str(e))
    """, """
    class Bad:
        def __eq__(self, o): raise ValueError('eq failed')
    def f():
        return Bad() == 1
    f()
    """, "x = 1 < 'a'",
      "x = [1] < [1, 'a'] < [2]\nx = [1, 2] < [1, 'a']",
      "x = {1} < [1]",
      "x = (1, None) > (1, 2)",
      """
    class D(dict):
        pass
    result = [D(a=1) == {'a': 1}, {'a': 1} != D(a=2), [1, 2] == [1, 2.0], (1,) == [1], 'a' == b'a']
    """)

cases("is-op", """
    a = [1]
    b = a
    c = [1]
    def f(x, y):
        return x is y, x is not y
    result = [f(a, b), f(a, c), f(None, None), f(1, 1), f((), ()), f(True, 1 == 1), a is b is not c]
    """)

cases("contains", """
    class C:
        def __contains__(self, x):
            print('contains', x)
            return x  # truthiness of the result is used
    class It:
        def __iter__(self):
            print('iter')
            return iter([1, 2, 3])
    class Gi:
        def __getitem__(self, i):
            if i > 3:
                raise IndexError
            return i * 2
    out = []
    for cont in [C(), It(), Gi(), [1, 2], (1,), {1: 2}, {3}, 'abc', b'abc', range(5), {}.keys()]:
        for x in [0, 1, 2, 6, 'a', 'bc']:
            try:
                out.append((x in cont, x not in cont))
            except TypeError as e:
                out.append(str(e))
    result = out
    """, "x = 1 in 5", "x = 'a' in ['a'] in 3", "x = [] in {1}", "x = 1 in 'abc'", "x = {} in {}",
      """
    class E:
        def __contains__(self, x):
            raise KeyError(x)
    def f():
        return 5 not in E()
    f()
    """)

cases("unary", """
    vals = [0, 1, -1, 2.5, -0.0, True, False, 10**30, 1+2j, '', 'a', [], [0], None, float('nan')]
    out = []
    for v in vals:
        r = []
        for expr in ('-v', '+v', '~v', 'not v'):
            try:
                r.append(repr(eval(expr)))
            except TypeError as e:
                r.append(str(e))
        out.append(r)
    result = out
    """, """
    class U:
        def __neg__(self): return 'neg'
        def __pos__(self): return 'pos'
        def __invert__(self): return 'inv'
        def __bool__(self): print('bool called'); return False
    u = U()
    def f(u):
        return -u, +u, ~u, not u, (not not u)
    result = f(u)
    """, """
    class B:
        def __bool__(self): return 'yes'
    not B()
    """, """
    class L:
        def __len__(self): return -1
    not L()
    """, """
    class L:
        def __len__(self): return 2**70
    bool(L())
    """, "x = -'s'", "x = ~1.5", "x = +[]", "x = ~None")

# ---------------------------------------------------------------------------
# Subscripts and slices
# ---------------------------------------------------------------------------
cases("subscr", """
    seqs = [[10, 20, 30], (10, 20, 30), 'abc', b'abc', range(3), bytearray(b'xyz')]
    out = []
    for s in seqs:
        for i in [0, 2, -1, -3, 3, -4, True, 10**20]:
            try:
                out.append(repr(s[i]))
            except (IndexError, TypeError) as e:
                out.append(type(e).__name__ + ': ' + str(e))
    result = out
    """, """
    d = {'a': 1, 2: 'two', (1, 2): 'tuple', None: 'none', 1.0: 'float-one'}
    out = [d['a'], d[2], d[1, 2], d[None], d[1], d[True]]
    for k in ['b', 3, (2, 1), 'A', 0.0]:
        try:
            d[k]
        except KeyError as e:
            out.append(repr(e))
    result = out
    """, "x = {}['missing']", "x = {}[('a', 1)]", "x = {}[()]", "x = [1][2]", "x = [][-1]",
      "x = 'abc'[5]", "x = (1,)[1]", "x = [1]['a']", "x = (1,)[1.0]", "x = 5[0]", "x = None[0]",
      "x = {}[[]]", "x = {1: 2}[{}]", "x = range(3)[3]", "x = 'a'['a']",
      """
    class M(dict):
        def __missing__(self, k):
            return f'missing {k}'
    m = M(a=1)
    result = [m['a'], m['zz'], m.get('zz')]
    """, """
    class G:
        def __getitem__(self, k):
            return ('got', k)
    g = G()
    result = [g[1], g['a'], g[1, 2], g[1:2], g[::], g[..., 1], g[:, None]]
    """, """
    class GC:
        def __class_getitem__(cls, k):
            return ('cgi', cls.__name__, k)
    result = [GC[int], list[int], dict[str, int], type[GC]]
    """, """
    lst = [0] * 5
    lst[0] = 'a'
    lst[-1] = 'z'
    lst[2] += 7
    d = {}
    d['k'] = 1
    d['k'] += 1
    d[1, 2] = 'tuple key'
    del lst[1]
    del d['k']
    result = (lst, d)
    """, "lst = [1]\nlst[1] = 2", "lst = [1]\nlst[-2] = 2", "t = (1,)\nt[0] = 2", "s = 'a'\ns[0] = 'b'",
      "lst = [1]\ndel lst[3]", "d = {}\ndel d['x']", "t = (1,)\ndel t[0]", "d = {}\nd[[]] = 1",
      "x = frozenset()\nx[0] = 1", "lst = [1]\nlst['a'] = 1", "lst = [1]\ndel lst['a']",
      """
    class S:
        def __setitem__(self, k, v): print('set', k, v)
        def __delitem__(self, k): print('del', k)
    s = S()
    s[1] = 2
    s['a', 'b'] = 3
    s[1:2] = 4
    del s[0]
    del s[::2]
    """)

cases("slice", """
    seqs = [list(range(10)), tuple(range(10)), 'abcdefghij', b'abcdefghij', range(10)]
    bounds = [None, 0, 3, -3, 9, 20, -20]
    steps = [None, 1, 2, -1, -3]
    out = []
    for s in seqs:
        for a in bounds:
            for b in bounds:
                for c in steps:
                    out.append(s[a:b:c])
    result = [repr(x) for x in out]
    """, "x = [1, 2][::0]", "x = 'ab'['a':]", "x = [1][1.5:]", "x = (1,)[None:'x']",
      """
    def f(lst, i, j):
        return lst[i:j], lst[:j], lst[i:], lst[:], lst[i:j:2]
    result = [f(list(range(8)), 1, 6), f('hello world', -5, -1), f((), 0, 0)]
    """, """
    out = []
    for target, value in [(slice(1, 3), ['a', 'b', 'c']), (slice(None, None, 2), 'wxyzv'),
                          (slice(None, None, -1), range(8)), (slice(5, 1), [9]), (slice(0, 0), [7, 7]),
                          (slice(None, None, 2), [1]), (slice(1, 8, 3), (4, 5, 6))]:
        lst = list(range(8))
        try:
            lst[target] = value
            out.append(lst)
        except (ValueError, TypeError) as e:
            out.append(str(e))
    result = out
    """, """
    out = []
    for s in [slice(1, 3), slice(None, None, 2), slice(None, None, -2), slice(10, 20), slice(-3, None)]:
        lst = list(range(8))
        del lst[s]
        out.append(lst)
    lst = list(range(5))
    del lst[:]
    out.append(lst)
    result = out
    """, """
    lst = [1, 2, 3]
    lst[1:2] = 5
    """, """
    ba = bytearray(b'abcdef')
    ba[1:3] = b'XYZ'
    ba[::2] = b'123'
    del ba[-2:]
    mv = memoryview(bytearray(b'hello'))
    mv[1:3] = b'EL'
    result = (ba, bytes(mv.obj))
    """, """
    def f():
        s = 'x'
        s[0:1] = 'y'
    f()
    """)

# ---------------------------------------------------------------------------
# Attributes
# ---------------------------------------------------------------------------
cases("attr", """
    class A:
        cls_attr = 'class'
        def method(self): return 'method'
        @property
        def prop(self): return 'prop'
        @staticmethod
        def st(): return 'static'
        @classmethod
        def cm(cls): return cls.__name__
    a = A()
    a.inst = 'inst'
    result = [a.cls_attr, a.inst, a.method(), a.prop, a.st(), a.cm(), A.cm(), A.st(), A.method(a),
              type(a.method).__name__, type(A.method).__name__, a.__class__.__name__, A.__name__]
    """, "class A: pass\nx = A().missing",
      "x = (1).nope",
      "x = 'str'.upper.nope",
      "import math\nx = math.nope",
      "x = None.attr",
      "class A:\n    __slots__ = ('a',)\nA().b = 1",
      "class A:\n    __slots__ = ('a',)\nx = A().a",
      "class A: pass\ndel A().x",
      "x = object()\nx.y = 1",
      "(1).real = 5",
      "class A:\n    @property\n    def p(self): return 1\nA().p = 2",
      "class A:\n    @property\n    def p(self): return 1\ndel A().p",
      "class A:\n    def __getattr__(self, n): raise AttributeError(f'custom {n}')\nx = A().zz",
      "class A:\n    def __getattr__(self, n): return n * 2\nresult = A().ab",
      "class A:\n    def __getattribute__(self, n): raise KeyError(n)\nx = A().anything",
      """
    class A:
        def __init__(self): self.x = 1
        def __setattr__(self, k, v):
            print('setattr', k, v)
            super().__setattr__(k, v * 2)
        def __delattr__(self, k):
            print('delattr', k)
            super().__delattr__(k)
    a = A()
    a.y = 5
    del a.x
    result = sorted(vars(a).items())
    """, """
    class D:
        def __get__(self, obj, typ): return ('get', obj is None, typ.__name__)
        def __set__(self, obj, v): print('set', v)
        def __delete__(self, obj): print('delete')
    class A:
        d = D()
    a = A()
    a.d = 3
    del a.d
    result = [a.d, A.d]
    """, """
    def f(obj):
        obj.counter = 0
        for i in range(10):
            obj.counter += i
        return obj.counter
    class O: pass
    result = f(O())
    """)

# ---------------------------------------------------------------------------
# Names: globals, builtins, locals, cells
# ---------------------------------------------------------------------------
cases("names",
      "x = undefined_name",
      "def f():\n    return undefined_global\nf()",
      "def f():\n    return lenn([])\nf()",
      "del never_bound",
      "def f():\n    global g\n    del g\nf()",
      "def f():\n    print(x)\n    x = 1\nf()",
      "def f():\n    x = 1\n    del x\n    return x\nf()",
      "def f():\n    del x\n    x = 1\nf()",
      "def f(a):\n    del a\n    a += 1\nf(1)",
      """
    def outer():
        def inner():
            return v
        r = inner
        v = 1
        del v
        return r()
    outer()
    """, """
    def outer():
        def inner():
            return v
        return inner()
        v = 1
    outer()
    """, """
    def outer():
        v = 1
        def inner():
            nonlocal v
            del v
        inner()
        return v
    outer()
    """, """
    def outer():
        x = 0
        def inner():
            print(x)
            x = 1
        inner()
    outer()
    """, """
    x = 'global'
    def f():
        return x
    def g():
        global x
        x = 'rebound'
    result = [f()]
    g()
    result.append(f())
    len = lambda o: 'shadowed'
    result.append(f.__globals__['len']([1]))
    del len
    result.append(len([1]))
    """, """
    import builtins
    def f():
        return my_builtin_thing
    builtins.my_builtin_thing = 'from builtins'
    try:
        result = f()
    finally:
        del builtins.my_builtin_thing
    """, """
    class C:
        x = 1
        y = x + 1
        def m(self):
            return x
    try:
        C().m()
    except NameError as e:
        result = str(e)
    """, """
    def f():
        a = 1
        class K:
            a = 2
            b = a
            def m(self):
                return a
        return K.b, K().m()
    result = f()
    """, """
    x = 'module'
    def f():
        x = 'local'
        class K:
            print(x)
            x = 'class'
            print(x)
        return K.x
    result = f()
    """)

# ---------------------------------------------------------------------------
# Unpacking
# ---------------------------------------------------------------------------
cases("unpack",
      "a, b = 1, 2, 3",
      "a, b = [1]",
      "a, b = 'abc'",
      "a, b = 5",
      "a, b = None",
      "a, *b, c = [1]",
      "*a, b, c, d = (1, 2)",
      "a, = ()",
      "(a, b), c = 1, 2",
      "a, b = {'x': 1}",
      "def g():\n    yield 1\n    yield 2\n    yield 3\na, b = g()",
      "a, b = iter(range(100))",
      "def f():\n    a, b, c = [1, 2]\nf()",
      "def f(t):\n    x, *y = t\nf(3)",
      """
    a, *b = 'hello'
    *c, d = range(4)
    e, *f, g = [1, 2]
    (h, *i), j = ('xyz', 5)
    [k, [l, *m]] = [1, (2, 3, 4)]
    n, = [9]
    o, *p = iter([1, 2, 3])
    """, """
    def f():
        out = []
        for a, (b, *c) in [(1, 'xyz'), (2, [3])]:
            out.append((a, b, c))
        x = y = z = 0
        x, y, z = z, x + 1, y + 2
        return out, (x, y, z)
    result = f()
    """, """
    class It:
        def __iter__(self):
            print('iter')
            yield 'a'
            print('after a')
            yield 'b'
            print('after b')
    p, q = It()
    result = (p, q)
    """, """
    class It:
        def __iter__(self):
            yield 1
            raise RuntimeError('iteration broke')
    a, b = It()
    """)

# ---------------------------------------------------------------------------
# Iteration: GET_ITER / FOR_ITER
# ---------------------------------------------------------------------------
cases("iter", """
    out = []
    for it in [[1, 2], (3,), 'ab', b'ab', range(2, 9, 3), range(5, 0, -2), {'k': 1, 'j': 2}, {'k': 1}.items(),
               {'v': 2}.values(), frozenset([4]), bytearray(b'z'), iter([7, 8]), enumerate('xy'), zip('ab', 'cd'),
               map(str, [1, 2]), filter(None, [0, 1, 2]), reversed([1, 2, 3]), (i * i for i in range(3))]:
        for x in it:
            out.append(x)
        else:
            out.append('|')
    result = out
    """, """
    class Seq:
        def __getitem__(self, i):
            if i == 4:
                raise IndexError
            return i * 10
    class Custom:
        def __init__(self): self.n = 0
        def __iter__(self): return self
        def __next__(self):
            self.n += 1
            if self.n > 3:
                raise StopIteration
            return self.n
    result = [list(Seq()), list(Custom()), [x for x in Seq()], sum(Custom())]
    """, "for x in 5: pass", "for x in None: pass",
      "class A:\n    def __iter__(self): return 1\nfor x in A(): pass",
      "class A:\n    def __iter__(self): return iter([1])\n    __iter__ = None\nfor x in A(): pass",
      """
    class A:
        def __iter__(self): return self
        def __next__(self): raise ValueError('next failed')
    def f():
        for x in A():
            pass
    f()
    """, """
    def f():
        out = []
        for i in range(10):
            if i == 2:
                continue
            if i == 7:
                break
            for j in range(3):
                if j == i:
                    break
                out.append((i, j))
            else:
                out.append('no break')
        else:
            out.append('never')
        return out
    result = f()
    """, """
    d = {1: 1}
    for k in d:
        d[k + 1] = 1
    """, """
    def f():
        i = 0
        while True:
            i += 1
            if i > 1000:
                break
        j = 10
        while j:
            j -= 1
        else:
            k = 'else'
        return i, j, k
    result = f()
    """, """
    it = iter([1, 2, 3, 4, 5])
    out = []
    for x in it:
        out.append((x, next(it, None)))
    result = out
    """)

# ---------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------
_CALL_DEFS = """
def f(a, b, c=3, *args, d, e=5, **kw): return (a, b, c, args, d, e, kw)
def p(a, b, /, c, *, d=4): return (a, b, c, d)
def n(): return 'n'
def one(x): return x
def star(*a): return a
def kws(**k): return k
class K:
    def __init__(self, v): self.v = v
    def m(self, x, y=2): return (self.v, x, y)
    @classmethod
    def c(cls, *a): return (cls.__name__, a)
    @staticmethod
    def s(x): return x
    def __call__(self, *a, **k): return ('call', a, k)
k = K(1)
"""
_CALL_EXPRS = [
    "f(1, 2, d=4)", "f(1, 2, 3, 4, 5, d=6, z=7)", "f(*[1, 2], d=0)", "f(**{'a': 1, 'b': 2, 'd': 3})",
    "f(1, *(2, 3), *[4], d=5, **{'y': 1}, **{'w': 2})", "p(1, 2, 3)", "p(1, 2, c=3, d=9)",
    "star(*range(5), *'ab')", "kws(a=1, **{'b': 2})", "k.m(5)", "k.m(x=5, y=6)", "K.m(k, 7)",
    "k.c(1, 2)", "K.c()", "k.s(9)", "K.s(x=9)", "k(1, z=2)", "one(one)(3)",
    "n()", "len('abc')", "max(1, 5, key=None)", "sorted([3, 1], reverse=True)", "dict(a=1, **{'b': 2})",
    "(lambda *a, **k: (a, k))(1, *[2], x=3, **{'y': 4})", "type('T', (), {})().__class__.__name__",
    "getattr(k, 'm')(0)", "int('10', base=2)", "print('printed', end='!\\n', sep='-')",
    # errors (TypeError messages come from CPython's argument binding)
    "f(1)", "f(1, 2)", "f(1, 2, d=1, a=1)", "f(1, 2, 3, d=1, c=2)", "p(a=1, b=2, c=3)", "p(1, 2, 3, 4)",
    "p(1, 2)", "n(1)", "n(x=1)", "one()", "one(1, 2)", "one(y=1)", "k.m()", "k.m(1, 2, 3)", "K.m()",
    "K()", "K(1, 2)", "k.s()", "len()", "len(1, 2)", "len(x=1)", "f(1, 2, d=1, **{'d': 2})",
    "f(1, 2, **{'d': 1}, **{'d': 2})", "kws(**{'a': 1}, a=2)", "kws(**{1: 2})", "f(*1)", "f(**None)",
    "f(**[1])", "star(*None)", "None()", "(1)()", "'s'()", "k.nope()", "int(x=1)", "dict(1, 2)",
    "(lambda: 0)(1)", "(lambda *, k: k)()", "(lambda a, b, c: 0)(1)", "(lambda a, b: 0)(1, 2, 3, 4)",
    "(lambda a, /: a)(a=1)", "(lambda a, *, b: 0)(1, 2)", "(lambda a=1, *, b: 0)()",
]
for _i, _e in enumerate(_CALL_EXPRS):
    CASES.append((f"call-{_i}", _CALL_DEFS + f"result = {_e}\n"))
    CASES.append((f"call-in-func-{_i}", _CALL_DEFS + f"def caller():\n    return {_e}\nresult = caller()\n"))

cases("call-misc", """
    def f(a, b=[]):
        b.append(a)
        return b
    result = [f(1), f(2), f(3, []), f.__defaults__]
    """, """
    def deep(n):
        return n if n == 0 else deep(n - 1) + 1
    result = deep(200)
    """, """
    class Meta(type):
        def __call__(cls, *a):
            return ('meta call', cls.__name__, a)
    class A(metaclass=Meta): pass
    result = A(1, 2)
    """, """
    class New:
        def __new__(cls, *a):
            print('new', a)
            return 'not an instance'
        def __init__(self, *a):
            print('init never runs')
    result = New(1)
    """, """
    class BadInit:
        def __init__(self):
            return 5
    BadInit()
    """, """
    import functools
    def add(a, b, c): return a * 100 + b * 10 + c
    p = functools.partial(add, 1, c=3)
    result = [p(2), p(b=5), list(map(p, [7, 8]))]
    """, """
    def gen_args():
        yield 1
        yield 2
    def f(*a, **k): return a, k
    result = [f(*gen_args()), f(*'xy', **dict.fromkeys('ab', 0)), f(*{3: 4}, **{'k': 'v'})]
    """, """
    def kwonly(*, a, b):
        return a, b
    kwonly(1, 2)
    """, """
    def f(a, b):
        return a, b
    f(1, b=2, **{'a': 3})
    """, """
    class C:
        def m(self): return 'm'
    C.m()
    """, """
    def f(**kw): return kw
    result = f(**{'a': 1}, b=2, **{'c': 3})
    class Mapping:
        def keys(self): return ['x', 'y']
        def __getitem__(self, k): return k.upper()
    result2 = f(**Mapping())
    """)

# ---------------------------------------------------------------------------
# BUILD_* / DICT_MERGE / DICT_UPDATE / LIST_EXTEND / SET_UPDATE
# ---------------------------------------------------------------------------
cases("build", """
    a, b = 1, 2
    result = [[a, b], (a, b), {a, b, a}, {'a': a, 'b': b}, {a: 'x', b: 'y'}, {'k': 1, 'k': 2, 'j': 3, 'k': 4},
              {1: 'int', 1.0: 'float', True: 'bool'}, [*'ab', *range(2)], (*[], *(1,)), {*'aba'} == {'a', 'b'},
              {**{'a': 1}, 'b': 2, **{'a': 3}}, f'{a}{b}', f'{a!r:>4}{b:03d}', slice(a, b), slice(a, b, a)]
    """, """
    def f(*items):
        return [*items, *items], (*items,), {*items}, {i: i for i in items}, {**dict.fromkeys(items)}
    result = f(3, 1, 2)
    """, "x = {[]: 1}", "x = {{}, 1}", "x = [*5]", "x = (*None,)", "x = {*1}", "x = {**[1]}", "x = {**None}",
      "x = {**{1: 2}, **5}",
      "def f(**k): return k\nf(**{'a': 1}, **{'a': 2})",
      "def f(**k): return k\nf(a=1, **{'a': 2})",
      "def f(**k): return k\nf(**{'a': 1}, **{'b': 1}, **{'a': 3})",
      "def f(*a): return a\nf(*1)",
      "def f(*a, **k): return a\nf(*[1], **{2: 3})",
      "x = {1: 2, [3]: 4}",
      "x = {'a': [], 'b': {}, 'c': set()}\nx = {x['a'], 1}",
      """
    class BadKeys:
        def keys(self): return [1]
        def __getitem__(self, k): raise KeyError('inner')
    x = {**BadKeys()}
    """, """
    class H:
        def __hash__(self): raise TypeError('custom unhashable')
    x = {H(): 1}
    """, """
    big = {f'k{i}': i for i in range(40)}
    t = tuple(range(300))
    lst = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]
    s = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33}
    result = (len(big), sum(t), lst[-1], len(s))
    """)

# ---------------------------------------------------------------------------
# FORMAT_VALUE / BUILD_STRING
# ---------------------------------------------------------------------------
cases("format", """
    vals = [0, -7, 255, 3.14159, -0.0, 1e21, float('nan'), 'txt', 'é', None, True, [1, 'a'], (1,), b'b', 10**25]
    out = []
    for v in vals:
        for spec in ['', '>8', '<6', '^7', '+', ' ', ',', '_', '08', '.2', '.3f', 'e', 'g', '%', 'x', 'b', 'o', 'c', 'n', '#x', '*^9']:
            try:
                out.append(f'{v:{spec}}')
            except (ValueError, TypeError) as e:
                out.append('E:' + str(e))
        out.append(f'{v!r}|{v!s}|{v!a}|{v=}|{v!r:>12}')
    result = out
    """, """
    class F:
        def __format__(self, spec):
            return f'F<{spec}>'
        def __str__(self): return 'str-F'
        def __repr__(self): return 'repr-F'
    x = F()
    w = 5
    result = [f'{x}', f'{x:abc}', f'{x!s}', f'{x!r}', f'{x:{w}d}', f'{x!r:>{w * 2}}', format(x), format(x, 'q')]
    """, "x = f'{1:z}'", "x = f'{\"s\":d}'", "x = f'{1.5:d}'", "x = f'{3:.2s}'", "x = f'{[]:>5}'",
      "class B:\n    def __format__(self, s): return 5\nx = f'{B()}'",
      "class B:\n    def __str__(self): raise ValueError('no str')\nx = f'{B()}'",
      "class B:\n    def __repr__(self): return 1\nx = f'{B()!r}'",
      """
    def f(a, b):
        return f'{a}-{b}' + f'{a + b}{{}}' + f'{a!r}{b!r}' + f'{"nested " + f"{a}"}'
    result = f('x', 'y')
    """)

# ---------------------------------------------------------------------------
# MATCH_* (class, mapping, sequence, keys), guards, captures
# ---------------------------------------------------------------------------
cases("match", """
    from dataclasses import dataclass
    @dataclass
    class P:
        x: int
        y: int
    def m(v):
        match v:
            case 1 | 2 | 3: return 'small'
            case 'a' | 'b' as s: return 'letter ' + s
            case None: return 'none'
            case True: return 'true'
            case [1, *rest]: return f'starts with 1, rest {rest}'
            case (x, y) if x == y: return f'pair same {x}'
            case [x, y, z]: return f'triple {x} {y} {z}'
            case {'k': v, **kw} if kw: return f'mapping k={v} extra={sorted(kw)}'
            case {'k': v}: return f'mapping k={v}'
            case P(0, y): return f'P on axis y={y}'
            case P(x=x, y=0): return f'P on axis x={x}'
            case P(): return 'some P'
            case int(n) if n > 100: return 'big int'
            case str() | bytes(): return 'string-ish'
            case float(f): return f'float {f}'
            case _: return 'other'
    vals = [1, 3, 'a', 'c', None, True, False, [1, 2, 3], (1,), (4, 4), (4, 5), [7, 8, 9], {'k': 1}, {'k': 2, 'z': 0},
            P(0, 5), P(5, 0), P(1, 1), 1000, 50, b'x', 2.5, 'longer', {1, 2}, range(3), 'ab', [[1]]]
    result = [m(v) for v in vals]
    """, """
    def m(v):
        match v:
            case [int() | float() as a, str(b), *_] if a > 0:
                return ('num-str', a, b)
            case {'type': 'circle', 'r': r}:
                return ('circle', r)
            case {'type': t, **rest}:
                return ('typed', t, sorted(rest.items()))
            case [*_, 'end']:
                return 'ends with end'
            case [first, *_, last]:
                return (first, last)
        return 'no match'
    result = [m(x) for x in [[1, 'a', None], [-1, 'a'], {'type': 'circle', 'r': 2, 'c': 0}, {'type': 'sq', 'a': 1},
                              ['x', 'end'], 'abc', [1, 2, 3, 4], [], {}, {'r': 1}]]
    """, """
    class C:
        __match_args__ = ('a', 'b')
        def __init__(self, a, b): self.a, self.b = a, b
    def m(v):
        match v:
            case C(1, b): return ('C1', b)
            case C(a, b=2): return ('Cb2', a)
            case C(a=a, b=b): return ('C', a, b)
    result = [m(C(1, 'x')), m(C(3, 2)), m(C(3, 3)), m(5)]
    """, """
    class C:
        __match_args__ = ('a',)
    match C():
        case C(x):
            pass
    """, """
    match 5:
        case int(a, b):
            pass
    """, """
    class C:
        __match_args__ = 'not a tuple'
    match C():
        case C(x):
            pass
    """, """
    class C:
        __match_args__ = ('a',)
        a = 1
    match C():
        case C(x, a=y):
            pass
    """, """
    match 1:
        case len():
            pass
    """, """
    import collections
    class MyMap(collections.abc.Mapping):
        def __init__(self, d): self.d = d
        def __getitem__(self, k):
            print('getitem', k)
            return self.d[k]
        def __iter__(self): return iter(self.d)
        def __len__(self): return len(self.d)
    match MyMap({'a': 1, 'b': 2}):
        case {'a': 1, 'b': x}:
            result = x
    """, """
    seen = []
    x = 'initial'
    match (1, 2):
        case (x, 3):
            seen.append('first')
        case (y, z) if (seen.append(('guard', y, z)) or z == 2):
            seen.append('second')
    result = (x, seen)
    """, """
    class Color:
        RED = 'red'
        BLUE = 'blue'
    def m(c):
        match c:
            case Color.RED: return 'is red'
            case Color.BLUE: return 'is blue'
            case other: return 'other ' + other
    result = [m('red'), m('blue'), m('green')]
    """, """
    def m(v):
        match v:
            case {1: a, 'x': b}:
                return a, b
            case {1: a}:
                return a
    result = [m({1: 'one', 'x': 'ex'}), m({1: 'only'}), m({2: 0}), m([1])]
    """, """
    from collections import defaultdict
    d = defaultdict(lambda: 'default!')
    match d:
        case {'missing': v}:
            result = ('matched', v)
        case _:
            result = ('no match', dict(d))
    """, """
    def m(v):
        match v:
            case str() as s if len(s) > 2:
                return 'long str'
            case [str(), str()] | (int(), int()):
                return 'pair'
            case [*xs] if all(isinstance(x, int) for x in xs):
                return sum(xs)
        return None
    result = [m('abcd'), m(['a', 'b']), m((1, 2)), m([1, 2, 3]), m([1, 'a']), m('ab'), m(bytearray(b'12'))]
    """)

# ---------------------------------------------------------------------------
# Exceptions: exception table unwinding at various stack depths, finally, with
# ---------------------------------------------------------------------------
cases("unwind", """
    def f(i):
        return [i, (i, {'k': [i, 10 // (i - 2)]})]
    out = []
    for i in range(4):
        try:
            out.append(f(i))
        except ZeroDivisionError as e:
            out.append(str(e))
    result = out
    """, """
    def f():
        out = []
        for i in range(5):
            try:
                out.append(i + (1, 2, [3, {}['k' if i == 3 else 0] if i > 2 else 4]) [0])
            except KeyError as e:
                out.append(repr(e))
        return out
    f()
    """, """
    def f(n):
        try:
            try:
                if n == 0:
                    raise ValueError('v')
                if n == 1:
                    raise KeyError('k')
                return 'ok'
            except ValueError:
                return 'inner caught'
            finally:
                print('inner finally', n)
        except KeyError:
            return 'outer caught'
        finally:
            print('outer finally', n)
    result = [f(0), f(1), f(2)]
    """, """
    def f():
        try:
            return 'try'
        finally:
            return 'finally'
    def g():
        try:
            raise ValueError
        finally:
            return 'swallowed'
    def h():
        for i in range(3):
            try:
                if i == 1:
                    continue
                if i == 2:
                    break
            finally:
                print('finally', i)
        return i
    def k():
        for i in range(2):
            try:
                raise KeyError(i)
            finally:
                continue
        return 'continued'
    result = [f(), g(), h(), k()]
    """, """
    def f():
        try:
            1 / 0
        except ZeroDivisionError as e:
            err = e
        return err.__traceback__ is not None, 'e' in locals()
    result = f()
    """, """
    def f():
        try:
            raise ValueError('first')
        except ValueError:
            raise KeyError('second')
    f()
    """, """
    def f():
        try:
            raise ValueError('first')
        except ValueError as e:
            raise KeyError('second') from e
    f()
    """, """
    def f():
        try:
            raise ValueError('first')
        except ValueError:
            raise KeyError('second') from None
    f()
    """, """
    def f():
        try:
            raise ValueError('first')
        finally:
            raise KeyError('in finally')
    f()
    """, """
    def f():
        try:
            raise ValueError('orig')
        except ValueError:
            try:
                raise
            except ValueError as e2:
                return repr(e2), repr(e2.__context__)
    result = f()
    """, """
    def f():
        try:
            try:
                raise TypeError('t')
            except TypeError:
                raise
        except Exception as e:
            return repr(e)
    result = f()
    """, "raise", "def f():\n    raise\nf()", "raise 5", "raise int", "raise ValueError from 1",
      "raise KeyError('k') from ValueError", "raise ValueError('x').with_traceback(None)",
      """
    class E(Exception):
        def __init__(self):
            raise RuntimeError('cannot construct')
    raise E
    """, """
    try:
        1 / 0
    except (TypeError, ZeroDivisionError) as e:
        result = type(e).__name__
    """, """
    try:
        1 / 0
    except 5:
        pass
    """, """
    try:
        1 / 0
    except (ZeroDivisionError, 5):
        result = 'tuple matched first'
    """, """
    try:
        {}[1]
    except (ValueError, 5):
        pass
    """, """
    import sys
    def f():
        try:
            raise ValueError('inside')
        except ValueError:
            info = sys.exc_info()
            return info[0].__name__, str(info[1]), sys.exc_info()[1] is info[1]
    result = (f(), sys.exc_info())
    """, """
    def gen():
        try:
            yield 1
            yield 2
        finally:
            print('gen finally')
    def f():
        for x in gen():
            if x == 1:
                return 'early'
    result = f()
    """, """
    def f():
        try:
            pass
        except:
            return 'no'
        else:
            return 'else'
        finally:
            print('finally after else')
    result = f()
    """, """
    def f(n):
        while True:
            try:
                n -= 1
                if n < 0:
                    raise StopIteration('done')
            except StopIteration as e:
                return str(e)
            finally:
                if n == 2:
                    print('n is 2')
    result = f(4)
    """, """
    def f():
        try:
            raise ValueError('x')
        except ValueError as e:
            pass
        return e
    f()
    """)

cases("with", """
    class CM:
        def __init__(self, name, swallow=False): self.name, self.swallow = name, swallow
        def __enter__(self):
            print('enter', self.name)
            return self.name
        def __exit__(self, t, v, tb):
            print('exit', self.name, t.__name__ if t else None, v)
            return self.swallow
    def f():
        with CM('a') as a, CM('b') as b:
            print('body', a, b)
        with CM('s', True):
            raise ValueError('swallowed')
        try:
            with CM('p'):
                raise KeyError('propagated')
        except KeyError as e:
            print('caught', repr(e))
        for i in range(3):
            with CM(f'loop{i}'):
                if i == 1:
                    continue
                if i == 2:
                    break
        with CM('ret'):
            return 'returned from with'
    result = f()
    """, """
    class NoEnter:
        def __exit__(self, *a): pass
    with NoEnter():
        pass
    """, """
    class NoExit:
        def __enter__(self): return self
    with NoExit():
        pass
    """, """
    class BadExit:
        def __enter__(self): return self
        def __exit__(self, *a): raise RuntimeError('exit failed')
    with BadExit():
        raise ValueError('body')
    """, """
    class BadEnter:
        def __enter__(self): raise RuntimeError('enter failed')
        def __exit__(self, *a): print('exit must not run')
    with BadEnter():
        print('body must not run')
    """, """
    class Truthy:
        def __enter__(self): return self
        def __exit__(self, *a): return 'non-empty string is true'
    with Truthy():
        raise KeyError
    result = 'suppressed by truthy return'
    """, """
    import contextlib
    @contextlib.contextmanager
    def cm(x):
        print('setup', x)
        try:
            yield x * 2
        except ValueError as e:
            print('cm handled', e)
        finally:
            print('teardown', x)
    with cm(1) as v:
        print('v', v)
    with cm(2):
        raise ValueError('inside')
    with contextlib.suppress(ZeroDivisionError):
        1 / 0
    result = 'done'
    """)

cases("except-star", """
    def f():
        try:
            raise ExceptionGroup('eg', [ValueError(1), TypeError(2), ValueError(3)])
        except* ValueError as e:
            print('V', repr(e))
        except* TypeError as e:
            print('T', repr(e))
    f()
    """, """
    try:
        raise ExceptionGroup('eg', [ValueError(1), KeyError(2)])
    except* ValueError:
        print('handled V')
    """, """
    try:
        raise KeyError('naked')
    except* KeyError as e:
        result = repr(e)
    """, """
    try:
        raise ExceptionGroup('eg', [ValueError(1)])
    except* ValueError:
        raise TypeError('raised in handler')
    """, """
    try:
        raise ExceptionGroup('eg', [ValueError(1), TypeError(2)])
    except* ValueError:
        raise
    except* TypeError:
        pass
    """, """
    try:
        raise ValueError
    except* ExceptionGroup:
        pass
    """, """
    try:
        raise ValueError
    except* (TypeError, ExceptionGroup):
        pass
    """, """
    def f():
        try:
            raise BaseExceptionGroup('b', [KeyboardInterrupt(), ValueError('v')])
        except* KeyboardInterrupt as e:
            print('ki', type(e).__name__)
        except* ValueError as e:
            print('v', type(e).__name__)
        finally:
            print('finally')
    f()
    """)

# ---------------------------------------------------------------------------
# MAKE_FUNCTION, closures, class bodies, imports, generators from VM code
# ---------------------------------------------------------------------------
cases("make-function", """
    def f(a: int, b: 'str' = 'x', *args: float, c: list = None, **kw: dict) -> bool:
        'doc'
        return True
    result = (f.__annotations__, f.__defaults__, f.__kwdefaults__, f.__doc__, f.__name__, f.__qualname__,
              f.__module__, f.__code__.co_varnames)
    """, """
    def outer(n):
        def inner(x=n * 2, *, y=n * 3):
            return x + y + n
        return inner
    fs = [outer(i) for i in range(3)]
    result = [(g(), g(0), g(y=0), g.__defaults__, g.__kwdefaults__, g.__closure__[0].cell_contents, g.__qualname__) for g in fs]
    """, """
    def late():
        fs = [lambda: i for i in range(3)]
        gs = []
        for j in range(3):
            gs.append(lambda: j)
        hs = [lambda i=i: i for i in range(3)]
        return [f() for f in fs], [g() for g in gs], [h() for h in hs]
    result = late()
    """, """
    def counter():
        c = 0
        def inc():
            nonlocal c
            c += 1
            return c
        def get():
            return c
        return inc, get
    inc, get = counter()
    inc(); inc()
    result = (get(), inc(), get(), inc.__code__.co_freevars, counter.__code__.co_cellvars)
    """, """
    def f(x):
        def g():
            return x
        x = 'rebound'
        return g()
    result = f('orig')
    """, """
    def deco(tag):
        def wrap(fn):
            def inner(*a):
                return (tag, fn(*a))
            return inner
        return wrap
    @deco('t1')
    @deco('t2')
    def base(v):
        return v * 2
    result = base(4)
    """)

cases("class-body", """
    class Meta(type):
        def __new__(m, name, bases, ns, **kw):
            print('meta', name, sorted(k for k in ns if not k.startswith('__')), kw)
            return super().__new__(m, name, bases, ns)
        @classmethod
        def __prepare__(m, name, bases, **kw):
            return {'injected': 1}
    class A(metaclass=Meta, flag=True):
        x = injected + 1
        def m(self): return __class__.__name__
    class B(A, flag=False):
        def m(self): return 'B>' + super().m()
    result = (A.x, B().m(), A.__qualname__, B.__mro__[1].__name__)
    """, """
    class Base:
        def __init_subclass__(cls, **kw):
            print('init_subclass', cls.__name__, kw)
            super().__init_subclass__()
    class Sub(Base, opt=1): pass
    class Sub2(Sub): pass
    """, """
    class S:
        __slots__ = ('a', 'b')
        def __init__(self): self.a = 1
    s = S()
    result = [s.a, hasattr(s, 'b'), S.__slots__]
    s.c = 3
    """, """
    class A:
        def f(self): return 'A'
    class B(A):
        def f(self): return 'B' + super().f()
    class C(A):
        def f(self): return 'C' + super().f()
    class D(B, C):
        def f(self): return 'D' + super().f()
    result = (D().f(), [k.__name__ for k in D.__mro__])
    """, """
    class A:
        def m(self):
            def inner():
                return super(A, self).__repr__.__name__
            return inner()
        @classmethod
        def c(cls):
            return super().__init_subclass__.__name__
        @staticmethod
        def s():
            return __class__.__name__
    result = (A().m(), A.c(), A.s())
    """, """
    def f():
        return super().x
    f()
    """, """
    class A:
        doc_before = __doc__ if '__doc__' in dir() else None
        'class docstring'
        q = __qualname__
        mod = __module__
    result = (A.__doc__, A.q, A.mod, A.doc_before)
    """, """
    import dataclasses
    @dataclasses.dataclass(order=True, frozen=True)
    class P:
        x: int
        y: int = 0
    ps = sorted([P(2, 1), P(1, 5), P(1, 2)])
    result = [repr(p) for p in ps] + [P(1) == P(1, 0), hash(P(1)) == hash(P(1, 0))]
    ps[0].x = 9
    """)

cases("import", """
    import math
    import os.path
    import collections.abc as cabc
    from json import dumps, loads as ld
    from itertools import *
    result = [math.floor(2.5), os.path.join('a', 'b'), cabc.Mapping.__name__, dumps([1]), ld('2'),
              list(islice(count(3), 2)), 'chain' in dir()]
    """, "import no_such_module_abc", "from math import no_such_name", "import math.nope",
      "from os import path as p, sep\nresult = (p.__name__, sep)",
      """
    def f():
        import string
        from collections import deque
        return string.ascii_lowercase[:3], deque([1]).pop()
    result = (f(), 'string' in globals())
    """, "x = __import__('math').pi\nresult = round(x, 3)")

cases("generators-from-vm", """
    def gen(n):
        for i in range(n):
            x = yield i
            if x:
                print('sent', x)
        return 'done'
    g = gen(3)
    out = [next(g), g.send('hello'), next(g)]
    try:
        next(g)
    except StopIteration as e:
        out.append(e.value)
    result = out
    """, """
    def inner():
        yield 1
        return 'inner result'
    def outer():
        r = yield from inner()
        yield r
    result = list(outer())
    """, """
    def g():
        try:
            yield 1
        except ValueError as e:
            yield 'caught ' + str(e)
    it = g()
    next(it)
    result = it.throw(ValueError('thrown'))
    it.throw(KeyError('not caught'))
    """, """
    import asyncio
    async def sq(x):
        await asyncio.sleep(0)
        return x * x
    async def main():
        return await asyncio.gather(*(sq(i) for i in range(4)))
    result = asyncio.run(main())
    """, """
    def f():
        base = 10
        return list(x + base for x in range(3)), [x for x in (y * 2 for y in range(3))]
    result = f()
    """, """
    def g():
        yield 1
        raise StopIteration('bad')
    list(g())
    """)

# ---------------------------------------------------------------------------
# Fidelity builtins that inspect the running frame
# ---------------------------------------------------------------------------
cases("frame-introspection", """
    def f(a, b=2):
        c = a + b
        l1 = sorted(locals().items())
        d = 4
        return l1, sorted(locals()), sorted(vars()), sorted(dir())
    result = f(1)
    """, """
    x = 1
    result = (locals() is globals(), 'x' in vars(), sorted(k for k in dir() if not k.startswith('__')))
    """, """
    def f():
        y = 5
        exec('y = 6')
        exec('z = y + 1')
        return y, eval('y * 2'), locals().get('z')
    result = f()
    """, """
    def f():
        global g
        g = eval('1 + 1')
        exec('global h\\nh = 3')
        return globals() is globals()
    result = (f(), g, h)
    """, """
    import sys
    def f():
        return sys._getframe().f_code.co_name, sys._getframe(1).f_code.co_name
    result = f()
    """, """
    import inspect
    def f():
        frame = inspect.currentframe()
        return frame.f_code.co_name, frame.f_lineno, frame.f_back.f_code.co_name
    result = f()
    """, """
    def outer():
        v = 'cell'
        def inner():
            return sorted(locals().items()), v
        return inner()
    result = outer()
    """)

# ---------------------------------------------------------------------------
# Recursion
# ---------------------------------------------------------------------------
cases("recursion", """
    def f(n):
        return 0 if n == 0 else 1 + f(n - 1)
    result = f(800)
    """, """
    def f(n):
        return f(n + 1)
    try:
        f(0)
    except RecursionError as e:
        result = str(e)
    """)

# ---------------------------------------------------------------------------
# Boolean operators and conditional jumps (JUMP_IF_*_OR_POP, POP_JUMP_IF_*)
# ---------------------------------------------------------------------------
cases("bool-ops", """
    log = []
    def v(x):
        log.append(repr(x))
        return x
    vals = [0, 1, '', 'a', None, [], [0], 0.0, float('nan')]
    out = []
    for a in vals:
        for b in vals:
            out.append((a and b, a or b, not a and b, (a or b) and a, a if b else None))
    r1 = v(0) and v(1)
    r2 = v(2) or v(3)
    r3 = v(None) or v('') or v('x') or v('never')
    r4 = v(1) and v([]) and v('never')
    r5 = v(0) or (v(1) and v(2))
    result = (out, log, r1, r2, r3, r4, r5)
    """, """
    def f(x):
        if x is None:
            return 'none'
        elif x is not None and not x:
            return 'falsy'
        while x:
            x -= 1
            if x == 2:
                break
        else:
            return 'loop exhausted'
        return 'broke at 2'
    result = [f(None), f(0), f(1), f(5), f(False)]
    """, """
    class B:
        def __bool__(self):
            raise ValueError('bool failed')
    def f():
        if B():
            return 1
    f()
    """, """
    class B:
        def __bool__(self):
            raise ValueError('bool failed in and')
    x = 1 and B() and 2
    """, """
    class B:
        def __bool__(self):
            raise ValueError('bool failed in while')
    while B():
        pass
    """, """
    class B:
        def __len__(self):
            return 'x'
    if B():
        pass
    """, """
    def f(items):
        return [i for i in items if i and i % 2 or i == 0]
    result = f([0, 1, 2, 3, None, 4, 5])
    """)

# ---------------------------------------------------------------------------
# Argument binding: CPython's exact TypeError messages
# ---------------------------------------------------------------------------
_BIND_DEFS = """
def kw1(*, a): return a
def kw2(x, *, a=1): return x, a
def kw3(x, *, a): return x, a
def m3(a, b, c): return a, b, c
def d2(a, b=1, c=2): return a, b, c
def kwo(*, a, b, c): return a, b, c
def po(a, /, **kw): return a, kw
def po2(a, b, /, c): return a, b, c
def va(a, *args, b): return a, args, b
def full(a, b=2, /, c=3, *args, d, e=5, **kw): return a, b, c, args, d, e, kw
class M:
    def meth(self, a, *, k): return a, k
"""
_BIND_EXPRS = [
    "kw1(1)", "kw1()", "kw1(a=1, b=2)", "kw2(1, 2)", "kw2(1, 2, 3)", "kw3(1, 2, a=3)", "kw3(1, 2, 3)",
    "kw3(1, 2)", "m3()", "m3(1)", "m3(1, 2)", "m3(c=1)", "m3(1, 2, 3, 4)", "m3(1, a=1, b=2, c=3)",
    "d2()", "d2(1, 2, 3, 4)", "d2(1, 2, 3, 4, 5)", "d2(1, d=4)", "d2(b=1)", "kwo(b=1)", "kwo()",
    "kwo(1, a=1, b=2, c=3)", "po(1, a=2)", "po(a=1)", "po()", "po2(1, 2, 3)", "po2(1, b=2, c=3)",
    "po2(a=1, b=2, c=3)", "po2(1, 2, c=3, a=4)", "va(1, 2, 3, b=4)", "va(1, 2, 3)", "va(b=1)",
    "full(1, d=4)", "full(1, 2, 3, 4, 5, d=6, z=7)", "full(a=1, d=2)", "full(1, 2, c=0, d=1, b=9)",
    "full()", "full(1, 2, 3, e=1)", "M().meth(1, k=2)", "M().meth(1)", "M().meth(1, 2)", "M.meth(1, 2)",
    "M().meth()", "M().meth(1, k=2, j=3)", "m3(*[1, 2], **{'c': 3})", "m3(*[1, 2], **{'b': 3})",
    "m3(**{'a': 1, 'b': 2, 'c': 3, 'd': 4})", "kw1(**{'a': 1, 'a b': 2})", "po(1, **{'a b': 2, 'a': 3})",
    "{}.get('a', default=1)", "[].append(1, 2)", "[].append()", "print('x', sep=1)", "'a,b'.split(sep=',', maxsplit='x')",
    "sorted([1], lambda v: v)", "int('5', 10, 3)", "divmod(1)", "isinstance(1)", "getattr(1)", "range()",
    "dict.fromkeys()", "str.join('-', 'ab', 'c')", "object.__new__()", "type('x')(1)",
]
for _i, _e in enumerate(_BIND_EXPRS):
    CASES.append((f"bind-{_i}", _BIND_DEFS + f"result = {_e}\n"))
    CASES.append((f"bind-in-func-{_i}", _BIND_DEFS + f"def caller():\n    return {_e}\nresult = caller()\n"))

cases("bind-many", "def f(*a, **k):\n    return len(a), sorted(k)[:3], sum(a)\nresult = f(" +
      ", ".join(str(i) for i in range(300)) + ", " + ", ".join(f"k{i}={i}" for i in range(300)) + ")\n",
      "def g(" + ", ".join(f"p{i}" for i in range(260)) + "):\n    return p0 + p259\nresult = g(" +
      ", ".join(str(i) for i in range(260)) + ")\n",
      "def g(" + ", ".join(f"p{i}" for i in range(260)) + "):\n    return p0 + p259\nresult = g(" +
      ", ".join(str(i) for i in range(259)) + ")\n")

# ---------------------------------------------------------------------------
# Evaluation order and special-method lookup (on the type, not the instance)
# ---------------------------------------------------------------------------
cases("eval-order", """
    log = []
    def t(name, v=None):
        log.append(name)
        return v if v is not None else name
    d = {}
    lst = [0, 0]
    lst[t('index', 1)] = t('value', 5)
    d[t('k1')], d[t('k2')] = t('v1'), t('v2')
    x = y = t('chained')
    disp = {t('dk1'): t('dv1'), t('dk2'): t('dv2')}
    call = (lambda *a, **k: (a, k))(t('a1'), t('a2'), kw=t('kw'), **{t('mk'): t('mv')})
    cmp = t('c1', 1) < t('c2', 2) < t('c3', 3)
    attr = type('O', (), {})()
    attr.x = t('attrval')
    sl = [1, 2, 3, 4][t('lo', 1):t('hi', 3)]
    fs = f"{t('f1')}{t('f2')}"
    result = log
    """, """
    log = []
    def t(name, v=None):
        log.append(name)
        return v if v is not None else name
    def f(a=t('default-a'), *, b=t('kwdefault-b')) -> t('return-annotation'):
        pass
    def g(x: t('ann-x'), y: t('ann-y') = t('default-y')):
        pass
    @t('decorator', lambda fn: fn)
    class C(t('base', object), metaclass=t('meta', type)):
        t('class body')
    result = log
    """, """
    log = []
    class D(dict):
        def __getitem__(self, k):
            log.append(('get', k))
            return super().__getitem__(k)
        def __setitem__(self, k, v):
            log.append(('set', k, v))
            super().__setitem__(k, v)
    class O:
        def __getattribute__(self, n):
            log.append(('getattr', n))
            return object.__getattribute__(self, n)
        def __setattr__(self, n, v):
            log.append(('setattr', n, v))
            object.__setattr__(self, n, v)
    d = D(k=1)
    d['k'] += 5
    o = O()
    o.x = 1
    o.x += 2
    o.x *= 3
    result = (log, d, o.x)
    """)

cases("special-lookup", """
    class C:
        def __enter__(self): return 'class enter'
        def __exit__(self, *a): return False
        def __iter__(self): return iter(['class iter'])
        def __len__(self): return 1
        def __add__(self, o): return 'class add'
        def __getitem__(self, k): return 'class getitem'
        def __contains__(self, x): return True
        def __call__(self): return 'class call'
        def __neg__(self): return 'class neg'
        def __bool__(self): return True
    c = C()
    c.__enter__ = lambda: 'instance enter'
    c.__exit__ = lambda *a: True
    c.__iter__ = lambda: iter(['instance iter'])
    c.__len__ = lambda: 99
    c.__add__ = lambda o: 'instance add'
    c.__getitem__ = lambda k: 'instance getitem'
    c.__contains__ = lambda x: False
    c.__call__ = lambda: 'instance call'
    c.__neg__ = lambda: 'instance neg'
    c.__bool__ = lambda: False
    out = []
    with c as v:
        out.append(v)
    out += [list(c), len(c), c + 1, c[0], 5 in c, c(), -c, bool(c), not c]
    a, = c
    out.append(a)
    result = out
    """, """
    class Meta(type):
        def __getattr__(cls, name):
            return 'meta getattr ' + name
    class C(metaclass=Meta):
        def __getattr__(self, name):
            return 'instance getattr ' + name
    c = C()
    result = [c.anything, C.anything]
    try:
        len(c)
    except TypeError as e:
        result.append(str(e))
    try:
        c + 1
    except TypeError as e:
        result.append(str(e))
    try:
        with c:
            pass
    except (TypeError, AttributeError) as e:
        result.append(type(e).__name__ + ': ' + str(e))
    """, """
    class Meta(type):
        def __instancecheck__(cls, inst):
            print('__instancecheck__ called')
            return True
        def __subclasscheck__(cls, sub):
            print('__subclasscheck__ called')
            return True
    class Catch(Exception, metaclass=Meta):
        pass
    def f():
        try:
            raise ValueError('v')
        except Catch:
            return 'caught by Catch'
        except ValueError:
            return 'caught by ValueError'
    result = [f(), isinstance(1, Catch)]
    match 5:
        case Catch():
            result.append('match used __instancecheck__')
    """, """
    class Meta(type):
        def __subclasscheck__(cls, sub):
            print('__subclasscheck__ called')
            return True
    class Catch(Exception, metaclass=Meta):
        pass
    try:
        raise ExceptionGroup('g', [ValueError(1)])
    except* Catch as eg:
        result = 'except* matched Catch: ' + repr(eg)
    except* ValueError as eg:
        result = 'except* matched ValueError'
    """, """
    class L(list):
        def __iter__(self):
            return iter(['it1', 'it2'])
    class T(tuple):
        def __iter__(self):
            return iter(['t1', 't2'])
    def f(*a): return a
    a, b = L([1, 2])
    c, d = T((3, 4))
    result = [(a, b), (c, d), [*L([1, 2])], f(*L([5, 6])), f(*T((7, 8))), list(L([0])), [x for x in L([9])],
              {*T((1, 2))} == {'t1', 't2'}, tuple(L())]
    """, """
    class D(dict):
        def __getitem__(self, k): return 'override'
        def keys(self): return ['zzz']
    class D2(dict):
        def __iter__(self): return iter(['x'])
        def keys(self): return ['x']
        def __getitem__(self, k): return 'D2 ' + k
    def f(**kw): return kw
    result = [f(**D(a=1)), {**D(a=1)}, dict(D(a=1)), f(**D2(a=1)), {**D2(a=1)}]
    """)

cases("assorted", """
    AssertionError = KeyError
    try:
        assert False, 'msg'
    except KeyError:
        result = 'the shadowing name was used'
    except BaseException as e:
        result = (type(e).__module__, type(e).__name__, str(e))
    """, """
    try:
        1 / 0
    except undefined_exception_name:
        pass
    """, """
    def f():
        try:
            1 / 0
        except (ValueError, undefined_in_tuple):
            pass
    f()
    """, """
    class E(Exception):
        def __new__(cls, *a):
            return 5
    raise E
    """, """
    class I:
        def __init__(self, v): self.v = v
        def __index__(self): return self.v
    lst = list(range(10))
    result = [lst[I(2):I(5)], lst[I(-1)], 'abcdef'[I(1)::I(2)], range(I(3)), [0] * I(2), bin(I(5)), lst[I(1):I(9):I(3)]]
    try:
        lst[1.0:2]
    except TypeError as e:
        result.append(str(e))
    """, """
    import sys
    shown = []
    old = sys.displayhook
    sys.displayhook = lambda v: shown.append(('displayed', v))
    try:
        exec(compile('1 + 2\\n', '<single>', 'single'))
        exec(compile('None\\n', '<single>', 'single'))
        exec(compile('for i in range(2): i * 10\\n', '<single>', 'single'))
    finally:
        sys.displayhook = old
    result = shown
    """, """
    x: int = 5
    y: str
    z: 'fwd' = 'z'
    class C:
        a: int = 1
        b: list
        def m(self):
            local: int = 3
            return local
    def f():
        v: int = 1
        return v
    result = (__annotations__, C.__annotations__, C().m(), f(), 'y' in dir())
    """, """
    log = []
    class G(dict):
        def __setitem__(self, k, v):
            log.append(('setitem', k))
            super().__setitem__(k, v)
        def __getitem__(self, k):
            log.append(('getitem', k))
            return super().__getitem__(k)
        def __delitem__(self, k):
            log.append(('delitem', k))
            super().__delitem__(k)
    g = G()
    exec('x = 1\\ndef f():\\n    global y, x\\n    y = 2\\n    del x\\n    return y\\nr = f()\\nq = r + y\\n', g)
    result = (log, sorted(k for k in g if k != '__builtins__'))
    """, """
    def f():
        out = [(y := x * 2) for x in range(3)]
        def g():
            return y
        return out, y, g()
    result = f()
    """, """
    class C:
        global class_global
        class_global = 'set from class body'
        nonlocal_free = [i for i in range(2)]
    result = (class_global, C.nonlocal_free)
    """, """
    class C:
        pass
    class D:
        __slots__ = ('a',)
    c = C()
    try:
        c.__class__ = D
    except TypeError as e:
        result = str(e)
    """, """
    class Meta(type):
        def __new__(m, name, bases, ns, **kw):
            ns['kw'] = kw
            return super().__new__(m, name, bases, ns)
    class C(object, **{'metaclass': Meta, 'flag': 1}):
        pass
    result = (type(C).__name__, C.kw)
    """, """
    def gen():
        x = yield
        return x
    g = gen()
    next(g)
    try:
        g.send('ret')
    except StopIteration as e:
        result = e.value
    """)

# ---------------------------------------------------------------------------
# Tracebacks: (function, line) entries in the snippet must match
# ---------------------------------------------------------------------------
TB_CASES = [
    """
    def a():
        return b() + 1
    def b():
        return c()
    def c():
        return 1 / 0
    a()
    """, """
    def f(xs):
        return [g(x) for x in xs]
    def g(x):
        if x > 1:
            raise ValueError(x)
        return x
    f([0, 1, 2])
    """, """
    class K:
        @property
        def p(self):
            return self.missing
    def f():
        k = K()
        return (1,
                k.p)
    f()
    """, """
    def f():
        try:
            {}['a']
        except KeyError:
            raise ValueError('while handling')
    f()
    """, """
    def f(n):
        if n == 0:
            raise OverflowError
        return f(n - 1)
    f(20)
    """, """
    def f():
        x = [1, 2]
        for i in range(5):
            x[i]
    f()
    """, """
    def outer():
        def inner():
            return undefined_thing
        return inner()
    outer()
    """, """
    def f():
        try:
            raise KeyError
        finally:
            print('finally')
    f()
    """, """
    def f():
        with open('/nonexistent/dir/file') as fh:
            return fh.read()
    f()
    """, """
    def keyf(v):
        return v.nope
    sorted([1, 2], key=keyf)
    """,
]
for _i, _s in enumerate(TB_CASES):
    CASES.append((f"traceback-{_i}", "TB:" + _s))


@pytest.mark.parametrize("source", [pytest.param(s, marks=known_gap(i), id=i) for i, s in CASES])
def test_opcode(source: str) -> None:
    if not vm_available():
        pytest.fail("the VM's in-process API (interpreter.run_code(code, globals)) is not available")
    # Every case also compares the (function, line) entries of the escaping
    # exception's traceback; the TB: cases exist specifically for that.
    check(source[3:] if source.startswith("TB:") else source, tb=True)


def test_oracle_snippets_compile() -> None:
    """Every snippet must at least compile (a broken snippet tests nothing)."""
    import textwrap
    for name, s in CASES:
        compile(textwrap.dedent(s[3:] if s.startswith("TB:") else s), name, "exec")

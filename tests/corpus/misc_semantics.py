# Covers: assorted semantics — pickling/deepcopy of script-defined classes and functions,
# eval of a code object with free variables (TypeError), generator expressions in class
# bodies, sys.exc_info in finally after a handler returned, closures seeing rebinding,
# print(**kwargs), ImportError.name, weakrefs to __slots__ objects, int byte methods,
# compile-time SyntaxError from exec, NotImplemented from both __eq__ sides, set of an
# unhashable-raising object.
import sys, pdb, io, types, copy, pickle, operator
# class-level stuff
class A:
    def __init_subclass__(cls, **kw): pass
    def __repr__(self): return 'A()'
# 1 copy/pickle of VM-defined class instances and functions
a = A()
print(copy.deepcopy([a]), pickle.loads(pickle.dumps(a)))
def top(x): return x
print(pickle.loads(pickle.dumps(top))(5))
# 2 method resolution with __getattribute__ on type
# 3 exec with closure kwarg (3.11 feature)
def outer():
    v = 'closure value'
    def inner(): return v
    return inner
fn = outer()
try:
    r = eval(fn.__code__)
except TypeError as e:
    print('TypeError:', e)
# 4 generator expression in class body using class var as first iterable
class B:
    xs = [1, 2]
    ys = list(x * 2 for x in xs)
print(B.ys)
# 5 stack traces from within property in a class defined in function
# 6 string formatting of frames
# 7 sys.exc_info in finally after return
def fin():
    try:
        raise KeyError
    except KeyError:
        return 'ret'
    finally:
        print('finally exc_info', sys.exc_info()[0])
print(fin())
# 8 nested functions see updates to enclosing after definition
def counter():
    xs = []
    def add(v): xs.append(v); return len(xs)
    xs = [0]  # rebinding
    return add(1)
print(counter())
# 9 star-args into builtin with kwargs
print(*range(3), **{'sep': '|'})
# 10 conditional import inside try
try:
    import nonexistent_mod_xyz
except ImportError as e:
    print(type(e).__name__, e.name)
# 11 __slots__ and weakref
import weakref
class S:
    __slots__ = ('a', '__weakref__')
s = S(); r = weakref.ref(s); del s; print(r())
# 12 yield in try/finally in generator closed by gc
# 13 integer formatting methods
print((255).to_bytes(2, 'big'), int.from_bytes(b'\x00\xff', 'big'), (10).bit_length(), (-1).__abs__())
# 14 global statement after use in same scope -> SyntaxError at compile (compile in exec)
try:
    exec("def f():\n    x = 1\n    global x\n")
except SyntaxError as e:
    print('SyntaxError:', e.msg)
# 15 del in loop else
for i in range(2):
    pass
else:
    del i
print('i' in dir())
# 16 tuple unpack in for with star
for a, *b in [(1, 2, 3), (4,)]:
    print(a, b)
# 17 lambda recursion through globals name rebinding
fact = lambda n: 1 if n < 2 else n * fact(n - 1)
print(fact(20))
# 18 __eq__ returning NotImplemented both sides → identity
class N:
    def __eq__(self, o): return NotImplemented
n = N(); print(n == n, n == N(), n != n)
# 19 sorting stability with key raising
try:
    sorted([3, 'a', 1])
except TypeError as e:
    print(e)
# 20 exceptions in __hash__ during set build
class BadHash:
    def __hash__(self): raise RuntimeError('hash!')
try:
    {BadHash()}
except RuntimeError as e:
    print(e)

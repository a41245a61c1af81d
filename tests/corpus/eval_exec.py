# Covers: eval/exec without explicit namespaces at module level (they use the module's
# globals) and inside functions (they see a snapshot of locals; exec cannot rebind
# fast locals), eval with closures, exec defining functions/classes, compile() modes,
# eval/exec with explicit dicts, errors raised inside eval'd code.
x = 10
print(eval("x * 2"))
exec("y = x + 1")
print(y)
exec("def made_by_exec(n):\n    return n * x\n")
print(made_by_exec(3))
exec("class ByExec:\n    val = x\n")
print(ByExec.val, ByExec.__module__)


def inside(a):
    b = a * 2
    print(eval("a + b"), eval("x"))
    exec("b = 999")
    print("b after exec:", b)
    exec("c = a + 1")
    print("c via locals():", locals().get("c"))
    exec("global z\nz = 'global from exec'")
    try:
        eval("[a * i for i in range(3)]")  # the comprehension cannot see eval's locals
    except NameError as e:
        print("NameError:", e)
    return eval("[i * 2 for i in range(a)]")


print(inside(4), z)


def closure_eval():
    captured = "cap"

    def inner():
        return eval("captured")  # not referenced in inner: not a free variable

    def inner2():
        captured
        return eval("captured")
    try:
        r1 = inner()
    except NameError as e:
        r1 = f"NameError: {e}"
    return r1, inner2()


print(closure_eval())
ns = {}
exec("p = 5\nq = p * 2", ns)
print(sorted(k for k in ns if k != "__builtins__"), ns["q"])
print(eval("p + q", ns), eval("p + w", ns, {"w": 100}), eval("abs(-3)", {}))
loc = {}
exec("r = 1", {}, loc)
print(loc)
code = compile("sum(range(n))", "<calc>", "eval")
print(eval(code, {"n": 10}), eval(compile("1\n", "<s>", "single")))
exec(compile("for i in range(2):\n    print('compiled loop', i)", "<loop>", "exec"))
for src in ["1 / 0", "undefined_thing", "(", "int('x')"]:
    try:
        eval(src)
    except Exception as e:
        print(type(e).__name__, e)
try:
    exec("def broken(:\n    pass")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno, e.offset, e.filename)
print(eval("__name__"), eval("__name__", {"__name__": "custom"}))
exec("import math as _m\nsqrt2 = _m.sqrt(2)")
print(round(sqrt2, 6), "_m" in globals())


class K:
    value = 5
    doubled = eval("value * 2")
    exec("tripled = value * 3")


print(K.doubled, K.tripled)
print(eval("lambda v: v + x")(1), eval("(lambda: x)")())

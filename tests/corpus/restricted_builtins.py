# Covers (fidelity): a frame's builtins come from its globals' __builtins__ — exec/eval with
# a custom or empty builtins dict (LOAD_GLOBAL/LOAD_NAME fall back to it, NameError when
# absent), functions defined under exec keep their own builtins, and replacing a builtin
# in the builtins module is seen by later lookups.
import builtins

custom = {"print": print, "len": lambda s: f"fake len of {s!r}", "range": range}
exec("print(len('abc'))", {"__builtins__": custom})
exec("def f():\n    return len('xy')\n", ns := {"__builtins__": custom})
print(ns["f"](), len("xy"))
for src in ["abs(-1)", "print('no print')"]:
    try:
        exec(src, {"__builtins__": {}})
    except NameError as e:
        print("NameError:", e)
g = {"__builtins__": {"min": max}}
print(eval("min(3, 9)", g), eval("__builtins__['min'](1, 2)", g))
exec("result = [i for i in range(3)]", r := {"__builtins__": custom})
print(r["result"])
original_abs = builtins.abs
builtins.abs = lambda v: "patched abs"


def uses_abs():
    return abs(-5)


print(uses_abs())
builtins.abs = original_abs
print(uses_abs())
exec("x = 1", fresh := {})
print(type(fresh["__builtins__"]).__name__, sorted(k for k in fresh if k != "__builtins__"))

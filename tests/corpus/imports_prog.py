# Covers: IMPORT_NAME/IMPORT_FROM/IMPORT_STAR: import, import-as, dotted import,
# `from m import *` with and without __all__, import inside functions (local binding),
# repeated import (module cache), importlib, ImportError/ModuleNotFoundError messages.
import corpuslib
import corpuslib.sideeffect
import corpuslib.sideeffect as se2
import math as m, json
from collections import OrderedDict as OD, deque
from corpuslib.shapes import *
from corpuslib.noall import *
import importlib
import sys

print(corpuslib.LOADED, corpuslib.sideeffect.VALUE, se2 is corpuslib.sideeffect)
print(m.sqrt(16), json.dumps({"a": [1, 2]}), OD(b=1), deque([1, 2], maxlen=1))
print(PUBLIC_CONST, Circle(1), Square(2), round(area_sum([Circle(1), Square(2)]), 4))
print("HIDDEN_CONST" in globals(), "Shape" in globals(), "math" in globals(), "_private" in globals())
print(alpha, beta, helper(3), "_gamma" in globals(), bump(), bump())
import corpuslib.noall as noall_mod
print(noall_mod.counter, counter)  # star-import copied the binding at import time


def local_import():
    import string
    from os import path as p
    from itertools import islice, count
    return string.digits, p.basename("/a/b.txt"), list(islice(count(5), 3))


print(local_import(), "string" in globals())
mod = importlib.import_module("corpuslib.shapes")
print(mod.Circle is Circle, mod.__name__, sys.modules["corpuslib.shapes"] is mod)
import corpuslib.sideeffect  # not re-executed
for bad in ["import no_such_module_xyz", "from corpuslib import nothing_here",
            "from corpuslib.shapes import nope", "import corpuslib.nope"]:
    try:
        exec(bad)
    except ImportError as e:
        print(type(e).__name__, e, getattr(e, "name", None))
try:
    __import__("math").nope
except AttributeError as e:
    print("AttributeError:", e)
from math import (
    floor,
    ceil,
)
print(floor(2.5), ceil(2.5), __import__("os.path").sep)

# Covers: an uncaught exception raised inside exec'd code (frames named <string> without
# source lines), through a class body frame and a decorator, after a caught one from
# eval: the whole traceback on stderr must match.
# expect-exit: 1
try:
    eval("1 +\n 2 + undefined_eval_name")
except NameError as e:
    print("caught:", e)


def register(fn):
    return fn()


SOURCE = """
def helper(v):
    return v.upper()

class Config:
    @register
    def computed():
        return helper(42)
"""
print("executing")
exec(SOURCE)

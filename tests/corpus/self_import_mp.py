# Covers: a script importing itself (module executed twice: as __main__ and by name),
# __main__ identity, and multiprocessing (fork) Pool/Process running functions defined
# in the script; output buffering across fork must behave as in CPython.
import sys
print("running as", __name__)
if __name__ == "__main__":
    import self_import_mp
    print(self_import_mp.__name__, self_import_mp is sys.modules["__main__"], sys.modules["__main__"].__name__)
    import __main__
    print(__main__.__file__.endswith("self_import_mp.py"), __main__ is sys.modules["__main__"])
    import multiprocessing as mp
    def square(x):
        return x * x
    ctx = mp.get_context("fork")
    with ctx.Pool(2) as pool:
        print(pool.map(self_import_mp.cube, range(6)))
    p = ctx.Process(target=print, args=("child process says hi",))
    p.start(); p.join(); print("child exit", p.exitcode)

def cube(x):
    return x ** 3

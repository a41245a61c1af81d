# `python -m corpuspkg.tool x y`: a submodule run as __main__, importing its package.
import sys


def summarize(values):
    values = sorted(values)
    n = len(values)
    mid = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
    return {"n": n, "min": values[0], "max": values[-1], "median": mid}


if __name__ == "__main__":
    import corpuspkg
    print("tool main:", __name__, __package__, sys.argv[1:])
    print(corpuspkg.greet("tool"))
    print(summarize([len(a) for a in sys.argv[1:]] + [10, 20]))

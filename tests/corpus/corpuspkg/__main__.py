# `python -m corpuspkg [args]`: __name__, __package__, sys.argv, package imports.
import sys

from corpuspkg import VERSION, greet
from corpuspkg.tool import summarize


def main(argv):
    print(greet("module"), VERSION)
    print("name:", __name__, "package:", __package__)
    print("argv[1:]:", argv[1:])
    print("argv0 endswith:", argv[0].endswith("__main__.py"))
    print(summarize([3, 1, 4, 1, 5, 9, 2, 6]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

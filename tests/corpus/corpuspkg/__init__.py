# corpuspkg: a small package run with `-m corpuspkg` (and submodules) by the harness.
VERSION = (1, 2, 3)


def greet(name):
    return f"hello, {name}"

"""How inlined calls bind their callees' parameters at record time
(jit/trace/inline.py `bind`, `bound_arguments`), against CPython's own
binding: the same values in every parameter, or no binding where CPython
raises TypeError."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interpreter.decode import decode
from jit.trace.inline import (DEFAULT, EXTRA, NAMED, Binding, _binding_uops, _collapse, bind,
                              bound_arguments)


def _bound(a, b, /, c, d=4, *, e, f=6):
    pass


def _starred(a, b=2, *rest, c, **named):
    pass


# (only the VM's functions are inlined, and so bound: these are made its)
decode(_bound.__code__), decode(_starred.__code__)


@pytest.mark.parametrize(("function", "count", "kwnames", "binding"), [
    (_bound, 4, ("e",), ((0, 1, 2, -1, 3, -1),)),          # positional, a keyword-only, defaults
    (_bound, 6, ("f", "e", "d"), ((0, 1, 2, 5, 4, 3),)),   # every keyword, out of order
    (_bound, 4, ("e", "c"), ((0, 1, 3, -1, 2, -1),)),      # a positional parameter by name
    (_bound, 3, ("e",), None),                             # c missing, without a default
    (_bound, 4, ("b", "e"), None),                         # a positional-only parameter by name
    (_bound, 5, ("c", "e"), None),                         # c given twice
    (_bound, 5, ("g", "e"), None),                         # a keyword no parameter takes
    (_bound, 5, (), None),                                 # too many positional arguments
    (_bound, 3, (), None),                                 # e (keyword-only) missing
    # *args (-2) collects the extra positional arguments, **kwargs (-3) the
    # keywords no parameter takes, each in the order given
    (_starred, 5, ("x", "c"), ((0, 1, 4, -2, -3), (2,), ("x",), (3,))),
    (_starred, 4, ("c", "y", "x"), ((0, -1, 1, -2, -3), (), ("y", "x"), (2, 3))),
    (_starred, 2, ("a", "c"), ((0, -1, 1, -2, -3),)),
    (_starred, 3, ("a", "c"), None),                       # a given twice
    (_starred, 3, (), None),                               # c missing
])
def test_inlined_calls_bind_as_cpython_does_or_not_at_all(function, count, kwnames,
                                                          binding) -> None:
    # (count: the arguments, the keywords' last)
    assert (DEFAULT, EXTRA, NAMED) == (-1, -2, -3)
    assert bind(function, count, kwnames) == (binding and Binding(*binding))
    if binding is None:  # (CPython refuses the call too)
        positional = [0] * (count - len(kwnames))
        with pytest.raises(TypeError):
            function(*positional, **dict.fromkeys(kwnames, 0))


def test_only_the_vms_functions_are_bound_for_inlining() -> None:
    assert bind(print, 1, ()) is None
    assert bind(len, 1, ()) is None
    assert bind(lambda a: a, 1, ()) is None  # (not the VM's)


@st.composite
def signatures_and_calls(draw):
    """A function of a random signature (positional-only, positional and
    keyword-only parameters, some with defaults, maybe *rest and **named)
    returning its parameters' values, and a call of it: positional
    arguments and keywords naming its parameters or not, maybe twice."""
    posonly, regular, kwonly = (draw(st.integers(0, 3)) for _ in range(3))
    positional_defaults = draw(st.integers(0, posonly + regular))
    star, star_star = draw(st.booleans()), draw(st.booleans())
    names = ([f"p{i}" for i in range(posonly)], [f"r{i}" for i in range(regular)],
             [f"k{i}" for i in range(kwonly)])
    defaulted = set((names[0] + names[1])[posonly + regular - positional_defaults:])
    defaulted |= {name for name in names[2] if draw(st.booleans())}

    def parameter(name: str) -> str:
        return f"{name}=-{len(name) + int(name[1:]) * 7}" if name in defaulted else name

    parts = [*map(parameter, names[0]), *(["/"] if posonly else []), *map(parameter, names[1]),
             *(["*rest"] if star else ["*"] if kwonly else []), *map(parameter, names[2]),
             *(["**named"] if star_star else [])]
    returned = [*names[0], *names[1], *names[2], *(["rest"] if star else []),
                *(["named"] if star_star else [])]
    namespace: dict = {}
    exec(f"def f({', '.join(parts)}):\n    return ({''.join(name + ', ' for name in returned)})",
         namespace)
    positional = draw(st.integers(0, posonly + regular + 2))
    kwnames = tuple(draw(st.lists(st.sampled_from([*sum(names, []), "x", "y"]),
                                  max_size=4, unique=True)))
    decode(namespace["f"].__code__)  # (a VM function, as any inlined one)
    return namespace["f"], positional, kwnames


@settings(max_examples=400, deadline=None)
@given(signatures_and_calls())
def test_bindings_are_cpythons(case) -> None:
    function, positional, kwnames = case
    arguments = [1000 + index for index in range(positional + len(kwnames))]
    binding = bind(function, len(arguments), kwnames)
    try:
        expected = function(*arguments[:positional], **dict(zip(kwnames, arguments[positional:])))
    except TypeError:
        assert binding is None
        return
    assert binding is not None
    assert tuple(bound_arguments(function, binding, arguments)) == expected


def _run_binding_uops(function, binding: Binding, arguments: list, stacked: int) -> tuple:
    """The callee's parameters as the uops of an inlined call bind them:
    the caller's collapsing uops on the stack's last `stacked` arguments
    (the others: a self, which INLINE_CALL takes from elsewhere), INLINE_CALL
    moving a self and the stack's items into the first locals, then the
    callee's binding uops -- each uop run here as stencils/uops.c runs it."""
    uops, places = _collapse(0, stacked, binding, len(arguments))
    stack = list(arguments[len(arguments) - stacked:])
    for uop in uops:
        if uop.name == "SWAP":
            stack[-1], stack[-uop.oparg] = stack[-uop.oparg], stack[-1]
        elif uop.name in ("BUILD_KWARGS", "BUILD_TUPLE"):
            items = stack[len(stack) - uop.oparg:]
            del stack[len(stack) - uop.oparg:]
            stack.append(dict(zip(uop.keep, items)) if uop.name == "BUILD_KWARGS"
                         else tuple(items))
        else:
            raise AssertionError(f"{uop.name} in a caller's collapse")
    locals_ = [*arguments[:len(arguments) - stacked], *stack]
    assert len(locals_) == len(places) <= len(binding.parameters)  # (INLINE_CALL's room)
    locals_ += [None] * (len(binding.parameters) - len(locals_))
    moved: list = []
    for uop in _binding_uops(function, binding, places):
        if uop.name == "LOAD_FAST":
            moved.append(locals_[uop.oparg])
        elif uop.name == "STORE_FAST":
            locals_[uop.oparg] = moved.pop()
        elif uop.name == "LOAD_CONST":
            moved.append(uop.keep)
        elif uop.name == "BUILD_MAP" and uop.oparg == 0:
            moved.append({})
        else:
            raise AssertionError(f"{uop.name} in a callee's binding")
    assert not moved
    return tuple(locals_)


@settings(max_examples=400, deadline=None)
@given(signatures_and_calls(), st.booleans())
def test_inlined_calls_bind_in_their_uops_as_cpython_does(case, with_self: bool) -> None:
    function, positional, kwnames = case
    arguments = [1000 + index for index in range(positional + len(kwnames))]
    binding = bind(function, len(arguments), kwnames)
    if binding is None:
        return  # (test_bindings_are_cpythons: CPython raises)
    # A self (a bound method's, CPython's unbound form's) is the first
    # positional argument, not on the stack with the others.
    self_given = with_self and positional > 0 and 0 not in binding.extra
    stacked = len(arguments) - self_given
    expected = function(*arguments[:positional], **dict(zip(kwnames, arguments[positional:])))
    assert _run_binding_uops(function, binding, arguments, stacked) == expected

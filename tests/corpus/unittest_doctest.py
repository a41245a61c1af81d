# Covers (realistic): unittest (TextTestRunner with failures, errors, assertRaises; its
# tracebacks hide unittest frames by inspecting tb_frame.f_globals) and doctest.testmod on
# the script itself (module and function docstrings, one failing example), abc abstract
# classes, re.sub with a VM callback.
"""Module doc (doctest examples).

>>> add(2, 3)
5
>>> add('a', 1)
Traceback (most recent call last):
    ...
TypeError: can only concatenate str (not "int") to str
"""
import abc
import doctest
import io
import re
import sys
import unittest


def add(a, b):
    """
    >>> add(1, 1)
    2
    >>> add(1, 2)  # deliberately wrong
    4
    """
    return a + b


class TestAdd(unittest.TestCase):
    def test_ok(self):
        self.assertEqual(add(1, 2), 3)

    def test_fail(self):
        self.assertEqual(add(1, 2), 4, "wrong sum")

    def test_error(self):
        add(None, 1)

    def test_raises(self):
        with self.assertRaises(TypeError):
            add("a", 1)


stream = io.StringIO()
runner = unittest.TextTestRunner(stream=stream, verbosity=2)
result = runner.run(unittest.defaultTestLoader.loadTestsFromTestCase(TestAdd))
print("\n".join(l for l in stream.getvalue().splitlines() if not l.startswith("Ran ")))
print(result.testsRun, len(result.failures), len(result.errors))
print(doctest.testmod(verbose=False))


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...

    @abc.abstractmethod
    def name(self): ...


try:
    Shape()
except TypeError as e:
    print("TypeError:", e)
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1 b22 c333"))
print(re.findall(r"(\w)(\d)", "a1b2"), re.compile(r"x+").pattern)

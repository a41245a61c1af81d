"""`python -m jit --no-jit` behaves like `python`: stdout, stderr (tracebacks
byte for byte), exit status, sys.argv, -m and -c."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _both(tmp_path: Path, args: list[str]):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cpy = subprocess.run([sys.executable, *args], cwd=tmp_path, capture_output=True,
                         text=True, env=env, timeout=60)
    vm = subprocess.run([sys.executable, "-m", "jit", "--no-jit", *args], cwd=tmp_path,
                        capture_output=True, text=True, env=env, timeout=60)
    return (cpy.returncode, cpy.stdout, cpy.stderr), (vm.returncode, vm.stdout, vm.stderr)


PROGRAMS = {
    "uncaught_with_carets": """
        def inner(d):
            return d["key"] + 1
        def outer():
            return inner({"a": 1})
        print("before")
        outer()
    """,
    "chained_from": """
        class Bad:
            def method(self):
                try:
                    1 / 0
                except ZeroDivisionError as e:
                    raise ValueError("wrapped") from e
        def go(n):
            if n == 0:
                Bad().method()
            go(n - 1)
        go(3)
    """,
    "during_handling_name_error_suggestion": """
        values = [1]
        try:
            values[10]
        except IndexError:
            print(valuse)
    """,
    "syntax_error": "def f(:\n    pass\n",
    "recursion_traceback": """
        def r(n):
            return r(n + 1)
        r(0)
    """,
    "sys_exit_string": "import sys\nprint('x')\nsys.exit('bye')\n",
    "sys_exit_code": "raise SystemExit(3)\n",
    "argv_and_main": "import sys\nprint(sys.argv[1:], __name__, __file__.endswith('prog.py'))\n",
    "warnings_and_namedtuple": """
        import warnings, collections
        print(collections.namedtuple('T', 'a').__module__)
        def f():
            warnings.warn('careful')
        f()
    """,
    "class_body_error": """
        class C:
            x = 1
            y = x + undefined
    """,
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_script_matches_python(tmp_path, name):
    (tmp_path / "prog.py").write_text(textwrap.dedent(PROGRAMS[name]))
    cpy, vm = _both(tmp_path, ["prog.py", "a1", "a2"])
    assert vm == cpy


def test_dash_c_and_dash_m(tmp_path):
    (tmp_path / "mod.py").write_text("import sys\nprint(sys.argv, __name__)\ndef f():\n    1/0\nf()\n")
    cpy, vm = _both(tmp_path, ["-m", "mod", "x"])
    assert vm == cpy
    cpy, vm = _both(tmp_path, ["-c", "import sys; print(sys.argv, repr(sys.path[0])); 1/0", "y"])
    assert vm == cpy


def test_dash_m_argv_while_the_package_imports(tmp_path):
    # sys.argv[0] is '-m' until runpy has found the module
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("import sys\nprint('init', sys.argv)\n")
    (tmp_path / "pkg" / "mod.py").write_text("import sys\nprint('mod', sys.argv)\n")
    cpy, vm = _both(tmp_path, ["-m", "pkg.mod", "x"])
    assert vm == cpy


def test_zip_and_directory_as_script(tmp_path):
    import zipfile
    with zipfile.ZipFile(tmp_path / "app.zip", "w") as z:
        z.writestr("__main__.py", "import sys\nprint(sys.argv, sys.path[0], __file__)\n"
                                  "def f():\n    1/0\nf()\n")
    cpy, vm = _both(tmp_path, ["app.zip", "x"])
    assert vm == cpy and vm[0] == 1
    (tmp_path / "nomain").mkdir()
    cpy, vm = _both(tmp_path, ["./nomain"])
    assert vm == cpy and "can't find '__main__' module" in vm[2]


def test_missing_script_and_module(tmp_path):
    for path in ("does_not_exist.py", "./does_not_exist.py"):
        cpy, vm = _both(tmp_path, [path])
        assert vm == cpy and vm[0] == 2
    cpy, vm = _both(tmp_path, ["-m", "no_such_module_xyz"])
    assert vm == cpy


def test_missing_script_with_statistics_options(tmp_path):
    # (the --stats handlers once ran at exit and failed with a NameError)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cpy = subprocess.run([sys.executable, "does_not_exist.py"], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=60)
    for options in (["--stats"], ["--stats-json", "stats.json"]):
        vm = subprocess.run([sys.executable, "-m", "jit", *options, "does_not_exist.py"],
                            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
        assert (vm.returncode, vm.stdout, vm.stderr) == (2, "", cpy.stderr)


def test_help_lists_options():
    out = subprocess.run([sys.executable, "-m", "jit", "--help"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for option in ("--no-jit", "--stats", "-m", "-c", "--help"):
        assert option in out.stdout

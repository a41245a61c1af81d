"""Differential corpus: every program in tests/corpus/ runs as a whole process
under CPython (`python prog.py`) and under cpjit (`python -m jit <mode>
prog.py`) with the same cwd, the same script path string and the same
environment; stdout, stderr and exit code must be identical.

Program directives (comment lines anywhere in the first 15 lines):
    # argv: a b c        extra command-line arguments passed to the program
    # stdin: text        bytes fed to the program's stdin (\\n escapes allowed)

Besides the corpus files there are harness cases for `-m module`, `-c code`,
a missing script path and scripts that do not compile.

The cpjit modes are parametrized from `differential.CPJIT_MODES` (one line).
"""
from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from differential import (CORPUS_DIR, assert_same, cpjit_modes, known_gap, mode_id,
                          run_cpython, run_pair)

MODES = cpjit_modes()
MODE_IDS = [mode_id(m) for m in MODES]

PROGRAMS = sorted(p.name for p in CORPUS_DIR.glob("*.py") if not p.name.startswith("_"))
PROGRAM_PARAMS = [pytest.param(name, marks=known_gap(name), id=name) for name in PROGRAMS]


def directives(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(CORPUS_DIR / name, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(15), f):
            for key in ("argv", "stdin"):
                prefix = f"# {key}:"
                if line.startswith(prefix):
                    out[key] = line[len(prefix):].strip()
    return out


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("program", PROGRAM_PARAMS)
def test_program(program: str, mode: list[str]) -> None:
    d = directives(program)
    args = [program, *shlex.split(d.get("argv", ""))]
    stdin = d.get("stdin", "").encode().decode("unicode_escape").encode()
    expected, actual = run_pair(mode, args, CORPUS_DIR, stdin)
    assert_same(expected, actual, f"{program} [{mode_id(mode)}]")


# --- the corpus itself ------------------------------------------------------

def test_corpus_size_and_headers() -> None:
    assert len(PROGRAMS) >= 60, f"only {len(PROGRAMS)} corpus programs"
    for name in PROGRAMS:
        head = (CORPUS_DIR / name).read_text(encoding="utf-8", errors="replace").splitlines()[:5]
        assert head and head[0].startswith("#"), f"{name}: missing header comment"
        assert any(line.startswith("# Covers") for line in head), \
            f"{name}: the header must say what the program covers ('# Covers: ...')"


@pytest.mark.parametrize("program", PROGRAMS)
def test_cpython_oracle_is_sane(program: str) -> None:
    """A corpus program must run under CPython (the oracle) and produce output;
    programs that deliberately fail say so with an `# expect-exit:` line."""
    d = directives(program)
    text = (CORPUS_DIR / program).read_text(encoding="utf-8", errors="replace")
    expect_exit = 0
    for line in text.splitlines()[:15]:
        if line.startswith("# expect-exit:"):
            expect_exit = int(line.split(":", 1)[1])
    out = run_cpython([program, *shlex.split(d.get("argv", ""))], CORPUS_DIR,
                      d.get("stdin", "").encode().decode("unicode_escape").encode())
    assert out.returncode == expect_exit, out.describe()
    assert out.stdout or out.stderr, "program produced no output: the comparison would be vacuous"


# --- harness cases: -m, -c, missing script, syntax errors -------------------

M_CASES = {
    "pkg-main": ["-m", "corpuspkg"],
    "pkg-main-args": ["-m", "corpuspkg", "one", "--two", "3"],
    "submodule": ["-m", "corpuspkg.tool", "x", "y"],
    "submodule-uncaught": ["-m", "corpuspkg.failing"],
    "module-exit-code": ["-m", "corpuspkg.exiting"],
    "stdlib-this": ["-m", "this"],
    "stdlib-json-tool": ["-m", "json.tool", "--sort-keys"],
    "missing-module": ["-m", "no_such_module_here"],
    "missing-submodule": ["-m", "corpuspkg.nope"],
    "package-without-main": ["-m", "corpuslib"],
}
M_STDIN = {"stdlib-json-tool": b'{"b": [1, 2, {"c": null}], "a": "\\u00e9"}'}


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("case", list(M_CASES))
def test_dash_m(case: str, mode: list[str]) -> None:
    expected, actual = run_pair(mode, M_CASES[case], CORPUS_DIR, M_STDIN.get(case, b""))
    assert_same(expected, actual, f"-m {case} [{mode_id(mode)}]")


C_CASES = {
    "print": ["-c", "import sys\nprint('hello from -c', sys.argv, __name__)\n"
                    "print(sum(i * i for i in range(100)))"],
    "args": ["-c", "import sys; print(sys.argv[1:]); print(len(sys.argv))", "a", "-b", "--c=d"],
    "functions": ["-c", "def f(n):\n    return 1 if n < 2 else n * f(n - 1)\n"
                        "print([f(i) for i in range(12)])\nprint(f(30))"],
    "uncaught": ["-c", "def g(d):\n    return d['missing']\ndef f():\n    return g({})\nf()"],
    "exit": ["-c", "import sys\nprint('bye')\nsys.exit(7)"],
    "exit-str": ["-c", "raise SystemExit('stopped by -c')"],
    "syntax-error": ["-c", "x = (1,\nprint(x)"],
    "locals-globals": ["-c", "a = 1\nprint(sorted(k for k in globals() if not k.startswith('__')))\n"
                             "print(locals() is globals())"],
}


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("case", list(C_CASES))
def test_dash_c(case: str, mode: list[str]) -> None:
    expected, actual = run_pair(mode, C_CASES[case], CORPUS_DIR)
    assert_same(expected, actual, f"-c {case} [{mode_id(mode)}]")


PATH_FORMS = {
    "dot-slash": (CORPUS_DIR, "./{name}"),
    "relative-subdir": (CORPUS_DIR.parent.parent, "tests/corpus/{name}"),
    "dot-dot": (CORPUS_DIR / "corpuslib", "../{name}"),
    "absolute": (CORPUS_DIR.parent, str(CORPUS_DIR) + "/{name}"),
}


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("name", ["main_name.py", "uncaught_deep.py", "imports_prog.py"])
@pytest.mark.parametrize("form", list(PATH_FORMS))
def test_script_path_forms(form: str, name: str, mode: list[str]) -> None:
    """sys.argv[0], __file__, sys.path[0] and traceback file names for the
    different ways of spelling the script path (and a different cwd)."""
    cwd, pattern = PATH_FORMS[form]
    expected, actual = run_pair(mode, [pattern.format(name=name)], cwd)
    assert_same(expected, actual, f"{form} {name} [{mode_id(mode)}]")


STDIN_PROGRAM = (b"import sys\nprint('from stdin', sys.argv, __name__, __file__ if '__file__' in dir() else None)\n"
                 b"def f(x):\n    return x['k']\nprint(sum(range(10)))\nf({})\n")


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("args", [["-"], ["-", "arg1", "arg2"]], ids=["plain", "with-args"])
def test_program_from_stdin(args: list[str], mode: list[str]) -> None:
    """`python -` reads the program from stdin (filename <stdin>)."""
    expected, actual = run_pair(mode, args, CORPUS_DIR, STDIN_PROGRAM)
    assert expected.returncode == 1 and "<stdin>" in expected.stderr
    assert_same(expected, actual, f"stdin program {args} [{mode_id(mode)}]")


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("args", [["dirapp"], ["dirapp", "x", "--y"]], ids=["plain", "with-args"])
def test_directory_with_main(args: list[str], mode: list[str]) -> None:
    """`python dirapp` runs dirapp/__main__.py with the directory as sys.path[0]."""
    expected, actual = run_pair(mode, args, CORPUS_DIR)
    assert expected.returncode == 0
    assert_same(expected, actual, f"directory {args} [{mode_id(mode)}]")


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("path", ["no_such_program.py", "no_such_dir/prog.py"])
def test_missing_script(path: str, mode: list[str]) -> None:
    expected, actual = run_pair(mode, [path], CORPUS_DIR)
    assert expected.returncode == 2
    assert_same(expected, actual, f"missing script {path} [{mode_id(mode)}]")


BAD_SOURCES = {
    "unclosed-paren": "print('start')\nx = (1,\n     2\ny = 3\n",
    "invalid-syntax": "def f():\n    return 1 +* 2\nprint(f())\n",
    "indentation": "if True:\nprint('x')\n",
    "unterminated-string": "s = 'abc\nprint(s)\n",
    "return-outside": "print(1)\nreturn 5\n",
    "nonlocal-at-module": "nonlocal x\n",
    "bad-assign-target": "f() = 3\n",
    "tab-error": "if True:\n        x = 1\n\ty = 2\n",
}


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("case", list(BAD_SOURCES))
def test_syntax_error_script(case: str, mode: list[str], tmp_path: Path) -> None:
    (tmp_path / "bad_prog.py").write_text(BAD_SOURCES[case], encoding="utf-8")
    expected, actual = run_pair(mode, ["bad_prog.py"], tmp_path)
    assert expected.returncode == 1 and "Error" in expected.stderr
    assert_same(expected, actual, f"syntax error {case} [{mode_id(mode)}]")

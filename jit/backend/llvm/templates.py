"""Each stencil's LLVM IR, ready to be instantiated once per planned instance.

A template is the stencil's module as LLVM text (read from the bitcode the
stencil build wrote, so written in the dialect of llvmlite's own LLVM), cut at
every reference to a hole or to `_JIT_ENTRY`.  Instantiating it fills the cuts:
value holes become integer constants, code holes the names of other
instances' functions (or a constant address outside the module), and
`_JIT_ENTRY` the instance's own function name.  External data (C-API
objects like `PyLong_Type`, runtime symbols like `cpjit_NULL`) become their
addresses too: those are the same in every trace, and the object is left with
few relocations to resolve.  C-API functions stay symbols, called directly
(rel32, through a trampoline if far) as stencils call them.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import re
import threading
from dataclasses import dataclass
from types import ModuleType

from jit.stencils.bitcode import BitcodeBundle, bitcode_path
from jit.stencils.elf import ENTRY_SYMBOL
from jit.stencils.library import LIBRARY_PATH, build
from jit.stencils.model import HOLE_SYMBOLS, StencilError, StencilLibrary

LLVMLITE_MISSING = ("the llvm backend needs llvmlite, which is not installed: "
                    "pip install 'cpjit[llvm]' (or pip install llvmlite)")
# A global's name in LLVM text (unquoted: C identifiers never need quotes).
_GLOBAL = re.compile(r"@([-a-zA-Z$._][-a-zA-Z$._0-9]*)")
_GLOBAL_DEFINITION = re.compile(r"@([-a-zA-Z$._][-a-zA-Z$._0-9]*) = ")
_DECLARATION = re.compile(r"declare [^@]*@([-a-zA-Z$._][-a-zA-Z$._0-9]*)\(")
_SUBSTITUTED = frozenset({*HOLE_SYMBOLS, ENTRY_SYMBOL})


def binding() -> ModuleType:
    """llvmlite.binding, or a StencilError that says how to install it."""
    try:
        import llvmlite.binding
    except ImportError:
        raise StencilError(LLVMLITE_MISSING) from None
    return llvmlite.binding


def llvm_version() -> str:
    """llvmlite's version and the LLVM it embeds, for messages and reports."""
    import llvmlite
    return (f"llvmlite {llvmlite.__version__} (LLVM "
            f"{'.'.join(map(str, binding().llvm_version_info))})")


@dataclass(frozen=True)
class UopTemplate:
    name: str
    triple: str
    # The module text cut at references: text[0] ref[0] text[1] ... ref[-1] text[-1].
    texts: tuple[str, ...]
    references: tuple[str, ...]  # hole symbols, external data and _JIT_ENTRY, in order
    data: frozenset[str]         # the external data among them
    # Code holes the module declares as functions (`declare ... @_JIT_CONTINUE(...)`):
    # the line, cut at its name, to declare the instance it leads to instead.
    declarations: dict[str, tuple[str, str]]


def _template(name: str, bitcode: bytes, compiler: str) -> UopTemplate:
    llvm = binding()
    try:
        module = llvm.parse_bitcode(bitcode)
    except RuntimeError as error:
        raise StencilError(
            f"stencil {name}: its LLVM bitcode, written by {compiler}, cannot be read by "
            f"{llvm_version()}: {str(error).strip()} (use a clang whose LLVM is not newer "
            "than llvmlite's, or a newer llvmlite)") from None
    data = frozenset(variable.name for variable in module.global_variables
                     if variable.is_declaration and variable.name not in HOLE_SYMBOLS)
    substituted = _SUBSTITUTED | data
    lines, declarations = [], {}
    for line in str(module).splitlines():
        definition = _GLOBAL_DEFINITION.match(line)
        if definition and definition[1] in substituted:
            continue  # a declaration whose uses become constants
        declaration = _DECLARATION.match(line)
        if declaration and declaration[1] in HOLE_SYMBOLS:
            start, end = declaration.span(1)
            declarations[declaration[1]] = (line[:start], line[end:])
            continue
        lines.append(line)
    texts, references = [], []
    text = "\n".join(lines)
    position = 0
    for match in _GLOBAL.finditer(text):
        if match[1] in substituted:
            texts.append(text[position:match.start()])
            references.append(match[1])
            position = match.end()
    texts.append(text[position:])
    return UopTemplate(name, module.triple, tuple(texts), tuple(references), data,
                       declarations)


class Templates:
    """The templates of one stencil library, made from its bitcode on first use."""

    def __init__(self, bundle: BitcodeBundle) -> None:
        self.bundle = bundle
        self.templates: dict[str, UopTemplate] = {}
        self.lock = threading.Lock()

    def __getitem__(self, name: str) -> UopTemplate:
        template = self.templates.get(name)
        if template is None:
            bitcode = self.bundle.modules.get(name)
            if bitcode is None:
                raise StencilError(f"no LLVM bitcode for stencil {name!r}")
            with self.lock:
                template = self.templates[name] = _template(name, bitcode, self.bundle.compiler)
        return template


_templates: dict[str, Templates] = {}  # by library digest
_loading = threading.Lock()


def templates_for(library: StencilLibrary) -> Templates:
    """The IR templates built with `library` (same digest).  A missing or
    mismatched bitcode bundle next to the default library is rebuilt with it;
    the first template is made at once, so a clang newer than llvmlite's LLVM
    is reported here."""
    with _loading:
        templates = _templates.get(library.digest)
        if templates is not None:
            return templates
        binding()
        path = bitcode_path(LIBRARY_PATH)
        bundle = BitcodeBundle.load(path) if path.exists() else None
        if bundle is None or bundle.digest != library.digest:
            if library.digest != build(LIBRARY_PATH).digest:
                raise StencilError(f"{path} does not belong to the stencil library in use")
            bundle = BitcodeBundle.load(path)
        templates = Templates(bundle)
        templates[next(iter(sorted(bundle.modules)))]  # fail now if LLVM cannot read them
        _templates[library.digest] = templates
        return templates

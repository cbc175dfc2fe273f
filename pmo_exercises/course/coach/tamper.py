"""The static layer against tampering: read trainee cells before running them.

:mod:`pmo_exercises.course._guard` catches, at run time, a trainee cell that
replaced a builtin or an analytics function. This module reads the cells with
:mod:`ast` before the notebook runs and refuses what would fool a test without
being a better answer:

- changing anything reached from an imported module: ``pmo.tracking.evm = f``,
  ``grading.key = ...``, ``np.all = ...``, ``sys.modules[...] = ...``,
  ``os.environ[...] = ...``, ``del pd.Series.equals``, ``vars(pmo).update(...)``;
- reaching a private name of the kit (``pmo.course.work._session``), ``getattr``
  on a module with a computed or private name, ``setattr``/``delattr`` on a module,
  ``builtins`` and ``__builtins__``,
  ``importlib.reload``, ``__import__``, ``exec``/``eval``/``compile``,
  ``globals()``, ``sys.settrace``, ``os.chdir``, ``os.putenv``, ``ctypes``, and
  IPython hooks (``get_ipython()`` beyond a few harmless magics);
- rebinding a name the test cells rely on: the setup cell's modules (``pmo``,
  ``pd``) or a builtin the tests call (``isinstance``, ``len``...).

Honest code passes: ``df.loc[...] = ...``, ``df["x"] = ...``,
``fig.layout.title = ...``, ``pd.options.display.max_rows = 50``, shadowing a
builtin the tests do not use (``sum = ...``).
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Mapping

__all__ = ["protected_names", "scan", "scan_notebook"]

# Paths under a module that honest code sets: display options.
_ALLOWED = (
    "pandas.options",
    "plotly.io.renderers.default",
    "plotly.io.templates.default",
    "matplotlib.rcParams",
    "matplotlib.pyplot.rcParams",
)
_FORBIDDEN_IMPORTS = {"builtins", "ctypes", "gc"}
_FORBIDDEN_CALLS = {
    "__import__": "imports with __import__",
    "exec": "runs code from text (exec)",
    "eval": "runs code from text (eval)",
    "compile": "compiles code from text",
    "globals": "reaches the notebook's globals()",
    "reload": "reloads a module",
}
_FORBIDDEN_DOTTED = {
    "importlib.reload": "reloads a module",
    "importlib.import_module": "imports a module by name",
    "sys.settrace": "installs a trace hook",
    "sys.setprofile": "installs a profile hook",
    "os.chdir": "changes the working directory",
    "os.putenv": "changes the environment",
    "os.unsetenv": "changes the environment",
}
_MUTATORS = {
    "update",
    "pop",
    "popitem",
    "setdefault",
    "clear",
    "__setitem__",
    "__delitem__",
    "__setattr__",
    "__delattr__",
}
_MAGICS = {"time", "timeit", "matplotlib", "who", "whos", "pinfo", "pinfo2", "precision"}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _python(source: str) -> ast.Module | None:
    """The cell as Python (IPython magics turned into calls), or None if it does not parse."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
    except Exception:  # IPython missing or a cell it cannot transform: read it as is
        pass
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _chain(node: ast.AST) -> tuple[ast.AST, list[str]]:
    """The root of ``a.b[c].d`` and its attribute names (``[b, d]``)."""
    names: list[str] = []
    while isinstance(node, ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
        node = node.value
    return node, names[::-1]


def _dotted(node: ast.AST) -> str | None:
    root, names = _chain(node)
    if isinstance(root, ast.Name):
        return ".".join([root.id, *names])
    return None


def _imports(trees: Iterable[ast.Module]) -> dict[str, str]:
    """Names bound by imports anywhere in the cells -> the module path they stand for."""
    bound: dict[str, str] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".")[0]
                        bound[head] = head
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _aliases(trees: list[ast.Module], bound: dict[str, str]) -> dict[str, str]:
    """Add plain aliases of imported things (``t = pmo.tracking``), to a fixed point."""
    changed = True
    while changed:
        changed = False
        for tree in trees:
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                    continue
                target, value = node.targets[0], node.value
                if not isinstance(target, ast.Name) or target.id in bound:
                    continue
                if isinstance(value, ast.Name | ast.Attribute):
                    root, names = _chain(value)
                    if (
                        isinstance(root, ast.Name)
                        and root.id in bound
                        and not any(isinstance(n, ast.Subscript) for n in ast.walk(value))
                    ):
                        bound[target.id] = ".".join([bound[root.id], *names])
                        changed = True
    return bound


def protected_names(test_sources: Iterable[str], setup_sources: Iterable[str]) -> dict[str, str]:
    """The names trainee cells must not rebind, with what they stand for.

    Parameters
    ----------
    test_sources : iterable of str
        The test cells' code (as in the source notebook).
    setup_sources : iterable of str
        The code of the cells that set the notebook up (its imports).

    Returns
    -------
    dict
        Name -> the module it imports (``{"pd": "pandas"}``), or ``"builtins.len"``
        for a builtin that a test cell calls.
    """
    protected: dict[str, str] = {}
    for source in setup_sources:
        tree = _python(source)
        if tree is not None:
            protected.update(_imports([tree]))
    for source in test_sources:
        tree = _python(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Name)
                and isinstance(node.ctx, ast.Load)
                and hasattr(builtins, node.id)
            ):
                protected[node.id] = f"builtins.{node.id}"
    return protected


class _Scanner(ast.NodeVisitor):
    def __init__(self, bound: Mapping[str, str], protected: Mapping[str, str], where: str):
        self.bound = bound
        self.protected = protected
        self.where = where
        self.depth = 0
        self.found: list[str] = []

    def flag(self, node: ast.AST, what: str) -> None:
        self.found.append(f"{self.where}, line {getattr(node, 'lineno', '?')}: {what}")

    def full(self, node: ast.AST) -> str | None:
        """``pd.options.x`` -> ``pandas.options.x`` when rooted at an import."""
        root, names = _chain(node)
        if isinstance(root, ast.Name) and root.id in self.bound:
            return ".".join([self.bound[root.id], *names])
        return None

    # -- stores: assignments, deletions, augmented assignments ----------------------
    def store(self, target: ast.AST, node: ast.AST) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for item in target.elts:
                self.store(item, node)
            return
        if isinstance(target, ast.Starred):
            self.store(target.value, node)
            return
        if isinstance(target, ast.Attribute | ast.Subscript):
            root, _ = _chain(target)
            full = self.full(target)
            if full is not None and not full.startswith(_ALLOWED):
                self.flag(node, f"changes {_dotted(target)} (monkeypatching {full.split('.')[0]})")
            elif isinstance(root, ast.Call):
                self.flag(node, f"changes {ast.unparse(target)[:60]}")
            return
        if isinstance(target, ast.Name) and self.depth == 0:
            self.rebind(target.id, node)

    def rebind(self, name: str, node: ast.AST, module: str | None = None) -> None:
        meaning = self.protected.get(name)
        if meaning is None or (module is not None and module == meaning):
            return
        if meaning.startswith("builtins."):
            self.flag(node, f"redefines the builtin {name}, which the tests use")
        else:
            self.flag(node, f"rebinds {name}, which the tests use as {meaning}")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self.store(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.store(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.store(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self.store(target, node)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self.store(node.target, node)
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self.store(item.optional_vars, node)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.store(node.target, node)
        self.generic_visit(node)

    # -- definitions and imports --------------------------------------------------
    def scoped(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if self.depth == 0:
            self.rebind(node.name, node)
        self.scoped(node)

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.scoped(node)

    def visit_ListComp(self, node: ast.AST) -> None:
        self.scoped(node)

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            if name in self.protected:
                self.flag(node, f"declares {name} global to rebind it")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            if top in _FORBIDDEN_IMPORTS:
                self.flag(node, f"imports {alias.name}")
            name = alias.asname or top
            module = alias.name if alias.asname else top
            if self.depth == 0:
                self.rebind(name, node, module)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and node.module.split(".")[0] in _FORBIDDEN_IMPORTS:
            self.flag(node, f"imports from {node.module}")
        for alias in node.names:
            if alias.name == "*":
                self.flag(node, f"imports * from {node.module}, which may rebind the tests' names")
            elif self.depth == 0:
                self.rebind(alias.asname or alias.name, node, f"{node.module}.{alias.name}")

    # -- calls and names ----------------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "__builtins__":
            self.flag(node, "reaches __builtins__")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        full = self.full(node)
        if full is not None:
            if full == "sys.modules" or full.startswith("sys.modules."):
                self.flag(node, "reaches sys.modules")
            elif node.attr in {"__dict__", "__globals__", "__code__", "__builtins__"}:
                self.flag(node, f"reaches {_dotted(node)}")
            elif (
                full.startswith("pmo_exercises")
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                self.flag(node, f"reaches the kit's private {_dotted(node)}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else None
        full = self.full(func) if isinstance(func, ast.Attribute | ast.Name) else None
        if name in _FORBIDDEN_CALLS and name not in self.bound:
            self.flag(node, _FORBIDDEN_CALLS[name])
        elif full in _FORBIDDEN_DOTTED:
            self.flag(node, _FORBIDDEN_DOTTED[full])
        elif name == "getattr" and len(node.args) >= 2 and self.full(node.args[0]) is not None:
            attr = node.args[1]
            if not (isinstance(attr, ast.Constant) and not str(attr.value).startswith("_")):
                self.flag(node, f"getattr on {ast.unparse(node.args[0])[:60]}")
        elif name in {"setattr", "delattr"} and node.args:
            target = node.args[0]
            root, _ = _chain(target)
            if self.full(target) is not None or isinstance(root, ast.Call):
                self.flag(node, f"{name} on {ast.unparse(target)[:60]}")
        elif name == "vars" and node.args and self.full(node.args[0]) is not None:
            self.flag(node, f"reaches vars({ast.unparse(node.args[0])[:60]})")
        elif name == "get_ipython":
            self.flag(node, "uses get_ipython()")
        elif isinstance(func, ast.Attribute) and func.attr in _MUTATORS:
            owner = self.full(func.value)
            if owner is not None and "." in owner and not owner.startswith(_ALLOWED):
                self.flag(node, f"changes {_dotted(func.value)} ({func.attr})")
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id == "get_ipython"
        ):
            # %time and friends become get_ipython().run_line_magic('time', ...)
            first = node.args[0] if node.args else None
            magic = first.value if isinstance(first, ast.Constant) else ""
            if func.attr in {"run_line_magic", "run_cell_magic"} and magic in _MAGICS:
                for arg in node.args[1:]:
                    self.visit(arg)
                return
            self.flag(node, f"uses IPython's {func.attr}" + (f"({magic!r})" if magic else ""))
            for arg in node.args[1:]:
                self.visit(arg)
            return
        self.generic_visit(node)


def scan(sources: list[str], protected: Mapping[str, str] | None = None) -> list[str]:
    """What in these trainee cells changes the kit, the builtins or the tests' names.

    Parameters
    ----------
    sources : list of str
        The trainee's code cells, in notebook order.
    protected : mapping, optional
        Names the tests rely on (:func:`protected_names`).

    Returns
    -------
    list of str
        One line per finding, ``"cell N, line L: what"``; empty when the cells are clean.
    """
    trees = [_python(s) for s in sources]
    parsed = [t for t in trees if t is not None]
    bound = _aliases(parsed, _imports(parsed))
    found: list[str] = []
    for number, tree in enumerate(trees, start=1):
        if tree is None:
            continue
        scanner = _Scanner(bound, protected or {}, f"cell {number}")
        scanner.visit(tree)
        found += scanner.found
    return found


def _code_cells(nb: Mapping) -> list[dict]:
    return [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def _text(cell: Mapping) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def scan_notebook(submitted: Mapping, source: Mapping | None = None) -> list[str]:
    """Scan a submitted notebook's trainee cells.

    Parameters
    ----------
    submitted : mapping
        The submission as read from its ``.ipynb`` (JSON).
    source : mapping, optional
        The assignment's source notebook: which cells are nbgrader's test cells
        (restored from the source before grading, so not scanned) and which names
        the tests rely on.

    Returns
    -------
    list of str
        The findings (see :func:`scan`), numbered by the code cells of the submission.
    """
    tests: set[str] = set()
    protected: dict[str, str] = {}
    if source is not None:
        test_cells, setup = [], []
        for cell in _code_cells(source):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") or meta.get("locked"):
                test_cells.append(_text(cell))
                if meta.get("grade_id"):
                    tests.add(meta["grade_id"])
            elif not meta.get("solution"):
                setup.append(_text(cell))
        protected = protected_names(test_cells, setup)
    sources = []
    seen: set[str] = set()
    for cell in _code_cells(submitted):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id")
        # nbgrader restores a test cell's text from the source: scan an empty cell in its
        # place. Only the first cell with an id is restored (later copies run as written).
        restored = grade_id in tests and grade_id not in seen and not meta.get("solution")
        if grade_id:
            seen.add(grade_id)
        sources.append("" if restored else _text(cell))
    return scan(sources, protected)

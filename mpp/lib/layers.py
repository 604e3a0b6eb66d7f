"""The layers of the project, checked from the source: an import graph of `mpp/` built with `ast`.

Every app has two layers. Its interface (api, views, admin, urls, forms, screens, schemas,
templatetags, management commands, modules named `urls_*`, `views_*` or `api_*`, and the
project's own urls/api/wsgi/asgi/cli) may import any domain module. Its domain (models,
services, selectors, states, access, ...) never imports an interface module. The rules:

- no module circle: no two modules import each other, directly or through others;
- no upward arrow: a domain module imports no interface module;
- no app circle: the apps' domains import each other one way only (accounts below the
  catalog, the catalog below the queue, ...);
- one mount point: only `mpp/api.py` imports an app's `api` module (routers import the shared
  pieces from `mpp/lib/api_auth.py`; a schema two apps answer with lives in the owner's
  `schemas.py`);
- no reach-in: no module uses another module's private (`_name`) function or constant.

Every import counts, also one inside a function or under `if TYPE_CHECKING:`: a late import
hides a circle from Python, not from the design. Tests and migrations are left out.

    python -m mpp.lib.layers [PACKAGE_DIR]      # exit 1 and the list when a rule is broken
"""

from __future__ import annotations

import ast
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

SKIPPED_DIRS = {"tests", "migrations", "__pycache__", "node_modules", "static", "templates"}
INTERFACE_NAMES = {"api", "views", "admin", "urls", "forms", "screens", "schemas", "wsgi",
                   "asgi", "cli", "apps"}
INTERFACE_PREFIXES = ("urls_", "views_", "api_")
INTERFACE_PACKAGES = {"templatetags", "management"}


def is_interface(module: str) -> bool:
    parts = module.split(".")
    return (parts[-1] in INTERFACE_NAMES or parts[-1].startswith(INTERFACE_PREFIXES)
            or bool(INTERFACE_PACKAGES.intersection(parts)))


def app_of(module: str) -> str:
    """`mpp.queueing.services` -> `mpp.queueing`; a project-level module is its own app."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else module


def modules_of(root: Path) -> dict[str, Path]:
    """Every module of the package at `root` (tests and migrations left out), by dotted name."""
    root = Path(root).resolve()
    found: dict[str, Path] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in files:
            if not name.endswith(".py") or name.startswith("test_") or name == "conftest.py":
                continue
            path = Path(folder) / name
            dotted = ".".join(path.relative_to(root.parent).with_suffix("").parts)
            found[dotted.removesuffix(".__init__")] = path
    return found


@dataclass
class ModuleImports:
    targets: set[str] = field(default_factory=set)  # known modules it imports
    private: list[str] = field(default_factory=list)  # "module._name" it reaches into


def _resolve(name: str, known: set[str]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imports_of(module: str, path: Path, known: set[str]) -> ModuleImports:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = ModuleImports()
    aliases: dict[str, str] = {}  # local name -> a known module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _resolve(alias.name, known)
                if target:
                    out.targets.add(target)
                    if alias.asname and target == alias.name:
                        aliases[alias.asname] = target
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            resolved = _resolve(source, known)
            if resolved:
                out.targets.add(resolved)
            for alias in node.names:
                full = f"{source}.{alias.name}"
                target = _resolve(full, known)
                if target:
                    out.targets.add(target)
                if target == full:
                    aliases[alias.asname or alias.name] = target
                elif resolved == source and _private(alias.name) and source != module:
                    out.private.append(f"{source}.{alias.name}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and _private(node.attr)
                and aliases[node.value.id] != module):
            out.private.append(f"{aliases[node.value.id]}.{node.attr}")
    out.targets.discard(module)
    return out


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one node (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
    return sorted(found)


@dataclass
class Report:
    modules: int = 0
    module_circles: list[list[str]] = field(default_factory=list)
    app_circles: list[list[str]] = field(default_factory=list)
    upward: list[str] = field(default_factory=list)
    router_imports: list[str] = field(default_factory=list)
    private_uses: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"module circle: {' <-> '.join(c)}" for c in self.module_circles]
                + [f"app circle (domain layers): {' <-> '.join(c)}" for c in self.app_circles]
                + [f"upward arrow (domain -> interface): {u}" for u in self.upward]
                + [f"router imported outside the mount point: {r}" for r in self.router_imports]
                + [f"private name used from another module: {p}" for p in self.private_uses])


def check(root: Path) -> Report:
    """Check the package at `root` against the rules of the module docstring."""
    root = Path(root).resolve()
    top = root.name
    mount = f"{top}.api"
    found = modules_of(root)
    known = set(found)
    imports = {module: imports_of(module, path, known) for module, path in found.items()}
    graph = {module: info.targets for module, info in imports.items()}
    report = Report(modules=len(found), module_circles=circles(graph))
    apps: dict[str, set[str]] = {}
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            parts = target.split(".")
            if len(parts) == 3 and parts[-1] == "api" and module != mount \
                    and app_of(module) != app_of(target):
                report.router_imports.append(f"{module} -> {target}")
        if is_interface(module):
            continue
        app = app_of(module)
        apps.setdefault(app, set())
        for target in sorted(targets):
            if is_interface(target):
                report.upward.append(f"{module} -> {target}")
            elif app_of(target) != app:
                apps[app].add(app_of(target))
    report.app_circles = circles(apps)
    report.private_uses = sorted(
        f"{module} uses {name}" for module, info in imports.items() for name in info.private)
    return report


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    report = check(root)
    for problem in report.problems():
        print(problem)
    print(f"{root.name}: {report.modules} modules, {len(report.problems())} problems")
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())

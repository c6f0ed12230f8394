"""Apps import one way: each app only from the apps below it in LAYERS (docs/architecture.md).

The graph is read from the source, not from a running Django: every `import` and
`from ... import` in src/secretariat (with `ast`, so imports inside functions count
too), every `{% load %}` of another app's tag library, every `{% include %}` or
`{% extends %}` of another app's template, and every template another app's
Python names ("documents/_panel.html"). Shared templates (src/secretariat/templates)
and core are open to all.

`python tests/test_layers.py [SRC]` prints the app-level import matrix of SRC
(default: this checkout's src/).
"""

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Above every domain app, imported by none of them (project: settings, urls, admin_site...).
INTERFACES = ["api", "demo", "project"]
# Bottom to top. An app may import only the apps listed before it.
LAYERS = [
    "core",
    "regions",
    "accounts",
    "search",  # apps write their entries into it (decision 0009)
    "meetings",
    "documents",
    "live",
    "decisions",
    "nominations",
    "records",
    "plans",
    "activity_reports",
    "practices",
    "gallery",
    "publishing",
    *INTERFACES,
]

# Edges against the order that another piece of work still removes, each with the work
# that removes it: `(app, app it imports): "issue N, part"`. The test fails once such an
# edge is gone, so the list only shrinks. Empty: every app imports one way.
KNOWN_EXCEPTIONS = {}

TEMPLATE_EXTENSIONS = (".html", ".txt", ".xml", ".ics")
TEMPLATE_TAG = re.compile(r"{%\s*(load|include|extends)\s+(.*?)\s*%}", re.S)
TEMPLATE_NAME = re.compile(r"""^["']([\w-]+)/[^"']+["']""")


def _apps(package):
    return sorted(p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _app_of(module_parts, apps):
    """`secretariat.regions.views` -> regions; a top-level module -> project."""
    if len(module_parts) < 2 or module_parts[0] != "secretariat":
        return None
    return module_parts[1] if module_parts[1] in apps else "project"


def _python_edges(package, apps, template_owner):
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        source_app = _app_of(parts, apps)
        tree = ast.parse(path.read_text(), filename=str(path))
        where = f"{path.relative_to(package.parent)}"
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name.split(".") for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = list(parts[: len(parts) - node.level])
                    if path.name == "__init__.py":
                        base = list(parts[: len(parts) - node.level + 1])
                    module = base + (node.module.split(".") if node.module else [])
                else:
                    module = node.module.split(".")
                targets = [module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                owner = template_owner.get(node.value)
                if owner:
                    yield source_app, owner, f"{where}:{node.lineno} names {node.value}"
                continue
            for target in targets:
                app = _app_of(target, apps)
                if app:
                    yield source_app, app, f"{where}:{node.lineno}"


def reaching_in(src=SRC) -> list[str]:
    """A domain app's imports of another app's views or private names.

    Core, shared by all, is open; interfaces (the URLconf wires views) may import views.
    """
    package = Path(src) / "secretariat"
    apps = _apps(package)
    found = []
    for path in sorted(package.rglob("*.py")):
        source_app = _app_of(path.relative_to(package.parent).parts, apps)
        if source_app in INTERFACES:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                module = node.module.split(".")
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                module, names = [], [alias.name for alias in node.names]
            else:
                continue
            for dotted in [".".join([*module, name]) for name in names]:
                parts = dotted.split(".")
                app = _app_of(parts, apps)
                if app in (None, source_app, "core", "project"):
                    continue
                if any(p.startswith("_") or p.endswith("views") for p in parts[2:]):
                    found.append(f"{path.relative_to(package.parent)}:{node.lineno} {dotted}")
    return found


def _template_edges(package, apps, template_owner, library_owner):
    for app in apps:
        folder = package / app / "templates"
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in TEMPLATE_EXTENSIONS:
                continue
            text = path.read_text()
            for match in TEMPLATE_TAG.finditer(text):
                tag, argument = match.groups()
                line = text.count("\n", 0, match.start()) + 1
                where = f"{path.relative_to(package.parent)}:{line}"
                if tag == "load":
                    words = argument.split()
                    names = words[words.index("from") + 1 :] if "from" in words else words
                    for name in names:
                        if name in library_owner:
                            yield app, library_owner[name], f"{where} loads {name}"
                else:
                    named = TEMPLATE_NAME.match(argument)
                    owner = named and template_owner.get(named.group(0)[1:-1])
                    if owner:
                        yield app, owner, f"{where} {tag}s {named.group(0)[1:-1]}"


def _template_owners(package, apps):
    """Each app's own templates by name; shared ones (src/secretariat/templates) are open."""
    owners = {}
    for app in apps:
        folder = package / app / "templates"
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    owners[str(path.relative_to(folder))] = app
    return owners


def _library_owners(package, apps):
    return {
        path.stem: app
        for app in apps
        for path in (package / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def import_graph(src=SRC) -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where, for every import between two apps."""
    package = Path(src) / "secretariat"
    apps = _apps(package)
    template_owner = _template_owners(package, apps)
    library_owner = _library_owners(package, apps)
    edges = defaultdict(list)
    for source, target, where in [
        *_python_edges(package, apps, template_owner),
        *_template_edges(package, apps, template_owner, library_owner),
    ]:
        if source != target:
            edges[source, target].append(where)
    return dict(edges)


def _against_the_order(graph):
    rank = {app: i for i, app in enumerate(LAYERS)}
    return {
        edge: where
        for edge, where in graph.items()
        if rank.get(edge[1], len(LAYERS)) >= rank.get(edge[0], len(LAYERS))
    }


def _loops(graph):
    """Strongly connected groups of more than one app (Tarjan's algorithm)."""
    successors = defaultdict(set)
    for source, target in graph:
        successors[source].add(target)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(successors[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(set(successors) | {t for _, t in graph}):
        if node not in index:
            visit(node)
    return groups


def matrix(graph) -> str:
    """Rows import columns: the number of import sites, in LAYERS order."""
    apps = sorted({a for edge in graph for a in edge}, key=lambda a: (a not in LAYERS, a))
    apps.sort(key=lambda a: LAYERS.index(a) if a in LAYERS else len(LAYERS))
    short = {app: app[:5] for app in apps}
    width = max(len(app) for app in apps)
    lines = [" " * width + " " + " ".join(f"{short[a]:>5}" for a in apps)]
    for row in apps:
        cells = []
        for column in apps:
            count = len(graph.get((row, column), []))
            upward = count and LAYERS.index(column) >= LAYERS.index(row)
            cells.append(f"{'' if not count else str(count) + ('!' if upward else ''):>5}")
        lines.append(f"{row:>{width}} " + " ".join(cells))
    return "\n".join(lines)


def test_every_app_is_in_the_layers():
    apps = set(_apps(SRC / "secretariat")) | {"project"}
    assert apps == set(LAYERS), "add the new app to LAYERS, at its place"


def test_no_loop_between_apps():
    graph = {e: w for e, w in import_graph().items() if e not in KNOWN_EXCEPTIONS}
    assert _loops(graph) == []


def test_imports_follow_the_layers():
    found = _against_the_order(import_graph())
    unexpected = {
        f"{source} -> {target}": where
        for (source, target), where in found.items()
        if (source, target) not in KNOWN_EXCEPTIONS
    }
    assert unexpected == {}, "an app imports one above it (see docs/architecture.md)"


def test_no_app_imports_another_apps_views_or_private_names():
    assert reaching_in() == [], "use the app's public modules (regions.web, core.spreadsheets)"


def test_known_exceptions_are_still_needed():
    found = _against_the_order(import_graph())
    gone = [edge for edge in KNOWN_EXCEPTIONS if edge not in found]
    assert gone == [], "these imports are gone: remove them from KNOWN_EXCEPTIONS"


if __name__ == "__main__":
    print(matrix(import_graph(sys.argv[1] if len(sys.argv) > 1 else SRC)))

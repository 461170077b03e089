"""The imports between the packages of portal/ follow the rules of CONVENTIONS.md ("Between features").

Every import counts, the function-local ones included (an import hidden in a function is still a dependency). The
rules:

- infrastructure (`search`, `mail`, `storage`) imports no feature;
- no cycle between feature packages: a feature with news sends a signal instead of importing who cares;
- `accounts` imports no feature but what the account itself needs (ACCOUNTS_MAY_IMPORT): personal data goes through
  the registries that each feature fills;
- `admin` (the back office) and `public` (the public pages) may read every feature, and no feature imports them.

Violations present today are listed in KNOWN, to be removed: a new one fails, and so does an entry of KNOWN that
the code no longer has.
"""

import ast
import itertools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "portal"

FEATURES = {
    "accompaniment",
    "accounts",
    "admin",
    "alerts",
    "candidates",
    "communes",
    "cvtheque",
    "events",
    "metiers",
    "offers",
    "public",
    "structures",
}
INFRASTRUCTURE = {"search", "mail", "storage"}
# Above every feature: they may import any feature, no feature imports them.
TOP = {"admin": "the back office", "public": "the public pages"}
# What accounts may import from the features (module prefixes), and why.
ACCOUNTS_MAY_IMPORT = {
    "portal.structures.models": "a recruiter's account belongs to a structure (User.structure)",
    "portal.communes": "reference data (the communes of the Orne), which imports no feature",
}

# Package edges that break a rule today, each with where it comes from: to be removed (the code is being changed so
# that each one goes). None is left.
KNOWN: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. portal.offers.services
    line: int
    target: str  # what it imports, e.g. portal.alerts.services.announce_published

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_name(root: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def imports_of(root: Path) -> list[Import]:
    """Every import of a portal module, anywhere in the module (function bodies included), resolved to full names."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module, is_package = module_name(root, path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: from the module's package, one level up per extra dot
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                targets = [f"{source}.{alias.name}" for alias in node.names]
            else:
                continue
            found += [Import(module, node.lineno, target) for target in targets]
    return found


def package_of(name: str, root_name: str = "portal") -> str | None:
    """The sub-package of portal a dotted name belongs to (None for portal's own top-level modules and the rest)."""
    parts = name.split(".")
    return parts[1] if len(parts) >= 2 and parts[0] == root_name else None


def package_edges(root: Path) -> dict[tuple[str, str], list[Import]]:
    """Imports from one sub-package of portal into another, grouped by (importer, imported)."""
    packages = {path.name for path in root.iterdir() if (path / "__init__.py").exists()}
    edges = defaultdict(list)
    for imp in imports_of(root):
        source, target = package_of(imp.module, root.name), package_of(imp.target, root.name)
        if source in packages and target in packages and source != target:
            edges[source, target].append(imp)
    return dict(edges)


def accounts_may_import(imp: Import) -> bool:
    return any(imp.target == allowed or imp.target.startswith(allowed + ".") for allowed in ACCOUNTS_MAY_IMPORT)


def rule_violations(edges: dict[tuple[str, str], list[Import]]) -> dict[tuple[str, str], str]:
    """Edges that break a rule other than the one against cycles, with the reason and the imports that make them."""
    broken = {}
    for (source, target), imports in edges.items():
        where = "; ".join(str(imp) for imp in imports)
        if source in INFRASTRUCTURE and target in FEATURES:
            broken[source, target] = f"infrastructure {source} imports feature {target}: {where}"
        elif target in TOP and source != target:
            broken[source, target] = f"{source} imports {target} ({TOP[target]}), which no feature may import: {where}"
        elif source == "accounts" and target in FEATURES:
            forbidden = [imp for imp in imports if not accounts_may_import(imp)]
            if forbidden:
                broken[source, target] = f"accounts imports {target} beyond ACCOUNTS_MAY_IMPORT: " + "; ".join(
                    str(imp) for imp in forbidden
                )
    return broken


def feature_graph(edges: dict[tuple[str, str], list[Import]]) -> dict[tuple[str, str], list[Import]]:
    """The edges between feature packages, without the imports accounts is allowed."""
    graph = {}
    for (source, target), imports in edges.items():
        if source in FEATURES and target in FEATURES:
            if source == "accounts":
                imports = [imp for imp in imports if not accounts_may_import(imp)]
            if imports:
                graph[source, target] = imports
    return graph


def cycles(graph: dict[tuple[str, str], list[Import]]) -> list[list[str]]:
    """One cycle through each strongly connected group of packages (Tarjan), as [a, b, ..., a]."""
    successors = defaultdict(set)
    for source, target in graph:
        successors[source].add(target)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
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
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(successors):
        if node not in index:
            visit(node)

    found = []
    for group in groups:  # the shortest cycle through the group's first package (breadth first)
        start = min(group)
        came_from, queue = {start: None}, [start]
        while start not in successors[queue[0]]:
            node = queue.pop(0)
            for nxt in sorted(successors[node] & group):
                if nxt not in came_from:
                    came_from[nxt] = node
                    queue.append(nxt)
        path, node = [], queue[0]
        while node is not None:
            path.insert(0, node)
            node = came_from[node]
        found.append([*path, start])
    return found


def describe(cycle: list[str], graph: dict[tuple[str, str], list[Import]]) -> str:
    lines = [" -> ".join(cycle)]
    for source, target in itertools.pairwise(cycle):
        first = graph[source, target][0]
        lines.append(f"  {source} -> {target}: {first.module}:{first.line} imports {first.target}")
    return "\n".join(lines)


def check(root: Path, known: dict[tuple[str, str], str]) -> list[str]:
    """Everything wrong with the imports under root, KNOWN edges left aside; stale KNOWN entries too."""
    edges = package_edges(root)
    problems = []
    packages = {path.name for path in root.iterdir() if (path / "__init__.py").exists()}
    problems += [
        f"package {name} is neither a feature nor infrastructure: classify it in this test"
        for name in sorted(packages - FEATURES - INFRASTRUCTURE)
    ]
    problems += [reason for edge, reason in sorted(rule_violations(edges).items()) if edge not in known]
    graph = {edge: imports for edge, imports in feature_graph(edges).items() if edge not in known}
    problems += ["cycle between features: " + describe(cycle, graph) for cycle in cycles(graph)]
    problems += [
        f"KNOWN lists {source} -> {target}, which the code no longer has: remove it from KNOWN"
        for source, target in sorted(known)
        if (source, target) not in edges
    ]
    return problems


def test_imports_between_packages_follow_the_rules():
    problems = check(PORTAL, KNOWN)

    assert not problems, "\n".join(problems)


def test_known_violations_are_still_violations():
    """An entry of KNOWN that breaks no rule (and closes no cycle) would hide nothing: it must not be there."""
    edges = package_edges(PORTAL)
    broken = rule_violations(edges)
    graph = feature_graph(edges)
    graph_without_known = {edge: imports for edge, imports in graph.items() if edge not in KNOWN}
    needed = {
        edge
        for edge in KNOWN
        if edge in broken or (edge in graph and cycles(graph_without_known | {edge: graph[edge]}))
    }

    assert set(KNOWN) - needed == set()


def write(root: Path, module: str, source: str) -> None:
    path = root.joinpath(*module.split(".")[1:]).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in [path.parent, *path.parent.parents]:
        if parent == root.parent:
            break
        (parent / "__init__.py").touch()
    path.write_text(source)


def test_check_reports_each_kind_of_violation_with_its_module_and_line(tmp_path):
    root = tmp_path / "portal"
    write(root, "portal.clock", "import datetime\n")
    write(root, "portal.offers.models", "from portal.metiers.models import Metier\n")
    write(
        root,
        "portal.offers.services",
        "import sqlalchemy\n\n\ndef publish():\n    from portal.alerts.services import announce\n",
    )
    write(root, "portal.alerts.services", "from portal.offers import models\nfrom ..clock import utcnow\n")
    write(root, "portal.metiers.models", "from portal.clock import utcnow\n")
    write(root, "portal.mail.sender", "from portal.accounts.models import User\n")
    write(root, "portal.accounts.models", "from portal.structures.models import Structure\n")
    write(root, "portal.accounts.personal_data", "from . import models\nfrom portal.candidates import services\n")
    write(root, "portal.candidates.services", "from portal.accounts.models import User\n")
    write(root, "portal.structures.models", "from portal.communes.models import Commune\n")
    write(root, "portal.structures.services", "from portal.accounts.models import User\n")
    write(root, "portal.communes.models", "X = 1\n")
    write(root, "portal.events.views", "from portal.admin import forms\n")
    write(root, "portal.admin.forms", "from portal.events import models\n")

    problems = check(root, known={("events", "admin"): "allowed here", ("search", "offers"): "gone"})

    assert problems == [
        (
            "accounts imports candidates beyond ACCOUNTS_MAY_IMPORT: "
            "portal.accounts.personal_data:2 imports portal.candidates.services"
        ),
        "infrastructure mail imports feature accounts: portal.mail.sender:1 imports portal.accounts.models.User",
        (
            "cycle between features: accounts -> candidates -> accounts\n"
            "  accounts -> candidates: portal.accounts.personal_data:2 imports portal.candidates.services\n"
            "  candidates -> accounts: portal.candidates.services:1 imports portal.accounts.models.User"
        ),
        (
            "cycle between features: alerts -> offers -> alerts\n"
            "  alerts -> offers: portal.alerts.services:1 imports portal.offers.models\n"
            "  offers -> alerts: portal.offers.services:5 imports portal.alerts.services.announce"
        ),
        "KNOWN lists search -> offers, which the code no longer has: remove it from KNOWN",
    ]
    # accounts -> structures.models is allowed, so accounts <-> structures is no cycle; events -> admin is known
    write(root, "portal.search.engine", "import portal.offers.models\n")
    write(root, "portal.public.views", "from portal.offers import models\n")
    write(root, "portal.offers.documents", "from portal.public.views import thing\n")
    write(root, "portal.widgets.things", "X = 1\n")

    problems = check(root, known={})

    assert problems[0] == "package widgets is neither a feature nor infrastructure: classify it in this test"
    assert (
        "events imports admin (the back office), which no feature may import: "
        "portal.events.views:1 imports portal.admin.forms"
    ) in problems
    assert (
        "offers imports public (the public pages), which no feature may import: "
        "portal.offers.documents:1 imports portal.public.views.thing"
    ) in problems
    assert (
        "infrastructure search imports feature offers: portal.search.engine:1 imports portal.offers.models" in problems
    )
    assert not any("structures" in problem for problem in problems)

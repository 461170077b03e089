"""Features reach search through the package's interface only, and Whoosh stays inside portal/search/."""

import ast
import importlib.util
from pathlib import Path

import portal

PORTAL = Path(portal.__file__).parent
# The application's wiring registers the sources and the commands: it may reach the modules that do it.
WIRING = {PORTAL / "__init__.py": {"portal.search.sync", "portal.search.commands"}}


def is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its parent is a module, not a package
        return False


def imported_modules(path: Path) -> set[str]:
    """The modules a file imports, "from package import module" included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if node.module.startswith("portal.") and is_module(f"{node.module}.{alias.name}")
            )
    return found


def outside_search() -> list[Path]:
    return sorted(path for path in PORTAL.rglob("*.py") if PORTAL / "search" not in path.parents)


def test_features_import_search_from_the_package_only():
    offending = {}
    for path in outside_search():
        inner = {name for name in imported_modules(path) if name.startswith("portal.search.")}
        if inner - WIRING.get(path, set()):
            offending[str(path.relative_to(PORTAL))] = sorted(inner - WIRING.get(path, set()))
    assert not offending, f"import these from portal.search (export them there if needed): {offending}"


def test_whoosh_stays_inside_the_search_package():
    offending = [
        str(path.relative_to(PORTAL))
        for path in outside_search()
        if any(name.split(".")[0] == "whoosh" for name in imported_modules(path))
    ]
    assert not offending


def test_the_interface_holds_no_engine_objects():
    assert not {
        name
        for name in imported_modules(PORTAL / "search" / "protocol.py")
        if name.split(".")[0] == "whoosh" or name == "portal.search.engine"
    }

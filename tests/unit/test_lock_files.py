"""The lock files in requirements/ pin every dependency declared in pyproject.toml at a version within its range.

A dependency added to pyproject.toml without recompiling (`requirements/lock`) fails here, not on a fresh machine.
"""

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
# What the lock files are compiled for (see requirements/lock).
TARGET = default_environment() | {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "os_name": "posix",
}
# Each lock file and the extras of pyproject.toml it holds besides the runtime dependencies.
LOCKS = {"base.txt": [], "postgres.txt": ["postgres"], "test.txt": ["test"]}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def parse_lock(text: str) -> dict[str, str]:
    """Map each pinned package name (canonical) to its version."""
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def declared(project: dict, extras: list[str]) -> list[Requirement]:
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def disagreements(requirements: list[Requirement], pins: dict[str, str]) -> list[str]:
    """What the lock misses: a dependency not pinned, pinned outside its range, or an extra's package not pinned."""
    problems = []
    for req in requirements:
        if req.marker is not None and not req.marker.evaluate(TARGET):
            continue
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req} is not in the lock")
            continue
        if not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{req} is pinned at {pins[name]}, outside its range")
        for extra in sorted(req.extras):
            for missing in extra_packages(req.name, extra) - pins.keys():
                problems.append(f"{req.name}[{extra}] needs {missing}, which is not in the lock")
    return problems


def extra_packages(name: str, extra: str) -> set[str]:
    """The packages an extra of an installed distribution pulls in (on the lock's target)."""
    try:
        requires = importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
        return set()  # not installed here (e.g. the postgres extra): its own pin is still checked
    packages = set()
    for line in requires:
        req = Requirement(line)
        if (
            req.marker is not None
            and req.marker.evaluate(TARGET | {"extra": extra})
            and not req.marker.evaluate(TARGET | {"extra": ""})
        ):
            packages.add(canonicalize_name(req.name))
    return packages


@pytest.mark.parametrize("lock_name", sorted(LOCKS))
def test_lock_file_pins_every_dependency_of_pyproject_within_its_range(lock_name):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = parse_lock((ROOT / "requirements" / lock_name).read_text())

    assert disagreements(declared(project, LOCKS[lock_name]), pins) == [], (
        f"requirements/{lock_name} disagrees with pyproject.toml: run requirements/lock"
    )


def test_lock_check_catches_a_missing_or_stale_pin():
    pins = parse_lock("flask==3.1.0 \\\n    --hash=sha256:00\n    # via portal\npsycopg==3.2.1 \\\n")
    requirements = [
        Requirement("flask>=3.2"),
        Requirement("huey>=2.5"),
        Requirement("psycopg[binary]>=3.2"),
        Requirement("pywin32>=300; sys_platform == 'win32'"),
    ]

    problems = disagreements(requirements, pins)

    assert problems[:2] == ["flask>=3.2 is pinned at 3.1.0, outside its range", "huey>=2.5 is not in the lock"]
    # psycopg is installed with its binary extra here, so the missing psycopg-binary pin is caught too
    assert problems[2:] == ["psycopg[binary] needs psycopg-binary, which is not in the lock"]

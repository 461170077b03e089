"""The engines the contract runs on: every test of this folder runs once per engine.

An engine is a fixture named "<name>_engine" that returns a function making an empty index from a
name and its Fields; adding an engine is adding its name to ENGINES (and its fixture, which may skip
with the reason when what it needs, a PostgreSQL server for instance, is absent).
"""

from collections.abc import Callable

import pytest

from portal.search import Fields, Index
from portal.search.engine import WhooshIndex

ENGINES = ["whoosh"]


@pytest.fixture
def whoosh_engine(tmp_path) -> Callable[[str, Fields], Index]:
    return lambda name, fields: WhooshIndex(str(tmp_path / name), fields)


@pytest.fixture(params=ENGINES)
def new_index(request) -> Callable[[str, Fields], Index]:
    return request.getfixturevalue(f"{request.param}_engine")

"""What a feature shows on another feature's page comes through the registry of page sections."""

import importlib
from pathlib import Path

from portal import sections

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def test_every_section_a_feature_declares_is_listed_at_app_creation(app):
    declared = []
    for path in sorted(PORTAL.glob("*/sections.py")):
        declared += importlib.import_module(f"portal.{path.parent.name}.sections").SECTIONS

    assert declared
    assert [s for s in declared if s not in app.extensions["page_sections"]] == []


def test_a_page_gets_the_variables_of_its_own_sections_in_their_order(app):
    app.extensions["page_sections"] = [
        sections.Section("a", lambda n: {"one": n, "shared": "first"}),
        sections.Section("b", lambda n: {"two": n}),
        sections.Section("a", lambda n: {"three": n + 1, "shared": "last"}),
    ]

    with app.app_context():
        assert sections.context("a", n=1) == {"one": 1, "three": 2, "shared": "last"}
        assert sections.context("c", n=1) == {}

import re

import pytest

from portal.metiers.content import CONTENT_DIR, ContentError, parse_metier, read_metier_files, render_markdown
from portal.metiers.models import FAMILIES, LEVELS

REQUIRED_SLUGS = {
    "aide-soignant",
    "accompagnant-educatif-et-social",
    "auxiliaire-de-vie",
    "agent-de-service-hospitalier",
    "infirmier",
    "moniteur-educateur",
    "educateur-specialise",
    "assistant-de-soins-en-gerontologie",
    "auxiliaire-de-puericulture",
    "tisf",
    "animateur",
    "maitresse-de-maison",
    "surveillant-de-nuit",
    "ergotherapeute",
    "psychomotricien",
}
SECTIONS = [
    "## Missions",
    "## Une journée type",
    "## Les qualités recherchées",
    "## Se former",
    "## Les voies d'accès",
    "## Où exercer dans l'Orne",
]

METIER = """---
title: Métier d'essai
slug: metier-essai
family: soin
summary: Un métier pour les tests.
entry_level: 4
diplomas:
  - name: Diplôme d'essai
    level: 4
rome: [J1501]
salary: {min: 1800, max: 2400, source: "Grille d'essai 2025"}
access: [apprentissage, VAE]
employers: [EHPAD]
sources:
  - title: Source d'essai
    url: https://exemple.fr/source
---
## Missions

Prendre soin.
"""


def test_markdown_is_rendered_with_headings_lists_and_links():
    html = render_markdown("## Missions\n\n- un\n- deux\n\n[France Travail](https://www.francetravail.fr)")
    assert "<h2>Missions</h2>" in html and "<li>un</li>" in html
    assert '<a href="https://www.francetravail.fr" rel="noopener noreferrer">France Travail</a>' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        '<a href="javascript:alert(1)">clic</a>',
        '<iframe src="https://pirate.example"></iframe>',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">texte</p>',
    ],
)
def test_hostile_markdown_renders_inert(hostile):
    html = render_markdown(f"Avant\n\n{hostile}\n\nAprès")
    lowered = html.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered and "<iframe" not in lowered and "style=" not in lowered
    assert "Après" in html


def test_a_metier_file_is_parsed_with_its_front_matter():
    row = parse_metier(METIER, "essai.md")
    assert row["slug"] == "metier-essai" and row["entry_level"] == 4
    assert row["diplomas"] == [{"name": "Diplôme d'essai", "level": 4}]
    assert (row["salary_min"], row["salary_max"], row["salary_source"]) == (1800, 2400, "Grille d'essai 2025")
    assert row["body_html"].startswith("<h2>Missions</h2>")
    assert len(row["file_hash"]) == 64


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (METIER.replace("family: soin", "family: cuisine"), "famille inconnue"),
        (METIER.replace("entry_level: 4", "entry_level: 9"), "niveau inconnu"),
        (METIER.replace("title: Métier d'essai\n", ""), "title"),
        (METIER.replace("access: [apprentissage, VAE]", "access: [télétravail]"), "voies d'accès inconnues"),
        ("Pas d'en-tête", "en-tête YAML"),
        (METIER.replace("rome: [J1501]", "rome: [J1501"), "essai.md"),
    ],
)
def test_a_broken_metier_file_says_what_is_wrong_and_where(broken, reason):
    with pytest.raises(ContentError, match=reason):
        parse_metier(broken, "essai.md")


# --- the shipped pages --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return read_metier_files(CONTENT_DIR)


def test_at_least_the_fifteen_metiers_of_the_sector_are_described(shipped):
    slugs = {row["slug"] for row in shipped}
    assert REQUIRED_SLUGS <= slugs
    assert len(slugs) == len(shipped)  # no slug twice
    assert {path.stem for path in CONTENT_DIR.glob("*.md")} == slugs  # file name = slug


def test_every_metier_page_has_every_section_and_its_facts(shipped):
    for row in shipped:
        name = row["slug"]
        for section in SECTIONS:
            assert section in row["body_markdown"], f"{name}: {section}"
        assert row["family"] in FAMILIES and row["entry_level"] in LEVELS, name
        assert row["diplomas"] and all(d["level"] in LEVELS for d in row["diplomas"]), name
        assert row["rome_codes"] and all(re.fullmatch(r"[A-N]\d{4}", c) for c in row["rome_codes"]), name
        assert row["access_routes"] and row["employers"], name
        assert len(row["summary"]) <= 300, name


def test_every_figure_has_a_source(shipped):
    for row in shipped:
        name = row["slug"]
        assert any(s["url"] for s in row["sources"]), f"{name}: no source to open"
        assert all(s["url"].startswith("https://") for s in row["sources"] if s["url"]), name
        if row["salary_min"] or row["salary_max"]:
            assert row["salary_source"], f"{name}: salary without its source"
            assert (row["salary_min"] or 0) <= (row["salary_max"] or 10**6), name

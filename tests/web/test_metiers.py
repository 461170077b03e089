import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.metiers.models import Metier
from portal.metiers.services import load_metiers
from tests.conftest import page
from tests.unit.test_metier_content import METIER


def write(folder, slug, **changes):
    text = METIER.replace("metier-essai", slug).replace("Métier d'essai", changes.pop("title", slug.title()))
    for old, new in changes.items():
        text = text.replace(old, new)
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


@pytest.fixture
def content(tmp_path, app):
    folder = tmp_path / "content"
    folder.mkdir()
    db.session.execute(sa.delete(Metier))  # start from these files only, not the shipped ones
    db.session.commit()
    write(folder, "aide-essai", title="Aide d'essai")
    write(
        folder,
        "animateur-essai",
        title="Animateur d'essai",
        **{"family: soin": "family: accompagnement", "entry_level: 4": "entry_level: 3", "level: 4": "level: 3"},
    )
    load_metiers(folder)
    db.session.commit()
    return folder


def test_the_index_groups_metiers_by_family(client, content):
    html = page(client.get("/metiers/"))
    assert html.index(">Soin</h2>") < html.index("Aide d'essai") < html.index(">Accompagnement</h2>")
    assert html.index(">Accompagnement</h2>") < html.index("Animateur d'essai")


def test_the_index_filters_by_diploma_level(client, content):
    html = page(client.get("/metiers/?niveau=3"))
    assert "Animateur d'essai" in html and "Aide d'essai" not in html
    assert "Aucun métier pour ce niveau" in page(client.get("/metiers/?niveau=7"))
    assert "Aide d'essai" in page(client.get("/metiers/?niveau=abc"))


def test_a_metier_page_shows_its_facts_and_sources(client, content):
    response = client.get("/metiers/aide-essai")
    html = page(response)
    assert response.status_code == 200
    assert "<h1>Aide d&#39;essai</h1>" in response.get_data(as_text=True) or "<h1>Aide d'essai</h1>" in html
    for fact in [
        "Diplôme d'essai",
        "(niveau 4)",
        "J1501",
        "Grille d'essai 2025",
        "Apprentissage, VAE",
        "Source d'essai",
    ]:
        assert fact in html, fact
    assert "1\u202f800" in html or "1 800" in html


def test_an_unknown_metier_is_a_french_404(client, content):
    response = client.get("/metiers/astronaute")
    assert response.status_code == 404 and "Page introuvable" in page(response)


def test_loading_again_updates_changed_files_and_keeps_browser_edits(app, content, runner):
    write(content, "aide-essai", title="Aide d'essai", **{"Prendre soin.": "Prendre soin, avec attention."})
    report = load_metiers(content)
    assert report.updated == ["aide-essai"] and report.created == []
    metier = db.session.scalar(sa.select(Metier).where(Metier.slug == "aide-essai"))
    assert "avec attention" in metier.body_html

    metier.edited_at = metier.updated_at
    db.session.commit()
    write(content, "aide-essai", title="Aide d'essai", **{"Prendre soin.": "Texte du fichier."})
    report = load_metiers(content)
    assert report.kept == ["aide-essai"]
    db.session.refresh(metier)
    assert "avec attention" in metier.body_html
    assert load_metiers(content, force=True).updated == ["aide-essai"]
    db.session.refresh(metier)
    assert "Texte du fichier." in metier.body_html and metier.edited_at is None


def test_the_load_command_loads_the_shipped_files(app, runner):
    db.session.execute(sa.delete(Metier))
    db.session.commit()
    result = runner.invoke(args=["metiers", "load"])
    assert result.exit_code == 0 and "créée(s)" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Metier.id))) >= 15


def test_the_admin_edits_a_page_and_a_script_renders_inert(client, content, make, auth):
    auth.login(make.admin())
    form = page(client.get("/metiers/aide-essai/modifier"))
    assert "J1501" in form and "Source d&#39;essai | https://exemple.fr/source" in client.get(
        "/metiers/aide-essai/modifier"
    ).get_data(as_text=True)
    response = client.post(
        "/metiers/aide-essai/modifier",
        data={
            "title": "Aide d'essai",
            "summary": "Résumé changé.",
            "family": "soin",
            "entry_level": "4",
            "rome_codes": "j1501 K1302",
            "salary_min": "1900",
            "salary_max": "2500",
            "salary_source": "Grille 2026",
            "body_markdown": "## Missions\n\nTexte sûr.\n\n<script>alert('pirate')</script>\n<img src=x onerror=alert(1)>",
            "sources": "Onisep | https://www.onisep.fr",
        },
    )
    assert response.status_code == 302
    html = client.get("/metiers/aide-essai").get_data(as_text=True)
    assert "Texte sûr." in html and "Résumé changé." in html and "K1302" in html
    assert "<script>alert" not in html and "onerror" not in html
    metier = db.session.scalar(sa.select(Metier).where(Metier.slug == "aide-essai"))
    db.session.refresh(metier)
    assert metier.edited_at is not None and metier.sources == [{"title": "Onisep", "url": "https://www.onisep.fr"}]


def test_bad_edits_are_refused_with_reasons_and_keep_the_text(client, content, make, auth):
    auth.login(make.admin())
    response = client.post(
        "/metiers/aide-essai/modifier",
        data={
            "title": "Aide d'essai",
            "summary": "Résumé.",
            "family": "soin",
            "entry_level": "4",
            "rome_codes": "ABC",
            "salary_min": "2500",
            "salary_max": "1900",
            "salary_source": "",
            "body_markdown": "Mon long texte à garder",
            "sources": "Onisep | ftp://onisep",
        },
    )
    html = page(response)
    assert response.status_code == 422
    assert "Un code ROME s'écrit avec une lettre et quatre chiffres" in html
    assert "ne peut pas être inférieur" in html
    assert "doit commencer par https://" in html
    assert "Mon long texte à garder" in html


def test_only_the_admin_edits_metier_pages(client, content, make, auth):
    auth.login(make.coach())
    assert client.get("/metiers/aide-essai/modifier").status_code == 403


def test_without_a_checked_salary_the_page_points_to_the_published_salaries(client, content):
    write(
        content,
        "aide-essai",
        title="Aide d'essai",
        **{'salary: {min: 1800, max: 2400, source: "Grille d\'essai 2025"}': "salary: {}"},
    )
    load_metiers(content)
    db.session.commit()
    html = client.get("/metiers/aide-essai").get_data(as_text=True)
    assert 'href="https://candidat.francetravail.fr/metierscope/fiche-metier/J1501/"' in html
    assert "Salaire brut mensuel" not in html


def test_metiers_are_in_french_alphabetical_order(client):
    html = page(client.get("/metiers/"))
    assert html.index("Éducateur·rice spécialisé·e") < html.index("Moniteur·rice-éducateur·rice")

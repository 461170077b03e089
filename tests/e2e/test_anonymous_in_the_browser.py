"""A candidate chooses the anonymous mode, reading what employers will and will not see; a member finds
the profile by a word of the CV and reads neither the name, nor the contact details, nor the commune."""

import re

from tests.e2e.conftest import axe_violations, log_in, screenshot


def test_an_anonymous_candidate_is_found_by_skills_but_not_identified(live_app, page_factory, viewport, tmp_path):
    from portal.candidates import services as candidates
    from portal.communes.models import Commune
    from portal.extensions import db
    from tests import documents
    from tests.conftest import Factory

    with live_app.app_context():
        make = Factory()
        user = make.candidate(email="maelys@exemple.fr", first_name="Maëlys", last_name="Guérin-Saint-Ange")
        candidates.save_profile(
            candidates.profile_of(user), metier_ids=[], commune_insee=db.session.get(Commune, "61181").insee
        )
        make.member(email="rh@exemple.fr")
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    size = viewport["width"]

    candidate = page_factory(bypass_csp=True, viewport=viewport)
    log_in(candidate, base, "maelys@exemple.fr")
    cv = tmp_path / "CV.pdf"
    cv.write_bytes(
        documents.pdf(
            [
                "Maëlys GUERIN-SAINT-ANGE",
                "12 rue des Coquelicots, 61230 Gacé",
                "Tél. : +33 (0)6 71 82 93 74",
                "maelys.guerin@gmail.com - linkedin.com/in/maelys-guerin",
                "Née le 14/03/1990",
                "Aide-soignante : ateliers Snoezelen en unité protégée",
            ]
        )
    )
    candidate.goto(base + "/compte/cv")
    candidate.get_by_label(re.compile("^Votre CV")).set_input_files(str(cv))
    candidate.get_by_role("button", name="Envoyer mon CV").click()
    candidate.goto(base + "/compte/profil")
    candidate.get_by_label(re.compile("^Je rends mon profil visible")).check()
    anonymous = candidate.get_by_label(re.compile("^Mode anonyme"))
    anonymous.check()
    explanation = candidate.locator("#" + anonymous.get_attribute("aria-describedby"))
    assert "ne voient pas" in explanation.inner_text() and "le fichier de votre CV" in explanation.inner_text()
    explanation.scroll_into_view_if_needed()
    screenshot(candidate, f"anonyme-choix-{size}")
    assert axe_violations(candidate) == []
    assert candidate.evaluate("document.documentElement.scrollWidth") <= size
    candidate.get_by_role("button", name="Enregistrer mon profil").click()
    assert "Il est visible des employeurs adhérents" in candidate.locator(".flashes").inner_text()
    assert "en mode anonyme" in candidate.locator("main").inner_text()

    employer = page_factory(bypass_csp=True, viewport=viewport)
    log_in(employer, base, "rh@exemple.fr")
    employer.goto(base + "/cvtheque/")
    employer.get_by_label("Rechercher", exact=True).fill("snoezelen")
    employer.get_by_role("button", name="Rechercher", exact=True).click()
    employer.get_by_role("heading", name=re.compile("^1 profil pour")).wait_for()
    card = employer.locator(".result-card").inner_text()
    assert "Profil anonyme n°" in card and "Zone Flers-Argentan" in card
    for identifying in ["Maëlys", "GUERIN", "Gacé", "Coquelicots", "71 82", "gmail", "linkedin", "1990"]:
        assert identifying not in card
    screenshot(employer, f"anonyme-recherche-{size}")
    assert axe_violations(employer) == []
    assert employer.evaluate("document.documentElement.scrollWidth") <= size

    employer.get_by_role("link", name=re.compile("^Profil anonyme n°")).first.click()
    employer.get_by_role("heading", name=re.compile("^Profil anonyme n°"), level=1).wait_for()
    text = employer.locator("main").inner_text()
    assert "Flers-Argentan" in text and "Gacé" not in text and "Maëlys" not in text
    assert employer.get_by_role("link", name=re.compile("Télécharger le CV")).count() == 0
    screenshot(employer, f"anonyme-profil-{size}")
    assert axe_violations(employer) == []

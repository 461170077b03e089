"""A candidate puts a CV online; a member finds it by a word of the file, opens it; the candidate sees it."""

import re

from tests.e2e.conftest import axe_violations, log_in, screenshot


def test_a_member_finds_a_candidate_by_a_word_of_the_cv(live_app, page_factory, viewport, tmp_path):
    from portal.extensions import db
    from tests import documents
    from tests.conftest import Factory

    with live_app.app_context():
        make = Factory()
        make.candidate(email="lea@exemple.fr", first_name="Léa", last_name="Durand")
        member = make.member(email="rh@exemple.fr")
        structure_name = member.structure.name
        # Someone else, so that the search has something to leave out.
        make.candidate(email="autre@exemple.fr")
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    size = viewport["width"]

    candidate = page_factory(bypass_csp=True, viewport=viewport)
    log_in(candidate, base, "lea@exemple.fr")
    cv = tmp_path / "CV Léa.pdf"
    cv.write_bytes(
        documents.pdf(
            [
                "Léa Durand",
                "Aide-soignante, formée à la méthode Montessori adaptée",
                "Ateliers Snoezelen en unité protégée",
            ]
        )
    )
    candidate.goto(base + "/compte/cv")
    candidate.get_by_label(re.compile("^Votre CV")).set_input_files(str(cv))
    candidate.get_by_role("button", name="Envoyer mon CV").click()
    assert "est enregistré" in candidate.locator(".flashes").inner_text()
    candidate.goto(base + "/compte/profil")
    candidate.get_by_label(re.compile("^Je rends mon profil visible")).check()
    candidate.get_by_role("button", name="Enregistrer mon profil").click()
    assert "Il est visible des employeurs adhérents dans la CV-thèque" in candidate.locator(".flashes").inner_text()

    employer = page_factory(bypass_csp=True, viewport=viewport)
    log_in(employer, base, "rh@exemple.fr")
    employer.get_by_role("link", name="Chercher des profils").click()
    employer.get_by_label("Rechercher", exact=True).fill("snoezelen")
    employer.get_by_role("button", name="Rechercher", exact=True).click()
    employer.get_by_role("heading", name=re.compile("^1 profil pour")).wait_for()
    assert "Snoezelen" in employer.locator(".extract mark").first.inner_text()
    screenshot(employer, f"cvtheque-recherche-{size}")
    assert axe_violations(employer) == []
    assert employer.evaluate("document.documentElement.scrollWidth") <= size

    employer.get_by_role("link", name="Léa Durand").click()
    employer.get_by_role("heading", name="Léa Durand", level=1).wait_for()
    assert employer.get_by_role("link", name=re.compile("^Télécharger le CV")).is_visible()
    screenshot(employer, f"cvtheque-profil-{size}")
    assert axe_violations(employer) == []
    assert employer.evaluate("document.documentElement.scrollWidth") <= size

    candidate.goto(base + "/compte/")
    candidate.get_by_role("link", name="Voir mes demandes et consultations").click()
    row = candidate.get_by_role("row", name=re.compile(re.escape(structure_name)))
    assert "A consulté votre profil" in row.inner_text()
    screenshot(candidate, f"cvtheque-consultations-{size}")
    assert axe_violations(candidate) == []
    assert candidate.evaluate("document.documentElement.scrollWidth") <= size

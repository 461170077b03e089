"""A coach meets someone at a café, opens their record, plans a first interview, records a job, and sees the
follow-ups at 1, 3 and 6 months planned; on a phone and on a laptop."""

from datetime import timedelta

from tests.e2e.conftest import log_in, looks_right

METIER = "Aide-soignant·e"


def test_a_coach_opens_a_record_and_follows_the_pathway_to_a_job(live_app, page_factory, viewport):
    from portal.accompaniment.models import StepKind
    from portal.accompaniment.services.pathway import add_step
    from portal.clock import today_in_paris
    from portal.extensions import db
    from tests.conftest import Factory
    from tests.web.test_accompaniment_records import new_record

    with live_app.app_context():
        make = Factory()
        coach = make.coach(zone="alencon", first_name="Karim", last_name="Benali")
        make.structure(name="EHPAD Les Glycines")
        # Someone already followed, with a step overdue: the caseload has something to show.
        other = new_record(coach, "Hélène", "Lefèvre-Dumontier")
        add_step(other, StepKind.CONTACT, today_in_paris() - timedelta(days=3), coach, note="Rappeler")
        db.session.commit()
        email = coach.email
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    size = viewport["width"]
    today = today_in_paris()

    page = page_factory(bypass_csp=True, viewport=viewport)
    log_in(page, base, email)
    page.goto(base + "/accompagnement/")
    page.get_by_role("heading", name="Accompagnements", level=1).wait_for()
    page.get_by_role("link", name="Ouvrir un accompagnement").click()
    page.get_by_role("heading", name="Ouvrir un accompagnement").wait_for()
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label("Nom", exact=True).fill("Lemaître")
    page.get_by_label("Téléphone").fill("06 11 22 33 44")
    page.get_by_label("Commune").fill("Alençon (61000)")
    page.get_by_label("Comment la personne est venue").select_option(label="Forum ou événement")
    page.get_by_label("Bénéficiaire du RSA").check()
    page.get_by_label("Mobilité, transport").check()
    looks_right(page, "accompagnement-ouvrir", size)
    page.get_by_role("button", name="Ouvrir l'accompagnement").click()
    page.get_by_role("heading", name="Nadia Lemaître", level=1).wait_for()

    page.get_by_role("link", name="Premier entretien").click()
    page.get_by_label("Date").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("Note courte").fill("Au CCAS d'Alençon, apporter le CV")
    page.get_by_role("button", name="Ajouter l'étape").click()
    page.get_by_text("Étape ajoutée : premier entretien.").wait_for()
    assert "Au CCAS d'Alençon" in page.locator("#prochaine").locator("xpath=..").inner_text()

    page.get_by_role("link", name="Emploi", exact=True).click()
    page.get_by_label("Structure adhérente").select_option(label="EHPAD Les Glycines")
    page.get_by_label("Métier").select_option(label=METIER)
    page.get_by_label("Type de contrat").select_option(label="CDI")
    page.get_by_label("Heures par semaine").fill("28")
    page.get_by_label("Date de prise de poste").fill(today.isoformat())
    page.get_by_label("Faite").check()
    looks_right(page, "accompagnement-etape-emploi", size)
    page.get_by_role("button", name="Ajouter l'étape").click()
    page.get_by_text("Les suivis à 1, 3 et 6 mois sont planifiés.").wait_for()
    timeline = page.locator("ol.timeline").inner_text()
    for months in (1, 3, 6):
        assert f"Suivi après l'embauche à {months} mois" in timeline
    assert "EHPAD Les Glycines" in timeline
    looks_right(page, "accompagnement-dossier", size)

    page.get_by_role("link", name="Accompagnement", exact=True).click() if size > 700 else page.goto(
        base + "/accompagnement/"
    )
    page.get_by_role("heading", name="Accompagnements", level=1).wait_for()
    rows = page.locator("li.record-row")
    assert rows.count() == 2
    assert "Hélène Lefèvre-Dumontier" in rows.nth(0).inner_text() and "En retard" in rows.nth(0).inner_text()
    assert "Nadia Lemaître" in rows.nth(1).inner_text() and "Premier entretien" in rows.nth(1).inner_text()
    looks_right(page, "accompagnement-liste", size)

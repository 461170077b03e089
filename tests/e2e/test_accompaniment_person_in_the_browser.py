"""A coach proposes a person met at a forum to a member structure and mails her the link to her space; the
structure answers "entretien" from its dashboard; the person creates her account from the link and finds her
pathway, without the staff's notes."""

import re

from tests.conftest import links_in, text_part
from tests.e2e.conftest import join_from_coach_link, log_in, looks_right, wait_for_mail


def test_a_structure_answers_and_the_person_finds_her_pathway(live_app, page_factory, viewport):
    from datetime import date, timedelta

    from portal.accompaniment.models import StepKind, StepStatus
    from portal.accompaniment.services.pathway import add_note, add_step
    from portal.extensions import db
    from tests.conftest import Factory
    from tests.helpers import accompanied

    with live_app.app_context():
        make = Factory()
        coach = make.coach(zone="alencon", first_name="Karim", last_name="Benali")
        recruiter = make.member(first_name="Anne", last_name="Roux")
        structure_name, structure_id = recruiter.structure.name, recruiter.structure.id
        record = accompanied(make, coach=coach, email="lea.forum@exemple.fr")
        add_step(record, StepKind.FIRST_INTERVIEW, date.today(), coach, status=StepStatus.DONE, note="Premier échange")
        add_step(record, StepKind.EVENT, date.today() + timedelta(days=10), coach, note="Portes ouvertes à Alençon")
        add_note(record, coach, "Santé fragile : pas de nuits")
        db.session.commit()
        record_id, coach_email, recruiter_email = record.id, coach.email, recruiter.email
        db.session.remove()
    base, capture = live_app.config["LIVE_URL"], live_app.config["CAPTURE"]
    size = viewport["width"]

    # The coach proposes Léa to the structure, with her agreement, and mails her the link to her space.
    coach_page = page_factory(bypass_csp=True, viewport=viewport)
    log_in(coach_page, base, coach_email)
    coach_page.goto(f"{base}/accompagnement/{record_id}/partager")
    coach_page.get_by_label("Structure adhérente").select_option(value=str(structure_id))
    coach_page.get_by_label("Un emploi").check()
    coach_page.get_by_label("Message à la structure").fill("Très motivée, disponible tout de suite.")
    coach_page.get_by_label("La personne est d'accord").check()
    coach_page.get_by_label("Comment a-t-elle donné son accord ?").fill("à l'oral, en entretien")
    looks_right(coach_page, "accompagnement-partager", size)
    coach_page.get_by_role("button", name="Proposer la personne").click()
    coach_page.get_by_text("Ses recruteurs sont prévenus").wait_for()
    coach_page.get_by_role("button", name="Envoyer le lien de création de compte").click()
    coach_page.get_by_text("Le lien est envoyé").wait_for()

    # The structure answers "entretien" from its dashboard.
    wait_for_mail(capture, recruiter_email, subject="Un coach autonomie vous propose")
    member = page_factory(bypass_csp=True, viewport=viewport)
    log_in(member, base, recruiter_email)
    section = member.locator("#personnes-proposees")
    section.get_by_text("1 à répondre").wait_for()
    looks_right(member, "accompagnement-tableau-de-bord-structure", size)
    section.get_by_label("Entretien proposé").check()
    section.get_by_label("Message au coach (facultatif)").fill("Venez jeudi à 14 h")
    section.get_by_role("button", name=re.compile("^Envoyer la réponse")).click()
    member.get_by_text("Votre réponse « Entretien proposé » est envoyée").wait_for()
    assert "Aucune personne n'attend votre réponse" in member.locator("#personnes-proposees").inner_text()
    member.goto(base + "/accompagnement/partages/")
    looks_right(member, "accompagnement-partages", size)
    member.get_by_role("link", name="Léa Martin").click()
    member.get_by_role("heading", name="Léa Martin", level=1).wait_for()
    shown = member.locator("main").inner_text()
    assert "06 12 34 56 78" in shown and "RQTH" not in shown and "Santé fragile" not in shown
    looks_right(member, "accompagnement-personne-proposee", size)
    wait_for_mail(capture, coach_email, subject=f"{structure_name} a répondu")

    # Léa follows the coach's link, creates her account, confirms her address, and ties the record to it.
    mail = wait_for_mail(capture, "lea.forum@exemple.fr", subject="Votre accompagnement")
    link = next(url for url in links_in(text_part(mail)) if "/accompagnement/rejoindre/" in url)
    person = page_factory(bypass_csp=True, viewport=viewport)
    person.goto(link)
    person.get_by_role("heading", name="Retrouver mon accompagnement").wait_for()
    assert person.get_by_label("Adresse électronique").input_value() == "lea.forum@exemple.fr"
    looks_right(person, "accompagnement-lien-du-coach", size)
    join_from_coach_link(person, capture, "lea.forum@exemple.fr")

    person.get_by_role("heading", name="Mon accompagnement", level=1).wait_for()
    mine = person.locator("main").inner_text()
    assert "Karim Benali" in mine and "Premier échange" in mine and "Portes ouvertes à Alençon" in mine
    assert "Entretien avec un employeur" in mine and structure_name in mine and "Anne Roux" in mine
    assert "Santé fragile" not in mine and "RQTH" not in mine
    looks_right(person, "accompagnement-mon-accompagnement", size)
    person.get_by_role("link", name=re.compile("^Retirer mon accord")).click()
    person.get_by_role("button", name="Oui, retirer mon accord").wait_for()
    looks_right(person, "accompagnement-retirer", size)
    person.go_back()
    person.get_by_role("link", name="Mettre fin à mon accompagnement").click()
    person.get_by_role("button", name="Oui, mettre fin à mon accompagnement").wait_for()
    looks_right(person, "accompagnement-terminer", size)
    person.goto(base + "/compte/")
    person.get_by_role("heading", name="Mon accompagnement").wait_for()
    looks_right(person, "accompagnement-tableau-de-bord-personne", size)
